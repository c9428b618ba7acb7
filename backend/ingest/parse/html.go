package parse

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/textenc"
)

// maxHTMLBytes bounds a web page held in memory to parse; real pages are
// far smaller, and a larger file is better read as text.
const maxHTMLBytes = 64 << 20

// HTML reads a saved web page: its main text (the <main> or <article>
// element when there is one), skipping scripts, styles, navigation and
// footers, with headings starting sections. The charset is the page's
// own <meta> declaration when valid, else detected.
func HTML(ctx context.Context, path string, emit Emit) (Info, error) {
	info := Info{Format: "html"}
	data, err := readBounded(path, maxHTMLBytes)
	if err != nil {
		return info, err
	}
	text, enc := decodeHTML(data)
	info.Encoding = enc
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return info, fmt.Errorf("parse HTML: %w", err)
	}
	w := &htmlWriter{emit: emit}
	w.walk(ctx, mainContent(doc))
	w.flush()
	return info, w.err
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)`)

// decodeHTML decodes a page by its declared charset, else by detection.
func decodeHTML(data []byte) (string, string) {
	head := data[:min(len(data), 4096)]
	if m := metaCharset.FindSubmatch(head); m != nil {
		if enc, err := htmlindex.Get(string(m[1])); err == nil {
			if out, err := enc.NewDecoder().Bytes(data); err == nil {
				name, _ := htmlindex.Name(enc)
				return string(out), name
			}
		}
	}
	text, d := textenc.Decode(data)
	return text, d.Encoding
}

// readBounded reads a regular file of at most limit bytes; a named pipe,
// a device or a link to one is refused without blocking on it.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := core.OpenRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the file is over %d MiB", limit>>20)
	}
	return data, nil
}

// mainContent returns the page's <main> or <article>, else the document.
func mainContent(doc *html.Node) *html.Node {
	for _, a := range []atom.Atom{atom.Main, atom.Article} {
		if n := find(doc, a); n != nil {
			return n
		}
	}
	return doc
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := find(c, a); found != nil {
			return found
		}
	}
	return nil
}

// skipped elements hold no reading text.
var skipped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Head: true,
	atom.Iframe: true, atom.Object: true, atom.Button: true, atom.Select: true}

// blocks end a line of text.
var blocks = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Li: true, atom.Tr: true, atom.Br: true,
	atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Ul: true, atom.Ol: true, atom.Dd: true, atom.Dt: true, atom.Figcaption: true, atom.Hr: true}

var headingAtoms = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// htmlWriter turns a parsed page into sections.
type htmlWriter struct {
	emit   Emit
	err    error // the first error from emit or cancellation; it stops the walk
	buf    strings.Builder
	trail  []string
	offset int
	page   int
	pre    int
}

func (w *htmlWriter) walk(ctx context.Context, n *html.Node) {
	// Walk iteratively: a page nested thousands deep must not exhaust the stack.
	type frame struct {
		n       *html.Node
		leaving bool
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 && w.err == nil {
		if len(stack)%4096 == 0 {
			w.err = ctx.Err()
		}
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.leaving {
			w.leave(f.n)
			continue
		}
		switch f.n.Type {
		case html.TextNode:
			w.text(f.n.Data)
			continue
		case html.ElementNode:
			if skipped[f.n.DataAtom] {
				continue
			}
			if level, ok := headingAtoms[f.n.DataAtom]; ok {
				w.heading(level, nodeText(f.n))
			}
			if f.n.DataAtom == atom.Pre {
				w.pre++
			}
			if f.n.DataAtom == atom.Td || f.n.DataAtom == atom.Th {
				w.buf.WriteByte('\t')
			}
		}
		stack = append(stack, frame{n: f.n, leaving: true})
		var children []*html.Node
		for c := f.n.FirstChild; c != nil; c = c.NextSibling {
			children = append(children, c)
		}
		for i := len(children) - 1; i >= 0; i-- {
			stack = append(stack, frame{n: children[i]})
		}
	}
}

func (w *htmlWriter) leave(n *html.Node) {
	if n.Type != html.ElementNode {
		return
	}
	if n.DataAtom == atom.Pre {
		w.pre--
	}
	if _, ok := headingAtoms[n.DataAtom]; ok || blocks[n.DataAtom] {
		w.newline()
	}
}

func (w *htmlWriter) text(s string) {
	if w.pre == 0 {
		s = collapseSpace(s)
		if s == "" {
			return
		}
		if b := w.buf.String(); len(b) > 0 && !strings.HasSuffix(b, "\n") && !strings.HasSuffix(b, "\t") {
			last, _ := utf8.DecodeLastRuneInString(b)
			first, _ := utf8.DecodeRuneInString(s)
			if !isCJKRune(last) || !isCJKRune(first) {
				w.buf.WriteByte(' ')
			}
		}
	}
	w.buf.WriteString(s)
}

func (w *htmlWriter) newline() {
	if b := w.buf.String(); len(b) > 0 && !strings.HasSuffix(b, "\n") {
		w.buf.WriteByte('\n')
	}
	if w.buf.Len() > sectionRunes*3 { // a long stretch without headings goes in several sections
		w.flush()
	}
}

// heading closes the section before it and makes it the path's last step.
func (w *htmlWriter) heading(level int, title string) {
	w.flush()
	for len(w.trail) < level-1 {
		w.trail = append(w.trail, "")
	}
	w.trail = append(w.trail[:level-1], title)
}

func (w *htmlWriter) flush() {
	text := w.buf.String()
	w.buf.Reset()
	if strings.TrimSpace(text) == "" || w.err != nil {
		return
	}
	sec := chunk.Section{Text: text, Page: w.page, Headings: compact(w.trail), Offset: w.offset}
	w.offset += utf8.RuneCountInString(text)
	w.err = w.emit(sec)
}

// nodeText is the collapsed text of a node, for heading titles.
func nodeText(n *html.Node) string {
	var b bytes.Buffer
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	collect(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// collapseSpace folds runs of white space to one space, and drops them
// between two CJK characters: a line break in the middle of a Chinese
// sentence in the page's source is not a space in the text.
func collapseSpace(s string) string {
	fields := strings.Fields(s)
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			last, _ := utf8.DecodeLastRuneInString(fields[i-1])
			first, _ := utf8.DecodeRuneInString(f)
			if !isCJKRune(last) || !isCJKRune(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return b.String()
}
