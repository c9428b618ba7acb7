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
	seen := map[string]bool{}
	for i, rid := range order {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		if seen[rid] { // a slide listed twice is read once
			continue
		}
		seen[rid] = true
		slide := path.Join("ppt", targets[rid])
		w := &slideWriter{emit: emit, page: i + 1, offset: &offset}
		if err := drawingText(deck, slide, w); err != nil {
			return info, fmt.Errorf("slide %d: %w", i+1, err)
		}
		for _, target := range relationships(deck, path.Join(path.Dir(slide), "_rels", path.Base(slide)+".rels")) {
			if strings.Contains(target, "notesSlide") {
				w.text.WriteByte('\n')
				if err := drawingText(deck, path.Join(path.Dir(slide), target), w); err != nil && w.err != nil {
					return info, w.err
				}
			}
		}
		w.text.WriteString("\n\n")
		if err := w.flush(); err != nil {
			return info, err
		}
	}
	return info, nil
}

// slideWriter gathers one slide's text and notes into sections numbered
// by the slide; a slide with more text than a section holds goes out in
// several, so none is ever held whole.
type slideWriter struct {
	emit   Emit
	page   int
	offset *int
	text   strings.Builder
	err    error // from emit; it stops the deck
}

func (w *slideWriter) flush() error {
	text := w.text.String()
	w.text.Reset()
	if strings.TrimSpace(text) == "" {
		return nil
	}
	text = strings.TrimLeft(text, "\n")
	w.err = w.emit(chunk.Section{Text: text, Page: w.page, Offset: *w.offset})
	*w.offset += utf8.RuneCountInString(text)
	return w.err
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

// drawingText adds the text of DrawingML paragraphs (<a:p>, <a:t>) to w,
// one line per paragraph; slides and notes use it alike.
func drawingText(doc *zipDoc, name string, w *slideWriter) error {
	inText := false
	return doc.xmlTokens(name, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			inText = t.Name.Local == "t"
		case xml.EndElement:
			if t.Name.Local == "p" {
				w.text.WriteByte('\n')
				if w.text.Len() > sectionRunes*3 {
					return w.flush()
				}
			}
			inText = false
		case xml.CharData:
			if inText {
				w.text.Write(t)
			}
		}
		return nil
	})
}
