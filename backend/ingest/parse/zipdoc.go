package parse

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Bounds on what a zip-based document (DOCX, PPTX, EPUB…) may expand to.
// Real documents stay far below them; a zip bomb does not.
const (
	maxZipEntries    = 20000
	maxEntryBytes    = 256 << 20
	maxExpandedBytes = 1 << 30
	maxRatio         = 200 // expanded bytes per compressed byte, per entry
)

// zipDoc is an opened zip container whose entries are read within bounds.
type zipDoc struct {
	r        *zip.ReadCloser
	files    map[string]*zip.File
	expanded int64
}

func openZipDoc(p string) (*zipDoc, error) {
	r, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("open as a zip container: %w", err)
	}
	if len(r.File) > maxZipEntries {
		r.Close()
		return nil, core.ErrArchiveBomb.New(nil, "reason", fmt.Sprintf("%d entries", len(r.File)))
	}
	d := &zipDoc{r: r, files: map[string]*zip.File{}}
	for _, f := range r.File {
		d.files[path.Clean(f.Name)] = f
	}
	return d, nil
}

func (d *zipDoc) Close() error { return d.r.Close() }

// open returns an entry's content reader, bounded in size and ratio; it
// counts what it expands against the document's total.
func (d *zipDoc) open(name string) (io.ReadCloser, error) {
	f, ok := d.files[path.Clean(name)]
	if !ok {
		return nil, fmt.Errorf("the document has no %s", name)
	}
	if err := checkEntry(f); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	// The header's sizes can lie: the limit holds whatever the data says.
	return &limitedEntry{rc: rc, d: d, left: min(maxEntryBytes, maxExpandedBytes-d.expanded)}, nil
}

// checkEntry refuses an entry whose header declares a bomb's size or
// compression ratio.
func checkEntry(f *zip.File) error {
	size := int64(f.UncompressedSize64)
	switch {
	case size > maxEntryBytes:
		return core.ErrArchiveBomb.New(nil, "reason", fmt.Sprintf("%s expands to %d bytes", f.Name, size))
	case f.CompressedSize64 > 0 && size/int64(f.CompressedSize64) > maxRatio && size > 1<<20:
		return core.ErrArchiveBomb.New(nil, "reason", fmt.Sprintf("%s is compressed %d to 1", f.Name, size/int64(f.CompressedSize64)))
	}
	return nil
}

// checkZipContainer applies the bounds to every entry of a container that
// another library will open, before it expands anything.
func checkZipContainer(p string) error {
	d, err := openZipDoc(p)
	if err != nil {
		return err
	}
	defer d.Close()
	var total int64
	for _, f := range d.r.File {
		if err := checkEntry(f); err != nil {
			return err
		}
		if total += int64(f.UncompressedSize64); total > maxExpandedBytes {
			return core.ErrArchiveBomb.New(nil, "reason", fmt.Sprintf("its entries expand to over %d bytes", total))
		}
	}
	return nil
}

type limitedEntry struct {
	rc   io.ReadCloser
	d    *zipDoc
	left int64
}

func (l *limitedEntry) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, core.ErrArchiveBomb.New(nil, "reason", "more data than its header declares")
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	l.d.expanded += int64(n)
	return n, err
}

func (l *limitedEntry) Close() error { return l.rc.Close() }

// xmlTokens streams an entry's XML tokens to fn. Go's decoder never expands
// entities from a DTD, so "billion laughs" files are inert, and reading
// tokens does not recurse, so deep nesting cannot exhaust the stack.
func (d *zipDoc) xmlTokens(name string, fn func(xml.Token) error) error {
	rc, err := d.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// attr returns the value of the attribute with the given local name.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// headingLevel reads a heading level from a style name such as
// "heading 2", "Heading2" or "标题 2"; 0 when it is not a heading.
func headingLevel(style string) int {
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	for _, prefix := range []string{"heading", "标题", "title"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			if rest == "" && prefix == "title" {
				return 1
			}
			if len(rest) == 1 && rest[0] >= '1' && rest[0] <= '9' {
				return int(rest[0] - '0')
			}
		}
	}
	return 0
}
