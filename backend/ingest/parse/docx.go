package parse

import (
	"context"
	"encoding/xml"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// DOCX reads a Word document's body in order: paragraphs, tables (cells by
// tabs, rows by lines) and headings, which start sections with their
// heading path, as in Markdown.
func DOCX(ctx context.Context, p string, emit Emit) (Info, error) {
	info := Info{Format: "docx"}
	doc, err := openZipDoc(p)
	if err != nil {
		return info, err
	}
	defer doc.Close()
	styles := docxHeadingStyles(doc)

	var (
		trail  []string
		offset int
		body   strings.Builder
		para   strings.Builder
		level  int
		inText bool
		inCell bool
		cell   []string // paragraphs of the table cell being read
		row    []string // cells of the table row being read
	)
	flush := func() error {
		if body.Len() == 0 {
			return nil
		}
		text := body.String()
		body.Reset()
		sec := chunk.Section{Text: text, Headings: compact(trail), Offset: offset}
		offset += utf8.RuneCountInString(text)
		return emit(sec)
	}
	err = doc.xmlTokens("word/document.xml", func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				para.Reset()
				level = 0
			case "pStyle":
				level = styles[attr(t, "val")]
				if level == 0 {
					level = headingLevel(attr(t, "val"))
				}
			case "t":
				inText = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				para.WriteByte('\n')
			case "tc":
				inCell = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				text := strings.TrimRight(para.String(), " ")
				if level > 0 && strings.TrimSpace(text) != "" {
					if err := flush(); err != nil {
						return err
					}
					for len(trail) < level-1 {
						trail = append(trail, "")
					}
					trail = append(trail[:level-1], strings.TrimSpace(text))
				}
				if inCell {
					cell = append(cell, strings.TrimSpace(text)) // a cell's paragraphs stay on its row
					break
				}
				body.WriteString(text)
				body.WriteString("\n")
				if body.Len() > sectionRunes*3 {
					return flush()
				}
			case "tc":
				inCell = false
				row = append(row, strings.Join(cell, " "))
				cell = cell[:0]
			case "tr":
				body.WriteString(strings.Join(row, "\t"))
				body.WriteByte('\n')
				row = row[:0]
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
			// A paragraph past a section's length goes out in pieces, so
			// one huge paragraph is never held whole.
			if !inCell && level == 0 && para.Len() > sectionRunes*3 {
				body.WriteString(para.String())
				para.Reset()
				return flush()
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return info, err
	}
	return info, flush()
}

// docxHeadingStyles maps style ids to heading levels from styles.xml, since
// a localised Word names its heading styles by number ("1", "2"…) or in
// the UI language.
func docxHeadingStyles(doc *zipDoc) map[string]int {
	levels := map[string]int{}
	var id string
	doc.xmlTokens("word/styles.xml", func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok {
			switch t.Name.Local {
			case "style":
				id = attr(t, "styleId")
			case "name":
				if l := headingLevel(attr(t, "val")); l > 0 && id != "" {
					levels[id] = l
				}
			}
		}
		return nil
	})
	return levels
}
