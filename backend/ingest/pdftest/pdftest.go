// Package pdftest writes small PDFs for tests: text in a standard Latin
// font, Chinese in a standard CJK font that is not embedded (as in many
// real Chinese PDFs), and image-only pages like a scan.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Page is one page of a generated PDF: lines of Latin text in
// Helvetica, lines of Chinese in STSong-Light (a standard CJK font that is
// deliberately not embedded, as in many real Chinese PDFs), or an image.
type Page struct {
	Latin, Chinese []string
	Image          bool
	// Inflated pads the page's content stream with spaces to this many
	// bytes and compresses it, as a PDF whose one small stream inflates
	// to gigabytes does.
	Inflated int64
}

// Hostile shapes a generated PDF as files built to amplify do.
type Hostile struct {
	// RepeatFirstPage lists the first page this many times in the page
	// tree, as one page shown 200,000 times.
	RepeatFirstPage int
}

// Write writes a small, valid PDF by hand to path, so the tests need no
// tool, and returns path.
func Write(t testing.TB, path string, pages []Page) string {
	t.Helper()
	return WriteHostile(t, path, pages, Hostile{})
}

// WriteHostile writes a PDF as Write does, shaped as hostile says.
func WriteHostile(t testing.TB, path string, pages []Page, hostile Hostile) string {
	t.Helper()
	data, err := Encode(pages, hostile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Encode is the PDF that WriteHostile writes, for a tool that makes
// fixtures outside a test. The same pages always give the same bytes.
func Encode(pages []Page, hostile Hostile) ([]byte, error) {
	var objects []string
	add := func(body string) int {
		objects = append(objects, body)
		return len(objects)
	}
	add("") // 1: catalog, filled in below
	add("") // 2: page tree
	helvetica := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	descriptor := add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
	cidFont := add(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R >>", descriptor))
	song := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] >>", cidFont))
	image := add("<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 64 >>\nstream\n" + strings.Repeat("\x80", 64) + "\nendstream")
	var kids []string
	for _, p := range pages {
		var content strings.Builder
		if len(p.Latin) > 0 {
			content.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
			for _, line := range p.Latin {
				fmt.Fprintf(&content, "(%s) Tj T*\n", line)
			}
			content.WriteString("ET\n")
		}
		if len(p.Chinese) > 0 {
			content.WriteString("BT /F2 12 Tf 72 600 Td 16 TL\n")
			for _, line := range p.Chinese {
				content.WriteString("<")
				for _, r := range line {
					fmt.Fprintf(&content, "%04X", r)
				}
				content.WriteString("> Tj T*\n")
			}
			content.WriteString("ET\n")
		}
		if p.Image {
			content.WriteString("q 200 0 0 200 72 300 cm /Im1 Do Q\n")
		}
		body, err := contentStream(content.String(), p.Inflated)
		if err != nil {
			return nil, err
		}
		stream := add(body)
		page := add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>",
			helvetica, song, image, stream))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	for range hostile.RepeatFirstPage {
		kids = append(kids, kids[0])
	}
	objects[0] = "<< /Type /Catalog /Pages 2 0 R >>"
	objects[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, body := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes(), nil
}

// contentStream is a page's content stream object; padded to inflated
// bytes with spaces (which PDFium must read through) and compressed when
// inflated is set.
func contentStream(content string, inflated int64) (string, error) {
	if inflated == 0 {
		return fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content), nil
	}
	var packed bytes.Buffer
	z, _ := zlib.NewWriterLevel(&packed, zlib.BestSpeed)
	z.Write([]byte(content))
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	for left := inflated - int64(len(content)); left > 0; left -= int64(len(spaces)) {
		if _, err := z.Write(spaces[:min(left, int64(len(spaces)))]); err != nil {
			return "", fmt.Errorf("compress a content stream: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return "", fmt.Errorf("compress a content stream: %w", err)
	}
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", packed.Len(), packed.String()), nil
}
