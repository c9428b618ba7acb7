package service

import (
	"context"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestPromptsLifecycle(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	list, _ := b.Prompts.List(ctx)
	if len(list) != 7 || !list[0].Builtin {
		t.Fatalf("built-ins = %d", len(list))
	}
	// Editing a built-in saves a copy of one's own.
	copyOf := list[1]
	copyOf.Name = "My summariser"
	saved, err := b.Prompts.Save(ctx, copyOf)
	if err != nil || saved.ID <= 0 || saved.Builtin {
		t.Fatalf("saved = %+v, %v", saved, err)
	}
	if list, _ = b.Prompts.List(ctx); len(list) != 8 || list[7].Name != "My summariser" {
		t.Fatalf("after saving, %d assistants", len(list))
	}
	export, err := b.Prompts.Export(ctx, []int64{saved.ID, -3})
	if err != nil || !strings.Contains(export, "My summariser") || !strings.Contains(export, "zhikuAssistants") {
		t.Fatalf("export = %s, %v", export, err)
	}
	imported, err := b.Prompts.Import(ctx, export)
	if err != nil || len(imported) != 2 {
		t.Fatalf("import = %+v, %v", imported, err)
	}
	if err := b.Prompts.Delete(ctx, saved.ID); err != nil {
		t.Fatal(err)
	}
	r, _ := b.Prompts.Render(ctx, core.Assistant{Task: "Translate into {{language}} for {{reader}}."}, map[string]string{"language": "中文"})
	if !strings.Contains(r.Prompt, "Translate into 中文 for {{reader}}.") || strings.Join(r.Missing, ",") != "reader" || len(r.Variables) != 2 {
		t.Errorf("render = %+v", r)
	}
	hints, _ := b.Prompts.Lint(ctx, core.Assistant{Task: "help"})
	if len(hints) == 0 {
		t.Error("a vague prompt got no hints")
	}

	bad := []struct {
		call func() error
		want core.ProblemKind
	}{
		{func() error { _, err := b.Prompts.Save(ctx, core.Assistant{}); return err }, core.ErrNameEmpty},
		{func() error { _, err := b.Prompts.Save(ctx, core.Assistant{Name: "x", Delimiter: "<<"}); return err }, core.ErrAssistantInvalid},
		{func() error { return b.Prompts.Delete(ctx, 999) }, core.ErrAssistantNotFound},
		{func() error { _, err := b.Prompts.Import(ctx, "{}"); return err }, core.ErrAssistantInvalid},
		{func() error {
			_, err := b.Prompts.Compare(ctx, core.CompareRequest{Input: "x", Variants: []core.Variant{{Model: "m"}}})
			return err
		}, core.ErrCompareVariants},
		{func() error {
			_, err := b.Prompts.Compare(ctx, core.CompareRequest{Input: "x", Variants: []core.Variant{{}, {}}})
			return err
		}, core.ErrOllamaNotInstalled},
		{func() error { _, err := b.Prompts.MarkBest(ctx, core.Preference{}); return err }, core.ErrBadRequest},
	}
	for i, c := range bad {
		if err := c.call(); !c.want.Is(err) {
			t.Errorf("case %d: err = %v, want %s", i, err, c.want.Code)
		}
	}
}
