package prompts

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fields are the parts of an assistant, each filled or left empty in turn.
var fields = []struct {
	name string
	set  func(a *core.Assistant, lang core.Locale)
}{
	{"role", func(a *core.Assistant, lang core.Locale) {
		a.Role = pick(lang, "You are a careful editor.", "你是一位严谨的编辑。")
	}},
	{"task", func(a *core.Assistant, lang core.Locale) {
		a.Task = pick(lang, "Summarise the report for a busy manager.", "为忙碌的经理总结这份报告。")
	}},
	{"context", func(a *core.Assistant, lang core.Locale) {
		a.Context = pick(lang, "The reports are internal and quarterly.", "这些报告是内部季度报告。")
	}},
	{"steps", func(a *core.Assistant, lang core.Locale) {
		a.Steps = []string{pick(lang, "Read it whole.", "通读全文。"), " ", pick(lang, "List the decisions.", "列出决定。")}
	}},
	{"examples", func(a *core.Assistant, lang core.Locale) {
		a.Examples = []core.Example{{Input: pick(lang, "Q3 sales rose.", "第三季度销售增长。"), Output: "- " + pick(lang, "Sales up", "销售增长")}}
	}},
	{"delimiter", func(a *core.Assistant, lang core.Locale) { a.Delimiter = core.DelimiterXML }},
	{"format", func(a *core.Assistant, lang core.Locale) {
		a.OutputFormat = pick(lang, "a bulleted list", "项目符号列表")
	}},
	{"length", func(a *core.Assistant, lang core.Locale) { a.Length = pick(lang, "at most 5 bullets", "最多 5 条") }},
	{"extra", func(a *core.Assistant, lang core.Locale) {
		a.Extra = pick(lang, "Use {{audience}}'s terms.", "使用{{audience}}的术语。")
	}},
}

func pick(lang core.Locale, en, zh string) string {
	if lang == core.LocaleChinese {
		return zh
	}
	return en
}

// Every combination of filled and empty parts, in both languages, renders
// as in the golden files: run with -update after a deliberate change, and
// read the diff.
func TestRenderEveryCombination(t *testing.T) {
	for _, lang := range core.Locales {
		var b strings.Builder
		for mask := range 1 << len(fields) {
			a := core.Assistant{Language: lang}
			var names []string
			for i, f := range fields {
				if mask&(1<<i) != 0 {
					f.set(&a, lang)
					names = append(names, f.name)
				}
			}
			fmt.Fprintf(&b, "===== %s\n%s\n", strings.Join(names, "+"), Render(a))
		}
		path := filepath.Join("testdata", "render."+string(lang)+".golden")
		if *update {
			os.MkdirAll("testdata", 0o755)
			os.WriteFile(path, []byte(b.String()), 0o644)
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update once)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s renders differently from %s; run go test ./backend/prompts -update and review the diff", lang, path)
		}
	}
}

func TestVariables(t *testing.T) {
	text := "Translate {{text}} into {{ language }}, for {{text}} readers; {{不存在}} {not}"
	if got := Variables(text); !reflect.DeepEqual(got, []string{"text", "language", "不存在"}) {
		t.Errorf("Variables = %q", got)
	}
	filled, missing := Fill(text, map[string]string{"text": "this", "language": "中文"})
	if filled != "Translate this into 中文, for this readers; {{不存在}} {not}" || !reflect.DeepEqual(missing, []string{"不存在"}) {
		t.Errorf("Fill = %q, missing %q", filled, missing)
	}
}

func TestDelimit(t *testing.T) {
	cases := map[core.DelimiterStyle]string{
		core.DelimiterXML:    "<input>\nx\n</input>",
		core.DelimiterQuotes: "\"\"\"\nx\n\"\"\"",
		core.DelimiterHashes: "###\nx\n###",
		core.DelimiterNone:   "x",
	}
	for style, want := range cases {
		if got := Delimit(" x\n", style); got != want {
			t.Errorf("Delimit(%q) = %q", style, got)
		}
	}
}
