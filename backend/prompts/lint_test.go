package prompts

import (
	"slices"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// good is an assistant every rule passes.
var good = core.Assistant{
	Language: core.LocaleEnglish, Role: "You are a careful editor.",
	Task:         "Summarise the meeting notes for people who missed the meeting.",
	Context:      "Notes come from weekly product meetings.",
	Examples:     []core.Example{{Input: "We chose Postgres.", Output: "- Decision: Postgres"}},
	Delimiter:    core.DelimiterXML,
	OutputFormat: "a bulleted list of decisions",
	Length:       "at most 5 bullets",
}

func rules(hints []core.LintHint) []string {
	var out []string
	for _, h := range hints {
		out = append(out, h.Rule)
	}
	return out
}

func TestLintRules(t *testing.T) {
	cases := []struct {
		rule   string
		change func(a *core.Assistant)
		ctx    int
	}{
		{"task.missing", func(a *core.Assistant) { a.Task = "" }, 0},
		{"task.vague", func(a *core.Assistant) { a.Task = "Help me." }, 0},
		{"task.vague", func(a *core.Assistant) { a.Task = "帮我处理一下" }, 0},
		{"format.missing", func(a *core.Assistant) { a.OutputFormat = "" }, 0},
		{"length.missing", func(a *core.Assistant) { a.Length = "" }, 0},
		{"material.undelimited", func(a *core.Assistant) { a.Delimiter = ""; a.Task = "Summarise {{notes}} for the team." }, 0},
		{"material.undelimited", func(a *core.Assistant) {
			a.Delimiter = ""
			a.Task = "总结下面的会议记录，给缺席的人看。"
		}, 0},
		{"examples.format", func(a *core.Assistant) { a.OutputFormat = "JSON with a decisions array" }, 0},
		{"examples.format", func(a *core.Assistant) { a.Examples[0].Output = "Decision: Postgres" }, 0},
		{"examples.length", func(a *core.Assistant) {
			a.Length = "at most 1 bullet"
			a.Examples[0].Output = "- one\n- two"
		}, 0},
		{"examples.length", func(a *core.Assistant) {
			a.Length = "最多 5 字"
			a.Examples[0].Output = "- 我们选择了 Postgres 数据库"
		}, 0},
		{"conflict.brevity", func(a *core.Assistant) { a.Role = "Be brief."; a.Length = "about 800 words" }, 0},
		{"conflict.list", func(a *core.Assistant) { a.Extra = "Do not use lists." }, 0},
		{"context.too_long", func(a *core.Assistant) { a.Context = strings.Repeat("background ", 600) }, 1024},
	}
	if got := Lint(good, 4096, func(s string) int { return len(strings.Fields(s)) }); len(got) != 0 {
		t.Fatalf("the good assistant gets hints: %v", rules(got))
	}
	for _, c := range cases {
		a := good
		a.Examples = slices.Clone(good.Examples)
		c.change(&a)
		hints := Lint(a, c.ctx, func(s string) int { return len(strings.Fields(s)) })
		if !slices.Contains(rules(hints), c.rule) {
			t.Errorf("%s: hints %v", c.rule, rules(hints))
		}
		for _, h := range hints {
			if h.Message[core.LocaleEnglish] == "" || h.Message[core.LocaleChinese] == "" || h.Field == "" {
				t.Errorf("%s: hint without both messages or a field: %+v", h.Rule, h)
			}
		}
	}
}

// The built-in assistants follow their own advice.
func TestBuiltinsPassTheirOwnLint(t *testing.T) {
	for _, lang := range []string{"en", "zh-CN"} {
		for _, a := range Builtins(lang) {
			if hints := Lint(a, 8192, func(s string) int { return len(s) / 3 }); len(hints) > 0 {
				t.Errorf("%s (%s): %v", a.Name, lang, rules(hints))
			}
			if a.ID >= 0 || !a.Builtin || Render(a) == "" {
				t.Errorf("%s (%s): %+v", a.Name, lang, a)
			}
		}
	}
}

// In every lesson the strong prompt passes the lint and the weak one does
// not: the gallery teaches what the hints say.
func TestGalleryLessons(t *testing.T) {
	count := func(s string) int { return len(s) / 3 }
	for _, lang := range []string{"en", "zh-CN"} {
		for _, g := range Gallery(lang) {
			if hints := Lint(g.Strong, 8192, count); len(hints) > 0 {
				t.Errorf("%s (%s): the strong prompt gets %v", g.Title, lang, rules(hints))
			}
			if len(Lint(g.Weak, 8192, count)) == 0 {
				t.Errorf("%s (%s): the weak prompt gets no hints", g.Title, lang)
			}
			if g.Input == "" || g.Lesson == "" {
				t.Errorf("%s (%s) is incomplete", g.Title, lang)
			}
		}
	}
}
