package parse

import (
	"context"
	"encoding/xml"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// PPTX reads a presentation's slides in the order the presentation gives
// (not the order of their file names), each slide a section numbered by
// its position, with its speaker notes after its text.
func PPTX(ctx context.Context, p string, emit Emit) (Info, error) {
	info := Info{Format: "pptx"}
	deck, err := openZipDoc(p)
	if err != nil {
		return info, err
	}
	defer deck.Close()

	var order []string // relationship ids, in slide order
	if err := deck.xmlTokens("ppt/presentation.xml", func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "sldId" {
			// <p:sldId id="256" r:id="rId2"/>: the relationship id is the
			// one in the relationships namespace, not the numeric id.
			for _, a := range t.Attr {
				if a.Name.Local == "id" && strings.Contains(a.Name.Space, "relationships") {
					order = append(order, a.Value)
				}
			}
		}
		return nil
	}); err != nil {
		return info, err
	}
	targets := relationships(deck, "ppt/_rels/presentation.xml.rels")

	offset := 0
	for i, rid := range order {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		slide := path.Join("ppt", targets[rid])
		text, err := drawingText(deck, slide)
		if err != nil {
			return info, fmt.Errorf("slide %d: %w", i+1, err)
		}
		for _, target := range relationships(deck, path.Join(path.Dir(slide), "_rels", path.Base(slide)+".rels")) {
			if strings.Contains(target, "notesSlide") {
				if notes, err := drawingText(deck, path.Join(path.Dir(slide), target)); err == nil && strings.TrimSpace(notes) != "" {
					text += "\n" + notes
				}
			}
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		text += "\n\n"
		if err := emit(chunk.Section{Text: text, Page: i + 1, Offset: offset}); err != nil {
			return info, err
		}
		offset += utf8.RuneCountInString(text)
	}
	return info, nil
}

// relationships maps relationship ids to targets from a .rels entry.
func relationships(doc *zipDoc, name string) map[string]string {
	rels := map[string]string{}
	doc.xmlTokens(name, func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "Relationship" {
			rels[attr(t, "Id")] = attr(t, "Target")
		}
		return nil
	})
	return rels
}

// drawingText collects the text of DrawingML paragraphs (<a:p>, <a:t>), one
// line per paragraph; slides and notes use it alike.
func drawingText(doc *zipDoc, name string) (string, error) {
	var b strings.Builder
	inText := false
	err := doc.xmlTokens(name, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			inText = t.Name.Local == "t"
		case xml.EndElement:
			if t.Name.Local == "p" {
				b.WriteByte('\n')
			}
			inText = false
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
		return nil
	})
	return strings.TrimSpace(b.String()), err
}
