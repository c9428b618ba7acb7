//go:build integration

package service

import (
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
	"github.com/zhiku-app/zhiku/backend/models"
)

// Installed models are listed with their metadata and memory use once
// loaded, and the estimate's KV cache matches what Ollama itself reserves:
// the difference between two context lengths is the same to the byte.
func TestIntegrationModelsListAndFit(t *testing.T) {
	b, ctx := rigBackend(t, "")
	chat := func(numCtx int) {
		t.Helper()
		err := b.runtime.Client().Chat(ctx, llm.ChatRequest{Model: llmtest.ChatModel,
			Messages: []core.ChatMessage{{Role: core.RoleUser, Content: "hi"}}, Options: llm.Options{NumCtx: numCtx, NumPredict: 1}},
			func(llm.Chunk) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
	}
	ollamaSize := func() int64 {
		t.Helper()
		list, err := b.Models.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			if m.Name == llmtest.ChatModel+":latest" && m.Running != nil {
				return m.Running.SizeBytes
			}
		}
		t.Fatalf("the chat model is not listed as running: %+v", list)
		return 0
	}
	chat(4096)
	at4096 := ollamaSize()
	chat(2048)
	at2048 := ollamaSize()

	list, _ := b.Models.List(ctx)
	var tiny core.InstalledModel
	for _, m := range list {
		if m.Name == llmtest.ChatModel+":latest" {
			tiny = m
		}
	}
	if tiny.Layers != 1 || tiny.EmbeddingLength != 64 || tiny.ContextLength != 4096 || !tiny.Has(core.CapabilityCompletion) || tiny.SizeBytes == 0 {
		t.Fatalf("listed = %+v", tiny)
	}

	fit4096, err := b.Models.Fit(ctx, FitRequest{Model: llmtest.ChatModel, Context: 4096})
	if err != nil {
		t.Fatal(err)
	}
	fit2048, _ := b.Models.Fit(ctx, FitRequest{Model: llmtest.ChatModel, Context: 2048})
	if ours, theirs := fit4096.KVBytes-fit2048.KVBytes, at4096-at2048; ours != theirs {
		t.Errorf("KV cache for 2,048 more tokens: estimated %d bytes, Ollama reserves %d", ours, theirs)
	}
	if fit4096.TotalBytes < at4096 {
		t.Errorf("estimate %d bytes is below what Ollama uses, %d", fit4096.TotalBytes, at4096)
	}

	// The GGUF file on disk reads the same.
	rig := llmtest.RigFromEnv(t)
	spec, err := models.SpecFromGGUF(filepath.Join(rig.GGUFDir, llmtest.ChatModel+".gguf"))
	if err != nil || spec.Layers != 1 || spec.Embedding != 64 || spec.Heads != 4 || spec.Vocabulary != 284 || spec.ContextLength != 4096 {
		t.Fatalf("GGUF spec = %+v, %v", spec, err)
	}

	// Copy, then delete the copy.
	if err := b.Models.Copy(ctx, llmtest.ChatModel, "zhiku-tiny-copy"); err != nil {
		t.Fatal(err)
	}
	if err := b.Models.Delete(ctx, "zhiku-tiny-copy"); err != nil {
		t.Fatal(err)
	}
	if err := b.Models.Delete(ctx, "zhiku-tiny-copy"); !core.ErrModelNotFound.Is(err) && !core.ErrOllamaServer.Is(err) {
		t.Errorf("deleting it again: %v", err)
	}
}
