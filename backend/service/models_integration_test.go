//go:build integration

package service

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
	"github.com/zhiku-app/zhiku/backend/models"
	"github.com/zhiku-app/zhiku/backend/models/hubtest"
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
	if err != nil || spec.Layers != 1 || spec.Embedding != 64 || spec.Heads != 4 || spec.Vocabulary != 288 || spec.ContextLength != 4096 {
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

// A GGUF downloaded from a hub (here the loopback stand-in, serving the
// generated tiny model) is imported into the real Ollama in one step and
// answers; a file that is not GGUF is refused before Ollama sees it.
func TestIntegrationHubDownloadThenImport(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	t.Setenv("OLLAMA_HOST", rig.Host.Host)
	done := make(downloadEvents, 2)
	b, err := open(t, t.TempDir(), done)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	gguf, err := os.ReadFile(filepath.Join(rig.GGUFDir, llmtest.ChatModel+".gguf"))
	if err != nil {
		t.Fatal(err)
	}
	hub := hubtest.New(t)
	hub.Add("zhiku/tiny-GGUF", "tiny-F32.gguf", gguf)
	hub.Add("zhiku/tiny-GGUF", "README.md", []byte("# not a model"))
	req := HubRequest{Hub: core.HubHuggingFace, Endpoint: hub.URL, Repo: "zhiku/tiny-GGUF"}
	files, err := b.Models.HubFiles(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, err := b.Models.Download(ctx, DownloadRequest{HubRequest: req, File: f}); err != nil {
			t.Fatal(err)
		}
	}
	saved := map[string]string{}
	for range files {
		p := <-done
		if p.Problem != nil {
			t.Fatalf("download %s: %v", p.File, p.Problem)
		}
		saved[p.File] = p.Path
	}
	if err := b.Models.Import(ctx, saved["README.md"], "zhiku-readme"); !core.ErrGGUFUnreadable.Is(err) {
		t.Errorf("importing a README: err = %v", err)
	}
	if err := b.Models.Import(ctx, saved["tiny-F32.gguf"], "zhiku-from-hub:f32"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Models.Delete(context.Background(), "zhiku-from-hub:f32") })
	err = b.runtime.Client().Chat(ctx, llm.ChatRequest{Model: "zhiku-from-hub:f32",
		Messages: []core.ChatMessage{{Role: core.RoleUser, Content: "hi"}}, Options: llm.Options{NumPredict: 4}},
		func(llm.Chunk) error { return nil })
	if err != nil {
		t.Fatalf("the imported model does not answer: %v", err)
	}
	list, _ := b.Models.List(ctx)
	for _, m := range list {
		if m.Name == "zhiku-readme:latest" {
			t.Error("the README became a model")
		}
	}
}

// A pull through the real Ollama that cannot succeed (a registry under
// .invalid, which never resolves, so no test ever downloads) ends with
// Ollama's own reason.
func TestIntegrationPullExplainsFailure(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	t.Setenv("OLLAMA_HOST", rig.Host.Host)
	pulled := make(chan core.PullProgress, 1)
	b, err := open(t, t.TempDir(), emitFunc(func(name string, payload any) {
		if p, ok := payload.(core.PullProgress); ok && p.Done {
			pulled <- p
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Ollama.Pull(context.Background(), "registry.invalid/zhiku/none:latest"); err != nil {
		t.Fatal(err)
	}
	final := <-pulled
	if !core.ErrPullFailed.Is(final.Problem) || !strings.Contains(final.Problem.In(core.LocaleEnglish), "registry.invalid") {
		t.Fatalf("pull ended %+v", final)
	}
}

// A GGUF of an architecture Ollama does not know passes the header check
// and is refused by Ollama with its reason; nothing is left installed.
func TestIntegrationImportUnknownArchitecture(t *testing.T) {
	b, ctx := rigBackend(t, "")
	rig := llmtest.RigFromEnv(t)
	gguf, err := os.ReadFile(filepath.Join(rig.GGUFDir, llmtest.ChatModel+".gguf"))
	if err != nil {
		t.Fatal(err)
	}
	// Same length, so every length-prefixed string and offset stays valid.
	odd := bytes.ReplaceAll(gguf, []byte("llama"), []byte("zzzzz"))
	path := filepath.Join(t.TempDir(), "odd.gguf")
	if err := os.WriteFile(path, odd, 0o644); err != nil {
		t.Fatal(err)
	}
	if spec, err := models.SpecFromGGUF(path); err != nil || spec.Layers != 1 {
		t.Fatalf("the header should still read: %+v, %v", spec, err)
	}
	err = b.Models.Import(ctx, path, "zhiku-odd")
	if !core.ErrModelFile.Is(err) || !strings.Contains(core.AsProblem(err).In(core.LocaleEnglish), "zzzzz") {
		t.Fatalf("import = %v", err)
	}
	list, _ := b.Models.List(ctx)
	for _, m := range list {
		if strings.HasPrefix(m.Name, "zhiku-odd") {
			t.Errorf("a refused import left %s installed", m.Name)
		}
	}
}
