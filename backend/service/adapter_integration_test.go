//go:build integration

package service

import (
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// A LoRA adapter the tests generate goes on top of the tiny chat model as
// a new model, which answers differently from its base at temperature 0:
// the adapter is applied. A file that is not an adapter, and a base that
// is not installed, are refused with what is wrong.
func TestIntegrationAdapterOnTopOfABase(t *testing.T) {
	b, ctx := rigBackend(t, "")
	rig := llmtest.RigFromEnv(t)
	adapter := filepath.Join(rig.GGUFDir, "zhiku-tiny-lora.gguf")
	if err := b.Models.ImportAdapter(ctx, adapter, llmtest.ChatModel, "zhiku-tuned"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Models.Delete(ctx, "zhiku-tuned") })
	answer := func(model string) string {
		zero, seed := float32(0), 7
		var out string
		err := b.runtime.Client().Chat(ctx, llm.ChatRequest{Model: model, Messages: []core.ChatMessage{{Role: "user", Content: "Tell me about the warranty."}},
			Options: llm.Options{Temperature: &zero, Seed: &seed, NumPredict: 24}}, func(c llm.Chunk) error {
			out += c.Content
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", model, err)
		}
		return out
	}
	if base, tuned := answer(llmtest.ChatModel), answer("zhiku-tuned"); base == tuned {
		t.Errorf("the tuned model answers exactly as its base: %q", base)
	}

	cases := []struct {
		path, base string
		want       core.ProblemKind
	}{
		{filepath.Join(rig.GGUFDir, llmtest.ChatModel+".gguf"), llmtest.ChatModel, core.ErrGGUFUnreadable},
		{adapter, "no-such-base", core.ErrModelNotFound},
	}
	for _, c := range cases {
		if err := b.Models.ImportAdapter(ctx, c.path, c.base, "zhiku-bad"); !c.want.Is(err) {
			t.Errorf("%s on %s: err = %v, want %s", filepath.Base(c.path), c.base, err, c.want.Code)
		}
	}
}
