package parse

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

func TestHTMLMainTextAndHeadings(t *testing.T) {
	page := `<!doctype html><html><head><meta charset="gbk"><title>页面</title><style>p{color:red}</style></head>
<body><nav>首页 | 关于</nav><main><h1>知库</h1><p>知库把文件
变成知识。</p><script>alert("x")</script><h2>安装</h2><p>Run <code>make run</code>.</p>
<pre>line one
  line two</pre><table><tr><td>名称</td><td>值</td></tr></table></main><footer>版权所有</footer></body></html>`
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(page))
	sections, info := collect(t, HTML, writeFile(t, "page.html", gbk))
	text := joined(t, sections)
	if info.Encoding != "gbk" {
		t.Errorf("encoding %q, want the declared gbk", info.Encoding)
	}
	for _, want := range []string{"知库把文件变成知识。", "Run make run .", "line one\n  line two", "名称\t值"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"alert", "color:red", "首页", "版权所有"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("text has %q from outside the main content", unwanted)
		}
	}
	last := sections[len(sections)-1]
	if strings.Join(last.Headings, " › ") != "知库 › 安装" {
		t.Errorf("last heading path %q", last.Headings)
	}
}

func TestHTMLWithoutACharsetIsDetected(t *testing.T) {
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("<p>没有声明编码的中文网页，内容依然可读。</p>"))
	sections, info := collect(t, HTML, writeFile(t, "old.htm", gb))
	if info.Encoding != "GB18030" || !strings.Contains(joined(t, sections), "没有声明编码的中文网页") {
		t.Fatalf("info %+v", info)
	}
}

func TestEPUBChaptersInReadingOrder(t *testing.T) {
	path := zipFile(t, "书.epub", map[string]string{
		"META-INF/container.xml": `<container><rootfiles><rootfile full-path="OEBPS/book.opf"/></rootfiles></container>`,
		"OEBPS/book.opf": `<package><manifest><item id="c2" href="two.xhtml"/><item id="c1" href="one.xhtml"/></manifest>` +
			`<spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>`,
		"OEBPS/one.xhtml": `<html><body><h1>第一章</h1><p>开头。</p></body></html>`,
		"OEBPS/two.xhtml": `<html><body><h1>第二章</h1><p>结尾。</p></body></html>`,
	})
	sections, _ := collect(t, EPUB, path)
	if len(sections) != 2 || sections[0].Page != 1 || sections[1].Page != 2 ||
		!strings.Contains(sections[0].Text, "开头。") || sections[1].Headings[0] != "第二章" {
		t.Fatalf("sections %+v", sections)
	}
	joined(t, sections)
}

// A page nested 100,000 deep is refused by the HTML parser (its limit is
// 512 open elements): a per-file error, quickly, never a crash.
func TestDeeplyNestedHTMLIsRefusedCleanly(t *testing.T) {
	page := strings.Repeat("<div>", 100000) + "深处的文字" + strings.Repeat("</div>", 100000)
	_, err := HTML(t.Context(), writeFile(t, "deep.html", []byte(page)), func(chunk.Section) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "exceeds") {
		t.Fatalf("HTML(deep) = %v, want the parser's nesting error", err)
	}
}
