package library

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// fakeEmbedder returns a fixed-size vector per text and records every text
// it was asked for; failing makes it answer like an unreachable Ollama.
type fakeEmbedder struct {
	mu      sync.Mutex
	texts   []string
	failing bool
}

func (f *fakeEmbedder) embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failing {
		return nil, core.ErrOllamaUnreachable.New(errors.New("connection refused"), "host", "http://127.0.0.1:11434")
	}
	f.texts = append(f.texts, texts...)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = []float32{float32(len(t)), 1, 2}
	}
	return out, nil
}

func (f *fakeEmbedder) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.texts)
}

func TestSyncEmbedsEachDistinctTextOnce(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := t.TempDir()
	same := strings.Repeat("同一段文字出现在两个文件里。", 5)
	write(t, filepath.Join(root, "a.md"), []byte(same))
	write(t, filepath.Join(root, "b.md"), []byte(same)) // a copy: same chunks
	write(t, filepath.Join(root, "c.md"), []byte(strings.Repeat("另一个文件。", 200)))
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "kb", Sources: []string{root}, Chunking: core.ChunkSettings{MaxTokens: 60, OverlapTokens: 10}})

	fe := &fakeEmbedder{}
	p, err := Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "bge-m3", Embed: fe.embed}})
	if err != nil || p.Phase != core.PhaseDone || p.EmbedPending != 0 || p.EmbedProblem != nil {
		t.Fatalf("sync = %+v, %v", p, err)
	}
	done, total, _ := st.CountEmbedded(ctx, kb.ID, "bge-m3")
	if done != total || fe.calls() != total || p.Embedded != total {
		t.Fatalf("embedded %d of %d distinct texts with %d embedder texts (progress says %d)", done, total, fe.calls(), p.Embedded)
	}
	chunks, _ := st.Chunks(ctx, kb.ID, filepath.Join(root, "c.md"))
	if v, ok, _ := st.Embedding(ctx, "bge-m3", chunks[0].Hash); !ok || v[0] != float32(len(chunks[0].Text)) {
		t.Fatalf("stored vector %v, %v", v, ok)
	}

	// Nothing changed: nothing to embed.
	before := fe.calls()
	if p, _ := Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "bge-m3", Embed: fe.embed}}); p.Embedded != 0 || fe.calls() != before {
		t.Fatalf("unchanged resync embedded %d texts", fe.calls()-before)
	}
}

func TestWithoutOllamaTheTextIndexCompletesAndVectorsComeLater(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := t.TempDir()
	write(t, filepath.Join(root, "a.md"), []byte(strings.Repeat("内容。", 300)))
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "kb", Sources: []string{root}, Chunking: core.ChunkSettings{MaxTokens: 60}})

	fe := &fakeEmbedder{failing: true}
	p, err := Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "bge-m3", Embed: fe.embed}})
	if err != nil || p.Phase != core.PhaseDone || !core.ErrOllamaUnreachable.Is(p.EmbedProblem) || p.EmbedPending == 0 {
		t.Fatalf("sync without Ollama = %+v, %v", p, err)
	}
	if got, _ := st.KB(ctx, kb.ID); got.Stats.Indexed != 1 || got.Stats.Chunks == 0 {
		t.Fatalf("the text index is incomplete: %+v", got.Stats)
	}

	fe.failing = false // Ollama is back
	p, err = Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "bge-m3", Embed: fe.embed}})
	if err != nil || p.EmbedPending != 0 || p.Embedded == 0 || p.Changed != 0 {
		t.Fatalf("the next sync = %+v, %v; want the vectors filled in without re-indexing", p, err)
	}
}

// A new embedding model takes over queries only once every chunk has its
// vector: until then the old model's vectors keep answering.
func TestVectorModelSwitchesOnlyWhenComplete(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := t.TempDir()
	write(t, filepath.Join(root, "a.md"), []byte(strings.Repeat("第一个文件的内容。", 100)))
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "kb", Sources: []string{root}, Chunking: core.ChunkSettings{MaxTokens: 60, OverlapTokens: 10}})
	vectorModel := func() string {
		got, err := st.KB(ctx, kb.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.VectorModel
	}
	old := &fakeEmbedder{}
	if _, err := Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "old", Embed: old.embed}}); err != nil {
		t.Fatal(err)
	}
	if vectorModel() != "old" {
		t.Fatalf("vector model = %q after a complete embedding", vectorModel())
	}

	replacement := &fakeEmbedder{failing: true}
	p, _ := Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "new", Embed: replacement.embed}})
	if p.EmbedProblem == nil || vectorModel() != "old" {
		t.Fatalf("with the new model's vectors missing: problem %v, vector model %q", p.EmbedProblem, vectorModel())
	}
	replacement.failing = false
	if _, err := Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "new", Embed: replacement.embed}}); err != nil {
		t.Fatal(err)
	}
	if vectorModel() != "new" {
		t.Fatalf("vector model = %q once the new model's vectors are all in", vectorModel())
	}
}

func init() {
	// Retries wait milliseconds here, not seconds.
	embedBackoff = time.Millisecond
}

// faultyEmbedder fails or misbehaves on chosen calls, as a struggling
// Ollama does.
type faultyEmbedder struct {
	mu    sync.Mutex
	calls int
	fault func(call int) ([][]float32, error) // nil result: answer normally
}

func (f *faultyEmbedder) embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	f.mu.Lock()
	f.calls++
	call := f.calls
	f.mu.Unlock()
	if out, err := f.fault(call); out != nil || err != nil {
		return out, err
	}
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = []float32{1, 2, 3}
	}
	return out, nil
}

func TestEmbeddingFaults(t *testing.T) {
	serverError := core.ErrOllamaServer.New(errors.New("500"), "status", "500", "message", "busy")
	cases := []struct {
		name     string
		fault    func(call int) ([][]float32, error)
		problem  core.ProblemKind
		minCalls int
		maxCalls int
		switched bool
	}{
		{"two server errors, then it answers", func(call int) ([][]float32, error) {
			if call <= 2 {
				return nil, serverError
			}
			return nil, nil
		}, core.ProblemKind{}, 3, 100, true},
		{"a missing model is not retried", func(int) ([][]float32, error) {
			return nil, core.ErrModelNotFound.New(nil, "model", "bge-m3")
		}, core.ErrModelNotFound, 1, 1, false},
		{"errors that do not pass give up after the retries", func(int) ([][]float32, error) {
			return nil, serverError
		}, core.ErrOllamaServer, 4, 4, false},
		{"vectors of another length are refused", func(call int) ([][]float32, error) {
			if call == 2 {
				return [][]float32{{1, 2}}, nil
			}
			return nil, nil
		}, core.ErrEmbeddingDimension, 2, 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := storetest.Open(t, "")
			ctx := context.Background()
			root := t.TempDir()
			var text strings.Builder
			for i := range 300 {
				fmt.Fprintf(&text, "第%d段。", i)
			}
			write(t, filepath.Join(root, "a.md"), []byte(text.String()))
			kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "kb", Sources: []string{root}, Chunking: core.ChunkSettings{MaxTokens: 20}})
			fe := &faultyEmbedder{fault: c.fault}
			p, err := Sync(ctx, st, kb, Options{Embedding: &Embedding{Model: "bge-m3", Embed: fe.embed}})
			if err != nil || p.Phase != core.PhaseDone {
				t.Fatalf("sync = %+v, %v", p, err)
			}
			if (c.problem.Code == "") != (p.EmbedProblem == nil) || (c.problem.Code != "" && !c.problem.Is(p.EmbedProblem)) {
				t.Errorf("problem = %v, want %q", p.EmbedProblem, c.problem.Code)
			}
			if fe.calls < c.minCalls || fe.calls > c.maxCalls {
				t.Errorf("%d calls, want %d–%d", fe.calls, c.minCalls, c.maxCalls)
			}
			got, _ := st.KB(ctx, kb.ID)
			if (got.VectorModel == "bge-m3") != c.switched {
				t.Errorf("vector model = %q", got.VectorModel)
			}
			if dim, _ := st.EmbeddingDim(ctx, "bge-m3"); dim != 0 && dim != 3 {
				t.Errorf("stored vectors of %d numbers", dim)
			}
		})
	}
}
