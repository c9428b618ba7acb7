package service

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// isNameProblem reports whether err refuses a name for its form.
func isNameProblem(err error) bool {
	return core.ErrNameEmpty.Is(err) || core.ErrNameTooLong.Is(err) || core.ErrNameControl.Is(err) || core.ErrNameEncoding.Is(err)
}

// Every name the page can give is trimmed and refused when empty, too
// long, not UTF-8 or carrying control characters, by every method that
// takes one; a name at the limit is kept.
func TestEveryNameThePageGivesIsChecked(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9") // nothing listens on the discard port
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	source := folder(t, "notes", map[string]string{"a.md": "# A"})
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "notes", Sources: []string{source}})
	if err != nil {
		t.Fatal(err)
	}
	chat, err := b.Chats.Create(ctx, core.Chat{Title: "a chat"})
	if err != nil {
		t.Fatal(err)
	}

	type namer struct {
		method string
		call   func(name string) error
		// emptyOK: an empty name means "make one up" here.
		emptyOK bool
		// refused is what a name of the wrong form is answered with.
		refused func(error) bool
	}
	isModelName := func(err error) bool { return core.ErrModelName.Is(err) || core.ErrNameEmpty.Is(err) }
	methods := []namer{
		{"Library.Create", func(n string) error {
			_, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: n, Sources: []string{source}})
			return err
		}, false, isNameProblem},
		{"Library.Rename", func(n string) error { _, err := b.Library.Rename(ctx, kb.ID, n); return err }, false, isNameProblem},
		{"Datasets.Create", func(n string) error { _, err := b.Datasets.Create(ctx, n); return err }, false, isNameProblem},
		{"Chats.Create", func(n string) error { _, err := b.Chats.Create(ctx, core.Chat{Title: n}); return err }, true, isNameProblem},
		{"Chats.Update", func(n string) error {
			_, err := b.Chats.Update(ctx, core.Chat{ID: chat.ID, Title: n})
			return err
		}, true, isNameProblem},
		{"Prompts.Save", func(n string) error {
			_, err := b.Prompts.Save(ctx, core.Assistant{Name: n, Delimiter: core.DelimiterNone})
			return err
		}, false, isNameProblem},
		{"Prompts.Import", func(n string) error {
			text, _ := json.Marshal(map[string]any{"assistants": []core.Assistant{{Name: n, Delimiter: core.DelimiterNone}}})
			_, err := b.Prompts.Import(ctx, string(text))
			return err
		}, false, isNameProblem},
		{"Models.Copy", func(n string) error { return b.Models.Copy(ctx, "qwen3:4b", n) }, false, isModelName},
		{"Models.Import", func(n string) error { return b.Models.Import(ctx, source+"/a.md", n) }, false, isModelName},
		{"Models.ImportAdapter", func(n string) error { return b.Models.ImportAdapter(ctx, source+"/a.md", "qwen3:4b", n) }, false, isModelName},
		{"Ollama.Pull", func(n string) error { return b.Ollama.Pull(ctx, n) }, false, isModelName},
	}

	bad := []struct {
		name, value string
		emptyOnly   bool
	}{
		{"empty", "", true},
		{"blank", " \t ", true},
		{"7 MB", strings.Repeat("a", 7<<20), false},
		{"one past the limit", strings.Repeat("名", core.MaxNameLength+1), false},
		{"a NUL", "\u0000", false},
		{"a NUL inside", "notes\u0000.txt", false},
		{"a line break", "first\nsecond", false},
		{"an escape", "red\x1b[31m", false},
		{"a direction override", "gpj.\u202Eexe", false},
		{"not UTF-8", "caf\xe9", false},
	}
	for _, m := range methods {
		for _, tt := range bad {
			t.Run(m.method+"/"+tt.name, func(t *testing.T) {
				err := m.call(tt.value)
				if tt.emptyOnly && m.emptyOK {
					if isNameProblem(err) {
						t.Fatalf("an empty name is made up here, but was refused: %v", err)
					}
					return
				}
				if !m.refused(err) {
					t.Fatalf("%s(%.40q) = %v, want the name refused", m.method, tt.value, err)
				}
			})
		}
	}

	// Names of the right form pass the check, trimmed; what happens next
	// (Ollama is not running here) is another matter.
	good := map[string]string{
		"Library.Create": "  周报 2024  ", "Library.Rename": strings.Repeat("名", core.MaxNameLength),
		"Datasets.Create": strings.Repeat("名", core.MaxNameLength), "Chats.Create": "Notes 笔记",
		"Chats.Update": strings.Repeat("名", core.MaxNameLength), "Prompts.Save": "Reviewer 审稿人",
		"Prompts.Import": "Translator", "Models.Copy": "my-model:q4", "Models.Import": "mine/model:latest",
		"Models.ImportAdapter": "adapted", "Ollama.Pull": "hf.co/org/model-GGUF:Q4_K_M",
	}
	for _, m := range methods {
		if err := m.call(good[m.method]); isNameProblem(err) || core.ErrModelName.Is(err) {
			t.Errorf("%s(%q) = %v, want the name accepted", m.method, good[m.method], err)
		}
	}
	if renamed, _ := b.Library.Rename(ctx, kb.ID, "  trimmed  "); renamed.Name != "trimmed" {
		t.Errorf("Rename kept %q, want it trimmed", renamed.Name)
	}
}

// A data set or chat whose name is at the limit still exports: the file
// names made of it stay within what file systems allow.
func TestLongestNamesStillExport(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	name := strings.Repeat("名", core.MaxNameLength)
	set, err := b.Datasets.Create(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Datasets.Add(ctx, set.ID, []core.Record{{Kind: core.RecordQA, Prompt: "What is kept?", Answer: "Everything."}}); err != nil {
		t.Fatal(err)
	}
	files, err := b.Datasets.Export(ctx, set.ID, ExportRequest{Format: "alpaca", Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("Export of a set named with %d characters: %v", core.MaxNameLength, err)
	}
	for _, f := range files {
		if n := len(filepath.Base(f)); n > 255 {
			t.Errorf("%s is %d bytes long", filepath.Base(f), n)
		}
	}
	chat, err := b.Chats.Create(ctx, core.Chat{Title: name})
	if err != nil {
		t.Fatal(err)
	}
	export, err := b.Chats.Export(ctx, chat.ID, "md")
	if err != nil || len(export.FileName) > 255 {
		t.Errorf("chat export named %d bytes, err %v", len(export.FileName), err)
	}
}
