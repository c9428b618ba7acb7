//go:build integration

// Integration tests of the llm package against a real Ollama server with the
// generated tiny models. Run them through the rig: make test-rig.
package llm_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

func rigClient(t *testing.T) (*llm.Client, llmtest.Rig) {
	rig := llmtest.RigFromEnv(t)
	return llm.NewClient(rig.Host, nil), rig
}

// longAnswer pins sampling so the tiny model's answer is long: with random
// weights it can sample its end-of-sequence token at any step, and under
// this seed it first does after 221 tokens. Tests that must see a stream
// running (to cancel it, or to stop the server under it) use it.
func longAnswer(numPredict int) llm.Options {
	seed, temperature := 5, float32(0.8)
	return llm.Options{Seed: &seed, Temperature: &temperature, NumPredict: numPredict}
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestIntegrationVersionListAndStatus(t *testing.T) {
	client, rig := rigClient(t)
	ctx := testContext(t)
	if v, err := client.Version(ctx); err != nil || v != "0.17.4" {
		t.Fatalf("Version = %q, %v; want 0.17.4", v, err)
	}
	models, err := client.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]core.ModelSummary{}
	for _, m := range models {
		names[m.Name] = m
	}
	for _, want := range []string{llmtest.ChatModel + ":latest", llmtest.EmbedModel + ":latest"} {
		m, ok := names[want]
		if !ok || m.Family != "llama" || m.SizeBytes <= 0 || !strings.HasPrefix(m.Digest, "") {
			t.Errorf("List has %+v for %s", m, want)
		}
	}
	status := llm.NewRuntime(rig.Host, &llm.Supervisor{}, nil).Check(ctx)
	if status.State != core.OllamaRunning || status.Version != "0.17.4" || status.Models < 2 {
		t.Errorf("runtime status = %+v", status)
	}
}

func TestIntegrationShow(t *testing.T) {
	client, _ := rigClient(t)
	tests := []struct {
		model      string
		width      int
		capability string
	}{
		{llmtest.ChatModel, 64, core.CapabilityCompletion},
		{llmtest.EmbedModel, 32, core.CapabilityEmbedding},
		{llmtest.StaticEmbedModel, 512, core.CapabilityEmbedding},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			d, err := client.Show(testContext(t), tt.model)
			if err != nil {
				t.Fatal(err)
			}
			if d.Architecture != "llama" || d.ContextLength != 4096 || d.EmbeddingLength != tt.width || d.ParameterCount <= 0 {
				t.Errorf("Show = %+v", d)
			}
			if !d.Has(tt.capability) {
				t.Errorf("capabilities %v lack %s", d.Capabilities, tt.capability)
			}
		})
	}
	// The chat template comes from the GGUF's tokenizer.chat_template (ChatML).
	d, _ := client.Show(testContext(t), llmtest.ChatModel)
	if !strings.Contains(d.Template, "<|im_start|>") {
		t.Errorf("template %q is not the GGUF's ChatML", d.Template)
	}
}

func TestIntegrationChatStreams(t *testing.T) {
	client, _ := rigClient(t)
	var chunks []llm.Chunk
	err := client.Chat(testContext(t), llm.ChatRequest{
		Model:    llmtest.ChatModel,
		Messages: []core.ChatMessage{{Role: core.RoleUser, Content: "write forever"}},
		Options:  withCtx(longAnswer(12), 2048),
	}, func(c llm.Chunk) error {
		chunks = append(chunks, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) < 3 {
		t.Fatalf("got %d chunks, want a stream of several", len(chunks))
	}
	last := chunks[len(chunks)-1]
	if !last.Done || last.PromptTokens == 0 || last.OutputTokens == 0 || last.OutputTokens > 12 {
		t.Fatalf("final chunk = %+v; want done with prompt and output token counts, at most 12 out", last)
	}
	for _, c := range chunks[:len(chunks)-1] {
		if c.Done {
			t.Fatal("a chunk before the last says done")
		}
	}
}

func TestIntegrationChatCancelMidStream(t *testing.T) {
	client, _ := rigClient(t)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	received := 0
	start := time.Now()
	err := client.Chat(ctx, llm.ChatRequest{
		Model:    llmtest.ChatModel,
		Messages: []core.ChatMessage{{Role: core.RoleUser, Content: "write forever"}},
		Options:  longAnswer(400),
	}, func(llm.Chunk) error {
		received++
		if received == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Chat after cancel = %v, want context.Canceled", err)
	}
	if received > 50 {
		t.Errorf("received %d chunks after cancelling at 2", received)
	}
	t.Logf("cancelled after %d chunks in %s", received, time.Since(start))
}

func TestIntegrationCallbackErrorStopsTheStream(t *testing.T) {
	client, _ := rigClient(t)
	stop := errors.New("enough")
	err := client.Generate(testContext(t), llm.GenerateRequest{
		Model: llmtest.ChatModel, Prompt: "once upon a time", Raw: true, Options: llm.Options{NumPredict: 300},
	}, func(llm.Chunk) error { return stop })
	if err != stop {
		t.Fatalf("Generate = %v, want exactly the callback's error back", err)
	}
}

func TestIntegrationGenerate(t *testing.T) {
	client, _ := rigClient(t)
	var text strings.Builder
	var last llm.Chunk
	err := client.Generate(testContext(t), llm.GenerateRequest{
		Model: llmtest.ChatModel, Prompt: "the", Raw: true, Options: llm.Options{NumPredict: 8},
	}, func(c llm.Chunk) error {
		text.WriteString(c.Content)
		last = c
		return nil
	})
	if err != nil || !last.Done || last.OutputTokens == 0 {
		t.Fatalf("Generate = %v, last %+v", err, last)
	}
}

func TestIntegrationEmbedBatches(t *testing.T) {
	client, _ := rigClient(t)
	inputs := []string{"知库把文件变成可以搜索的知识。", "Zhiku indexes your files.", "第三段", "four", "五"}
	tests := []struct {
		model string
		dim   int
	}{
		{llmtest.EmbedModel, 32},
		{llmtest.ChatModel, 64}, // another dimension, for mismatch handling
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			vectors, err := client.Embed(testContext(t), tt.model, inputs)
			if err != nil {
				t.Fatal(err)
			}
			if len(vectors) != len(inputs) {
				t.Fatalf("got %d vectors for %d inputs", len(vectors), len(inputs))
			}
			for i, v := range vectors {
				if len(v) != tt.dim {
					t.Fatalf("vector %d has %d dimensions, want %d", i, len(v), tt.dim)
				}
			}
			if equalVectors(vectors[0], vectors[1]) {
				t.Error("different texts got the same vector")
			}
		})
	}
}

func withCtx(o llm.Options, numCtx int) llm.Options {
	o.NumCtx = numCtx
	return o
}

func equalVectors(a, b []float32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestIntegrationModelProblems(t *testing.T) {
	client, _ := rigClient(t)
	ctx := testContext(t)
	noop := func(llm.Chunk) error { return nil }
	msgs := []core.ChatMessage{{Role: core.RoleUser, Content: "hi"}}

	err := client.Chat(ctx, llm.ChatRequest{Model: "no-such-model:7b", Messages: msgs}, noop)
	if !core.ErrModelNotFound.Is(err) || !strings.Contains(core.AsProblem(err).In(core.LocaleChinese), "no-such-model:7b") {
		t.Errorf("chat with a missing model = %v, want model-not-found naming it", err)
	}
	err = client.Chat(ctx, llm.ChatRequest{Model: llmtest.EmbedModel, Messages: msgs}, noop)
	if !core.ErrModelIncapable.Is(err) {
		t.Errorf("chat with an embedding model = %v, want model-incapable", err)
	}
	if _, err := client.Embed(ctx, "no-such-model:7b", []string{"x"}); !core.ErrModelNotFound.Is(err) {
		t.Errorf("embed with a missing model = %v, want model-not-found", err)
	}
	if _, err := client.Show(ctx, "no-such-model:7b"); !core.ErrModelNotFound.Is(err) {
		t.Errorf("show of a missing model = %v, want model-not-found", err)
	}
}

func TestIntegrationRunningModels(t *testing.T) {
	client, _ := rigClient(t)
	ctx := testContext(t)
	err := client.Chat(ctx, llm.ChatRequest{Model: llmtest.ChatModel,
		Messages: []core.ChatMessage{{Role: core.RoleUser, Content: "hi"}}, Options: llm.Options{NumPredict: 1}},
		func(llm.Chunk) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	running, err := client.Running(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range running {
		if strings.HasPrefix(m.Name, llmtest.ChatModel) && m.SizeBytes > 0 && m.ContextLength > 0 {
			return
		}
	}
	t.Fatalf("ps lists %+v, want %s loaded with its size", running, llmtest.ChatModel)
}

func TestIntegrationImportAndDelete(t *testing.T) {
	client, rig := rigClient(t)
	ctx := testContext(t)
	name := "zhiku-import-test"
	var statuses []string
	if err := client.ImportGGUF(ctx, name, filepath.Join(rig.GGUFDir, llmtest.ChatModel+".gguf"), func(s string) {
		statuses = append(statuses, s)
	}); err != nil {
		t.Fatalf("ImportGGUF: %v", err)
	}
	if len(statuses) == 0 || statuses[len(statuses)-1] != "success" {
		t.Errorf("progress statuses = %v, want them ending in success", statuses)
	}
	d, err := client.Show(ctx, name)
	if err != nil || d.EmbeddingLength != 64 {
		t.Fatalf("Show(imported) = %+v, %v", d, err)
	}
	if err := client.Delete(ctx, name); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := client.Show(ctx, name); !core.ErrModelNotFound.Is(err) {
		t.Fatalf("Show after Delete = %v, want model-not-found", err)
	}
	if err := client.Delete(ctx, name); !core.ErrModelNotFound.Is(err) {
		t.Fatalf("second Delete = %v, want model-not-found", err)
	}
}

func TestIntegrationImportRejectsANonGGUFFile(t *testing.T) {
	client, _ := rigClient(t)
	path := filepath.Join(t.TempDir(), "notes.gguf")
	os.WriteFile(path, []byte("these are meeting notes, not model weights"), 0o600)
	err := client.ImportGGUF(testContext(t), "zhiku-bogus", path, nil)
	if !core.ErrModelFile.Is(err) {
		t.Fatalf("ImportGGUF(text file) = %v, want a model-file problem", err)
	}
	if models, _ := client.List(testContext(t)); containsModel(models, "zhiku-bogus") {
		t.Fatal("a failed import left a model behind")
	}
}

func containsModel(models []core.ModelSummary, name string) bool {
	for _, m := range models {
		if strings.HasPrefix(m.Name, name) {
			return true
		}
	}
	return false
}

// A server that dies mid-answer must end the stream with a problem, not hang
// or report success. This needs a server of its own to stop.
func TestIntegrationServerStoppedMidStream(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	ctx := testContext(t)
	server, err := llmtest.StartOllama(ctx, rig.OllamaBin, t.TempDir(), filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer server.Stop()
	if err := llmtest.ImportTinyModels(ctx, server.URL, rig.GGUFDir); err != nil {
		t.Fatal(err)
	}
	client := llm.NewClient(server.URL, nil)
	received := 0
	err = client.Chat(ctx, llm.ChatRequest{
		Model:    llmtest.ChatModel,
		Messages: []core.ChatMessage{{Role: core.RoleUser, Content: "write forever"}},
		Options:  longAnswer(400),
	}, func(llm.Chunk) error {
		received++
		if received == 3 {
			go server.Stop()
		}
		return nil
	})
	var p *core.Problem
	if err == nil || !errors.As(err, &p) {
		t.Fatalf("Chat with the server stopped mid-stream = %v after %d chunks, want a problem", err, received)
	}
	t.Logf("stream ended after %d chunks with %s: %s", received, p.Code, p.Detail)
}

// Zhiku starts a real `ollama serve` when asked, and stops it — all of its
// process group — on exit.
func TestIntegrationSupervisorRunsTheRealServer(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	home := t.TempDir()
	t.Setenv("HOME", home) // the child inherits it: its own keys and models folder
	t.Setenv("OLLAMA_MODELS", filepath.Join(home, "models"))
	sup := &llm.Supervisor{
		LookPath: func() (string, bool) { return rig.OllamaBin, true },
		LogPath:  filepath.Join(home, "ollama-serve.log"),
	}
	runtime := llm.NewRuntime(llmtest.ClosedPortURL(t), sup, nil)
	status, err := runtime.Start(testContext(t))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if status.State != core.OllamaRunning || status.Version != "0.17.4" || !status.StartedByZhiku {
		t.Fatalf("after Start: %+v", status)
	}
	if err := runtime.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if s := runtime.Check(testContext(t)); s.State != core.OllamaStopped || s.StartedByZhiku {
		t.Fatalf("after Stop: %+v, want stopped and no longer Zhiku's", s)
	}
}
