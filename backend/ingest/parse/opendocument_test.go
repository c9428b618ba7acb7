package parse

import (
	"strings"
	"testing"
)

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"`

func TestOpenDocumentText(t *testing.T) {
	path := zipFile(t, "文稿.odt", map[string]string{"content.xml": `<office:document-content ` + odfNS + `><office:body><office:text>` +
		`<text:h text:outline-level="1">总结</text:h><text:p>第一段。</text:p>` +
		`<text:h text:outline-level="2">细节</text:h><text:p>第二段。</text:p></office:text></office:body></office:document-content>`})
	sections, _ := collect(t, OpenDocument, path)
	last := sections[len(sections)-1]
	if strings.Join(last.Headings, " › ") != "总结 › 细节" || !strings.Contains(last.Text, "第二段。") {
		t.Fatalf("sections %+v", sections)
	}
	joined(t, sections)
}

func TestOpenDocumentSpreadsheetAndSlides(t *testing.T) {
	ods := zipFile(t, "表.ods", map[string]string{"content.xml": `<office:document-content ` + odfNS + `><office:body><office:spreadsheet>` +
		`<table:table table:name="预算"><table:table-row><table:table-cell><text:p>项目</text:p></table:table-cell>` +
		`<table:table-cell><text:p>金额</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`})
	sections, _ := collect(t, OpenDocument, ods)
	if len(sections) != 1 || sections[0].Headings[0] != "预算" || !strings.Contains(sections[0].Text, "项目\t金额") {
		t.Fatalf("ods sections %+v", sections)
	}
	odp := zipFile(t, "演示.odp", map[string]string{"content.xml": `<office:document-content ` + odfNS + `><office:body><office:presentation>` +
		`<draw:page><text:p>第一张</text:p></draw:page><draw:page><text:p>第二张</text:p></draw:page></office:presentation></office:body></office:document-content>`})
	sections, _ = collect(t, OpenDocument, odp)
	if len(sections) != 2 || sections[1].Page != 2 || !strings.Contains(sections[1].Text, "第二张") {
		t.Fatalf("odp sections %+v", sections)
	}
}
