package parse

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
)

// fuzzFormat fuzzes the parser of files named *ext: whatever the bytes,
// it returns (a document or an error) within its time limit, never
// panics, and gives sections of valid text with sound offsets. Inputs that
// once broke a parser stay in testdata/fuzz as regression cases.
func fuzzFormat(f *testing.F, ext string, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "input"+ext)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		parser, ok := For(path)
		if !ok {
			t.Fatalf("no parser for %s", ext)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		end := 0
		parser(ctx, path, func(s chunk.Section) error {
			if !utf8.ValidString(s.Text) {
				t.Fatalf("section text is not valid UTF-8: %q", s.Text)
			}
			if s.Offset < end || s.Page < 0 {
				t.Fatalf("section at %d (page %d) after one ending at %d", s.Offset, s.Page, end)
			}
			end = s.Offset + utf8.RuneCountInString(s.Text)
			return nil
		})
		if ctx.Err() != nil {
			t.Fatalf("parsing took over 20 s")
		}
	})
}

func FuzzPlainText(f *testing.F) {
	fuzzFormat(f, ".txt", []byte("知库。\r\nplain text\n\n第二段"), []byte{0xff, 0xfe, 'a', 0}, []byte("\xd6\xaa\xbf\xe2"))
}

func FuzzMarkdown(f *testing.F) {
	fuzzFormat(f, ".md", []byte("# 标题\n\n正文。\n\n## 小节\n\n```go\ncode\n```\n"), []byte("#\n##\n###### x"))
}

func FuzzHTML(f *testing.F) {
	fuzzFormat(f, ".html", []byte(`<html><head><meta charset="gbk"><title>t</title></head><body><h1>标题</h1><p>段落</p><script>x</script></body></html>`),
		[]byte("<div><div><p>unclosed"))
}

func FuzzNotebook(f *testing.F) {
	fuzzFormat(f, ".ipynb", []byte(`{"cells":[{"cell_type":"markdown","source":["# 分析\n","数据。"]},{"cell_type":"code","source":"print(1)"}]}`))
}

func FuzzDOCX(f *testing.F) {
	fuzzFormat(f, ".docx", zipBytes(f, map[string]string{
		"word/document.xml": `<w:document ` + wordNS + `><w:body>` + para("Heading1", "标题") + para("", "正文。") + `</w:body></w:document>`,
		"word/styles.xml":   `<w:styles ` + wordNS + `><w:style w:styleId="1"><w:name w:val="heading 2"/></w:style></w:styles>`,
	}))
}

func FuzzPPTX(f *testing.F) {
	fuzzFormat(f, ".pptx", zipBytes(f, map[string]string{
		"ppt/presentation.xml":            `<p:presentation ` + drawingNS + `><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`,
		"ppt/_rels/presentation.xml.rels": `<Relationships><Relationship Id="rId2" Target="slides/slide1.xml"/></Relationships>`,
		"ppt/slides/slide1.xml":           slideXML("标题", "要点"),
	}))
}

func FuzzXLSX(f *testing.F) {
	book := excelize.NewFile()
	book.SetSheetRow("Sheet1", "A1", &[]any{"项目", 12.5})
	buf, err := book.WriteToBuffer()
	if err != nil {
		f.Fatal(err)
	}
	fuzzFormat(f, ".xlsx", buf.Bytes())
}

func FuzzOpenDocument(f *testing.F) {
	fuzzFormat(f, ".odt", zipBytes(f, map[string]string{"content.xml": `<office:document-content ` + odfNS + `><office:body><office:text>` +
		`<text:h text:outline-level="1">总结</text:h><text:p>第一段。</text:p></office:text></office:body></office:document-content>`}))
}

func FuzzEPUB(f *testing.F) {
	fuzzFormat(f, ".epub", zipBytes(f, map[string]string{
		"META-INF/container.xml": `<container><rootfiles><rootfile full-path="b.opf"/></rootfiles></container>`,
		"b.opf":                  `<package><manifest><item id="c1" href="one.xhtml"/></manifest><spine><itemref idref="c1"/></spine></package>`,
		"one.xhtml":              `<html><body><h1>第一章</h1><p>开头。</p></body></html>`,
	}))
}

func FuzzPDF(f *testing.F) {
	// Each fuzzing worker loads PDFium once; its compiled code is cached
	// across runs, or every run would spend its time compiling.
	ConfigurePDF(PDFCodeCache{Dir: filepath.Join(os.TempDir(), "zhiku-fuzz-pdfium-cache"), Key: []byte("a fixed key for the fuzzing runs")})
	path := pdftest.Write(f, filepath.Join(f.TempDir(), "seed.pdf"), []pdftest.Page{{Latin: []string{"Zhiku"}, Chinese: []string{"知库"}}})
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	fuzzFormat(f, ".pdf", seed)
}
