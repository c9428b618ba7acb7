package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
)

// savedAt is every zip entry's time, so the same sources give the same
// bytes.
var savedAt = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

type entry struct{ name, content string }

// zipOf packs entries in the order given.
func zipOf(entries []entry) ([]byte, error) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		f, err := w.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: savedAt})
		if err != nil {
			return nil, err
		}
		if _, err := f.Write([]byte(e.content)); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// encodePDF prints each part as a page of Chinese lines.
func encodePDF(source string) ([]byte, error) {
	_, bodies := parts(source)
	pages := make([]pdftest.Page, len(bodies))
	for i, body := range bodies {
		for _, line := range body {
			pages[i].Chinese = append(pages[i].Chinese, wrap(line, 36)...)
		}
	}
	return pdftest.Encode(pages, pdftest.Hostile{})
}

// encodePPTX makes each part a slide: its first line the title, the rest
// one paragraph each.
func encodePPTX(source string) ([]byte, error) {
	const ns = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	_, bodies := parts(source)
	var ids, rels, types strings.Builder
	var slides []entry
	for i, body := range bodies {
		n := i + 1
		fmt.Fprintf(&ids, `<p:sldId id="%d" r:id="rId%d"/>`, 255+n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide%d.xml"/>`, n, n)
		fmt.Fprintf(&types, `<Override PartName="/ppt/slides/slide%d.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`, n)
		var s strings.Builder
		s.WriteString(xmlHeader + `<p:sld ` + ns + `><p:cSld><p:spTree>`)
		shape := func(lines []string) {
			s.WriteString(`<p:sp><p:txBody><a:bodyPr/>`)
			for _, l := range lines {
				s.WriteString(`<a:p><a:r><a:t>` + escapeXML(l) + `</a:t></a:r></a:p>`)
			}
			s.WriteString(`</p:txBody></p:sp>`)
		}
		shape(body[:1])
		shape(body[1:])
		s.WriteString(`</p:spTree></p:cSld></p:sld>`)
		slides = append(slides, entry{fmt.Sprintf("ppt/slides/slide%d.xml", n), s.String()})
	}
	return zipOf(append([]entry{
		{"[Content_Types].xml", xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>` + types.String() + `</Types>`},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>`},
		{"ppt/presentation.xml", xmlHeader + `<p:presentation ` + ns + `><p:sldIdLst>` + ids.String() + `</p:sldIdLst></p:presentation>`},
		{"ppt/_rels/presentation.xml.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`},
	}, slides...))
}

// encodeDOCX makes lines starting "# " headings and the others paragraphs.
func encodeDOCX(source string) ([]byte, error) {
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	_, bodies := parts(source)
	var body strings.Builder
	for _, lines := range bodies {
		for _, l := range lines {
			style := ""
			if h, ok := strings.CutPrefix(l, "# "); ok {
				l, style = h, `<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>`
			}
			body.WriteString(`<w:p>` + style + `<w:r><w:t>` + escapeXML(l) + `</w:t></w:r></w:p>`)
		}
	}
	return zipOf([]entry{
		{"[Content_Types].xml", xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"word/document.xml", xmlHeader + `<w:document ` + ns + `><w:body>` + body.String() + `</w:body></w:document>`},
		{"word/styles.xml", xmlHeader + `<w:styles ` + ns + `><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`},
	})
}

// encodeXLSX makes each part a sheet named after its marker, its lines
// rows of tab-separated cells (inline strings, so no shared-string table).
func encodeXLSX(source string) ([]byte, error) {
	names, bodies := parts(source)
	var sheets, rels, types strings.Builder
	var parts []entry
	for i, rows := range bodies {
		n := i + 1
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escapeXML(names[i]), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		var s strings.Builder
		s.WriteString(xmlHeader + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for r, row := range rows {
			fmt.Fprintf(&s, `<row r="%d">`, r+1)
			for c, cell := range strings.Split(row, "\t") {
				if cell != "" {
					fmt.Fprintf(&s, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+c, r+1, escapeXML(cell))
				}
			}
			s.WriteString(`</row>`)
		}
		s.WriteString(`</sheetData></worksheet>`)
		parts = append(parts, entry{fmt.Sprintf("xl/worksheets/sheet%d.xml", n), s.String()})
	}
	return zipOf(append([]entry{
		{"[Content_Types].xml", xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` + types.String() + `</Types>`},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", xmlHeader + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + sheets.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`},
	}, parts...))
}
