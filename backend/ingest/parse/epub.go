package parse

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"golang.org/x/net/html"

	"github.com/zhiku-app/zhiku/backend/core"
)

// maxChapterBytes bounds one chapter's markup, parsed whole into a tree
// many times its size; real chapters are well under a megabyte.
const maxChapterBytes = 16 << 20

// EPUB reads an e-book's chapters in reading order (the package's spine),
// each chapter's text as a web page's, with the chapter number as its page.
func EPUB(ctx context.Context, p string, emit Emit) (Info, error) {
	info := Info{Format: "epub"}
	book, err := openZipDoc(p)
	if err != nil {
		return info, err
	}
	defer book.Close()

	var opf string
	book.xmlTokens("META-INF/container.xml", func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "rootfile" && opf == "" {
			opf = attr(t, "full-path")
		}
		return nil
	})
	if opf == "" {
		opf = "content.opf"
	}
	hrefs := map[string]string{}
	var spine []string
	err = book.xmlTokens(opf, func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok {
			switch t.Name.Local {
			case "item":
				hrefs[attr(t, "id")] = attr(t, "href")
			case "itemref":
				spine = append(spine, attr(t, "idref"))
			}
		}
		return nil
	})
	if err != nil {
		return info, err
	}

	w := &htmlWriter{emit: emit}
	read := map[string]bool{}
	for i, id := range spine {
		href, ok := hrefs[id]
		if !ok || read[href] { // a chapter the spine lists twice is read once
			continue
		}
		read[href] = true
		rc, err := book.open(path.Join(path.Dir(opf), href))
		if err != nil {
			return info, err
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxChapterBytes+1))
		rc.Close()
		if err != nil {
			return info, err
		}
		if len(data) > maxChapterBytes {
			return info, core.ErrArchiveBomb.New(nil, "reason", fmt.Sprintf("%s > %d MiB", href, maxChapterBytes>>20))
		}
		text, _ := decodeHTML(data)
		doc, err := html.Parse(strings.NewReader(text))
		if err != nil {
			continue // one broken chapter never loses the book
		}
		w.flush()
		w.page, w.trail = i+1, nil
		w.walk(ctx, doc)
		if w.err != nil {
			return info, w.err
		}
	}
	w.flush()
	return info, w.err
}
