package parse

import (
	"strings"
	"testing"
)

const drawingNS = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

func slideXML(lines ...string) string {
	var b strings.Builder
	b.WriteString(`<p:sld ` + drawingNS + `><p:cSld><p:spTree><p:sp><p:txBody>`)
	for _, l := range lines {
		b.WriteString(`<a:p><a:r><a:t>` + l + `</a:t></a:r></a:p>`)
	}
	b.WriteString(`</p:txBody></p:sp></p:spTree></p:cSld></p:sld>`)
	return b.String()
}

func TestPPTXSlidesInPresentationOrderWithNotes(t *testing.T) {
	path := zipFile(t, "汇报.pptx", map[string]string{
		// slide2.xml comes first in the presentation: order is not file order.
		"ppt/presentation.xml": `<p:presentation ` + drawingNS + `><p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>`,
		"ppt/_rels/presentation.xml.rels": `<Relationships><Relationship Id="rId2" Target="slides/slide1.xml"/>` +
			`<Relationship Id="rId3" Target="slides/slide2.xml"/></Relationships>`,
		"ppt/slides/slide1.xml":            slideXML("第二页标题", "要点二"),
		"ppt/slides/slide2.xml":            slideXML("第一页标题", "要点一"),
		"ppt/slides/_rels/slide2.xml.rels": `<Relationships><Relationship Id="rId9" Target="../notesSlides/notesSlide1.xml"/></Relationships>`,
		"ppt/notesSlides/notesSlide1.xml":  slideXML("讲者备注：先讲背景。"),
	})
	sections, info := collect(t, PPTX, path)
	if info.Format != "pptx" || len(sections) != 2 {
		t.Fatalf("info %+v, %d sections", info, len(sections))
	}
	if sections[0].Page != 1 || !strings.Contains(sections[0].Text, "第一页标题\n要点一") || !strings.Contains(sections[0].Text, "讲者备注：先讲背景。") {
		t.Errorf("slide 1 = %+v", sections[0])
	}
	if sections[1].Page != 2 || !strings.Contains(sections[1].Text, "第二页标题") {
		t.Errorf("slide 2 = %+v", sections[1])
	}
	joined(t, sections)
}

func TestNotebookCells(t *testing.T) {
	nb := `{"cells":[{"cell_type":"markdown","source":["# 分析\n","数据说明。"]},` +
		`{"cell_type":"code","source":"print('hi')","outputs":[{"data":{"image/png":"AAAA"}}]}]}`
	sections, _ := collect(t, Notebook, writeFile(t, "a.ipynb", []byte(nb)))
	text := joined(t, sections)
	if !strings.Contains(text, "# 分析\n数据说明。") || !strings.Contains(text, "print('hi')") || strings.Contains(text, "AAAA") {
		t.Fatalf("text %q", text)
	}
}
