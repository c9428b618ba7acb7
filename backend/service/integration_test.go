//go:build integration

package service

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// rigBackend opens a backend on the Ollama test server with the given
// default embedding model.
func rigBackend(t *testing.T, embedModel string) (*Backend, context.Context) {
	t.Helper()
	rig := llmtest.RigFromEnv(t)
	t.Setenv("OLLAMA_HOST", rig.Host.Host)
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	if _, err := b.Settings.Update(ctx, core.Settings{Language: "system", Theme: core.ThemeSystem, DefaultEmbedModel: embedModel}); err != nil {
		t.Fatal(err)
	}
	return b, ctx
}

// A knowledge base indexed with the real Ollama test server: every distinct
// chunk text gets a vector from the embedding model, through batched
// /api/embed calls, while the files are parsed.
func TestIntegrationIndexingEmbedsThroughOllama(t *testing.T) {
	b, ctx := rigBackend(t, llmtest.EmbedModel)
	root := folder(t, "资料", map[string]string{
		"a.md":  "# 一\n\n" + strings.Repeat("知库把文件变成知识。", 60),
		"b.txt": strings.Repeat("Retrieval needs good chunks. ", 80),
	})
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "资料", Sources: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := b.Library.Wait(ctx, kb.ID)
	if err != nil || p.Phase != core.PhaseDone || p.EmbedProblem != nil || p.EmbedPending != 0 || p.Embedded == 0 {
		t.Fatalf("sync = %+v, %v", p, err)
	}
	chunks, _ := b.store.Chunks(ctx, kb.ID, root+"/a.md")
	v, ok, err := b.store.Embedding(ctx, llmtest.EmbedModel, chunks[0].Hash)
	if err != nil || !ok || len(v) != 32 {
		t.Fatalf("vector of the first chunk: %d dimensions, found %v, %v", len(v), ok, err)
	}
}

// An embedding model that is not installed stops the vectors with a clear
// problem, never the text index.
func TestIntegrationMissingEmbeddingModel(t *testing.T) {
	b, ctx := rigBackend(t, "bge-m3:not-pulled")
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "x", Sources: []string{folder(t, "x", map[string]string{"a.md": "内容。"})}})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := b.Library.Wait(ctx, kb.ID)
	if p.Phase != core.PhaseDone || !core.ErrModelNotFound.Is(p.EmbedProblem) || p.EmbedPending != 1 {
		t.Fatalf("sync with a missing embedding model = %+v", p)
	}
	if kbs, _ := b.Library.List(ctx); kbs[0].Stats.Indexed != 1 {
		t.Fatal("the text index suffered from the missing model")
	}
}

// Hybrid search on the real Ollama test server: the query is embedded with
// the knowledge base's model and both retrievers rank the chunks. The tiny
// model's vectors carry no meaning, so only the mechanics are checked.
func TestIntegrationHybridSearch(t *testing.T) {
	b, ctx := rigBackend(t, llmtest.EmbedModel)
	travelKB(t, b, ctx)
	if kbs, _ := b.Library.List(ctx); kbs[0].VectorModel != llmtest.EmbedModel {
		t.Fatalf("vector model = %q once every chunk has its vector", kbs[0].VectorModel)
	}
	res, err := b.Search.Query(ctx, core.SearchQuery{Text: "兵马俑"})
	if err != nil || res.Mode != core.RetrievalHybrid || res.VectorProblem != nil {
		t.Fatalf("Query = %+v, %v", res, err)
	}
	top := res.Hits[0]
	if !strings.HasSuffix(top.Path, "西安.md") || top.KeywordRank != 1 || top.VectorRank == 0 {
		t.Fatalf("top hit = %+v", top)
	}
	res, err = b.Search.Query(ctx, core.SearchQuery{Text: "兵马俑", Mode: core.RetrievalVector})
	if err != nil || res.Mode != core.RetrievalVector || len(res.Hits) != 2 {
		t.Fatalf("vector-only Query = %+v, %v", res, err)
	}
}

// travelKB indexes two short Chinese travel notes, with vectors from the
// backend's embedding model.
func travelKB(t *testing.T, b *Backend, ctx context.Context) core.KnowledgeBase {
	t.Helper()
	root := folder(t, "旅行", map[string]string{
		"西安.md":  "# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。",
		"杭州.txt": "西湖位于杭州市西部，是中国著名的风景名胜区。",
	})
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "旅行", Sources: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := b.Library.Wait(ctx, kb.ID); err != nil || p.EmbedPending != 0 {
		t.Fatalf("sync = %+v, %v", p, err)
	}
	return kb
}
