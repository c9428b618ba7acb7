package parse

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// zipFile writes a zip container of name → content and returns its path.
func zipFile(t *testing.T, name string, entries map[string]string) string {
	t.Helper()
	return writeFile(t, name, zipBytes(t, entries))
}

// zipBytes builds a zip container of name → content.
func zipBytes(t testing.TB, entries map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for n, content := range entries {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func para(style, text string) string {
	p := "<w:p>"
	if style != "" {
		p += `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return p + "<w:r><w:t>" + text + "</w:t></w:r></w:p>"
}

func TestDOCX(t *testing.T) {
	body := para("Heading1", "年度报告") + para("", "第一段正文。") +
		para("1", "财务") + // a localised style id, named "heading 2" in styles.xml
		para("", "收入增长。") +
		`<w:tbl><w:tr><w:tc>` + para("", "项目") + `</w:tc><w:tc>` + para("", "金额") + `</w:tc></w:tr></w:tbl>`
	path := zipFile(t, "报告.docx", map[string]string{
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
		"word/styles.xml":   `<w:styles ` + wordNS + `><w:style w:styleId="1"><w:name w:val="heading 2"/></w:style></w:styles>`,
	})
	sections, info := collect(t, DOCX, path)
	text := joined(t, sections)
	if info.Format != "docx" || !strings.Contains(text, "第一段正文。") || !strings.Contains(text, "项目\t金额\n") {
		t.Fatalf("info %+v, text %q", info, text)
	}
	last := sections[len(sections)-1]
	if strings.Join(last.Headings, " › ") != "年度报告 › 财务" || !strings.Contains(last.Text, "收入增长。") {
		t.Fatalf("last section %+v", last)
	}
}

func TestHostileDocx(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;">]>` +
		`<w:document ` + wordNS + `><w:body>` + para("", "&lol9;") + `</w:body></w:document>`
	tests := []struct {
		name    string
		entries map[string]string
		want    func(error) bool
	}{
		{"zip bomb", map[string]string{"word/document.xml": strings.Repeat("\x00", 8<<20)}, core.ErrArchiveBomb.Is},
		{"billion laughs", map[string]string{"word/document.xml": laughs}, func(err error) bool { return err == nil }},
		{"deep nesting", map[string]string{"word/document.xml": strings.Repeat("<w:p>", 200000) + strings.Repeat("</w:p>", 200000)}, func(err error) bool { return true }},
		{"no document", map[string]string{"other.xml": "<x/>"}, func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := zipFile(t, "x.docx", tt.entries)
			start := time.Now()
			var expanded int
			_, err := DOCX(context.Background(), path, func(s chunk.Section) error { expanded += len(s.Text); return nil })
			if !tt.want(err) {
				t.Fatalf("DOCX(%s) = %v", tt.name, err)
			}
			if expanded > 1<<20 || time.Since(start) > 10*time.Second {
				t.Fatalf("DOCX(%s) expanded %d bytes in %s", tt.name, expanded, time.Since(start))
			}
		})
	}
	if _, err := DOCX(context.Background(), writeFile(t, "fake.docx", []byte("not a zip")), func(chunk.Section) error { return nil }); err == nil {
		t.Fatal("a text file named .docx parsed")
	}
}

func TestHeadingLevel(t *testing.T) {
	tests := map[string]int{"heading 1": 1, "Heading2": 2, "标题 3": 3, "Title": 1, "Normal": 0, "heading 10": 0, "": 0}
	for style, want := range tests {
		if got := headingLevel(style); got != want {
			t.Errorf("headingLevel(%q) = %d, want %d", style, got, want)
		}
	}
}
