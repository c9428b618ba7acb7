package prompts

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
)

// FuzzParseExport fuzzes the assistant import: whatever the text, it is
// refused or gives assistants that render and lint without failing, whose
// every {{variable}} a value then fills.
func FuzzParseExport(f *testing.F) {
	builtins, _ := Export(Builtins("zh-CN"))
	f.Add(builtins)
	f.Add(`{"assistants":[{"name":"x","task":"{{ 问题 }} {{a}}{{a}}","examples":[{"input":"","output":"}}{{"}],"delimiter":"xml","outputLength":-1}]}`)
	f.Add(`{"assistants":[]}`)
	f.Add(`{"assistants":[{"steps":["", "{{"],"role":"\u0000"}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		assistants, err := ParseExport(text)
		if err != nil {
			if !core.ErrAssistantInvalid.Is(err) {
				t.Fatalf("refused with %v", err)
			}
			return
		}
		for _, a := range assistants {
			if a.ID != 0 || a.Builtin {
				t.Fatalf("an imported assistant keeps id %d, built-in %v", a.ID, a.Builtin)
			}
			rendered := Render(a)
			Lint(a, 4096, func(s string) int { return utf8.RuneCountInString(s) })
			values := map[string]string{}
			for _, name := range Variables(rendered) {
				values[name] = "value"
			}
			filled, missing := Fill(rendered, values)
			if len(missing) > 0 || (len(values) > 0 && !strings.Contains(filled, "value")) {
				t.Fatalf("filling every variable of %q left %v", rendered, missing)
			}
		}
	})
}
