package prompts

import (
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Each built-in assistant keeps its id whatever the language, and an id
// finds the assistant it names: the Q&A-pair writer is looked up by it.
func TestBuiltinsAreFoundByTheirIDs(t *testing.T) {
	for _, lang := range []string{"en", string(core.LocaleChinese)} {
		seen := map[int64]bool{}
		for _, a := range Builtins(lang) {
			if a.ID >= 0 || seen[a.ID] {
				t.Errorf("%s: %q has id %d, want a negative id of its own", lang, a.Name, a.ID)
			}
			seen[a.ID] = true
			if got, ok := Builtin(lang, a.ID); !ok || got.Name != a.Name {
				t.Errorf("%s: Builtin(%d) = %q, %v; want %q", lang, a.ID, got.Name, ok, a.Name)
			}
		}
		writer, ok := Builtin(lang, BuiltinQAPairWriter)
		if !ok || !strings.Contains(writer.OutputFormat, `"question"`) || !strings.Contains(writer.OutputFormat, `"answer"`) {
			t.Errorf("%s: the Q&A-pair writer is %q (%q), want the assistant that writes question-answer pairs as JSON", lang, writer.Name, writer.OutputFormat)
		}
	}
	if _, ok := Builtin("en", 1); ok {
		t.Error("a saved assistant's id found a built-in one")
	}
}
