package parse

import (
	"context"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// OpenDocument reads ODT, ODS and ODP files from their content.xml: text
// paragraphs with headings (text:h and its outline level) starting
// sections, spreadsheet tables as sections named by sheet (cells by tabs),
// and presentation pages as sections numbered by slide.
func OpenDocument(ctx context.Context, p string, emit Emit) (Info, error) {
	info := Info{Format: "opendocument"}
	doc, err := openZipDoc(p)
	if err != nil {
		return info, err
	}
	defer doc.Close()

	var (
		b      strings.Builder
		trail  []string
		offset int
		page   int
		level  int
		row    []string
		cell   strings.Builder
		inCell bool
	)
	flush := func() error {
		text := b.String()
		b.Reset()
		if strings.TrimSpace(text) == "" {
			return nil
		}
		sec := chunk.Section{Text: text, Page: page, Headings: compact(trail), Offset: offset}
		offset += utf8.RuneCountInString(text)
		return emit(sec)
	}
	var heading strings.Builder
	err = doc.xmlTokens("content.xml", func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "h":
				if err := flush(); err != nil {
					return err
				}
				level, _ = strconv.Atoi(attr(t, "outline-level"))
				level = max(level, 1)
				heading.Reset()
			case "page": // a presentation slide
				if err := flush(); err != nil {
					return err
				}
				page++
			case "table": // a spreadsheet sheet
				if err := flush(); err != nil {
					return err
				}
				page++
				trail = []string{attr(t, "name")}
			case "table-cell":
				inCell = true
				cell.Reset()
			case "tab":
				b.WriteByte('\t')
			case "line-break":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "h":
				for len(trail) < level-1 {
					trail = append(trail, "")
				}
				trail = append(trail[:level-1], strings.TrimSpace(heading.String()))
				level = 0
				b.WriteByte('\n')
			case "p":
				if !inCell {
					b.WriteByte('\n')
					if b.Len() > sectionRunes*3 { // long bodies in several sections
						return flush()
					}
				} else {
					cell.WriteByte(' ')
				}
			case "table-cell":
				inCell = false
				row = append(row, strings.TrimSpace(cell.String()))
			case "table-row":
				if line := strings.TrimRight(strings.Join(row, "\t"), "\t"); line != "" {
					b.WriteString(line)
					b.WriteByte('\n')
				}
				row = row[:0]
				if b.Len() > sectionRunes*3 { // long sheets in several sections
					return flush()
				}
			}
		case xml.CharData:
			switch {
			case inCell:
				cell.Write(t)
			default:
				b.Write(t)
				if level > 0 {
					heading.Write(t)
				}
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return info, err
	}
	return info, flush()
}
