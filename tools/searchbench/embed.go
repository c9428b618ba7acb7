package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/library"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/store"
)

type embedded struct {
	Chunks int `json:"chunks"`
	// ZhikuPerSecond is chunks embedded per second by a sync, vectors
	// stored; DirectPerSecond the best rate of the same texts sent
	// straight to the same Ollama, at DirectBatch texts per request.
	ZhikuPerSecond  float64 `json:"zhikuPerSecond"`
	DirectPerSecond float64 `json:"directPerSecond"`
	DirectBatch     int     `json:"directBatch"`
	ZhikuBatch      int     `json:"zhikuBatch"`
}

// embedRate measures the embedding pipeline against the Ollama at host:
// the chunks of a generated folder are indexed without vectors, then sent
// straight to Ollama in batches of several sizes (the best rate is the
// baseline), then embedded by a sync, which also stores every vector.
func embedRate(ctx context.Context, dir, host, model string, files int) (embedded, error) {
	out := embedded{ZhikuBatch: library.EmbedBatch}
	base, err := url.Parse(host)
	if err != nil {
		return out, err
	}
	client := llm.NewClient(base, nil)
	folder := filepath.Join(dir, "folder")
	pool := sentencePool()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range files {
		path := filepath.Join(folder, fmt.Sprintf("%04d.md", i))
		os.MkdirAll(filepath.Dir(path), 0o755)
		var b strings.Builder
		for b.Len() < 4000 {
			b.WriteString(chunkText(rng, pool) + "\n\n")
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			return out, err
		}
	}
	st, err := store.Open(ctx, filepath.Join(dir, "zhiku"), store.NewHolder("searchbench", ""))
	if err != nil {
		return out, err
	}
	defer st.Close()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "embed", Sources: []string{folder}, Chunking: core.DefaultChunking})
	if err != nil {
		return out, err
	}
	if _, err := library.Sync(ctx, st, kb, library.Options{}); err != nil {
		return out, err
	}
	pending, err := st.PendingEmbeddings(ctx, kb.ID, model, 1<<30)
	if err != nil {
		return out, err
	}
	texts := make([]string, len(pending))
	for i, p := range pending {
		texts[i] = p.Text
	}
	out.Chunks = len(texts)
	if _, err := client.Embed(ctx, model, texts[:1]); err != nil { // load the model
		return out, err
	}
	for _, batch := range []int{16, 32, 64, 128} {
		began := time.Now()
		for i := 0; i < len(texts); i += batch {
			if _, err := client.Embed(ctx, model, texts[i:min(i+batch, len(texts))]); err != nil {
				return out, err
			}
		}
		if rate := float64(len(texts)) / time.Since(began).Seconds(); rate > out.DirectPerSecond {
			out.DirectPerSecond, out.DirectBatch = rate, batch
		}
	}
	began := time.Now()
	p, err := library.Sync(ctx, st, kb, library.Options{Embedding: &library.Embedding{Model: model, Embed: client.Embed}})
	if err != nil {
		return out, err
	}
	if p.Embedded != len(texts) || p.EmbedPending != 0 {
		return out, fmt.Errorf("the sync embedded %d of %d chunks (%v)", p.Embedded, len(texts), p.EmbedProblem)
	}
	out.ZhikuPerSecond = float64(p.Embedded) / time.Since(began).Seconds()
	return out, nil
}
