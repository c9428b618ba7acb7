package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/library"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
)

type reranked struct {
	Queries int `json:"queries"`
	// PairsPerQuery is the pairs the reranker was asked per query.
	PairsPerQuery float64 `json:"pairsPerQuery"`
	// KeywordMillis is a search without reranking, RerankedMillis the same
	// search with it (each query new, so nothing comes from memory), and
	// SequentialMillis the same pairs asked one at a time: the median of
	// each, per query.
	KeywordMillis    float64 `json:"keywordMillis"`
	RerankedMillis   float64 `json:"rerankedMillis"`
	SequentialMillis float64 `json:"sequentialMillis"`
	// FellBack counts searches that kept the fused order.
	FellBack int `json:"fellBack"`
}

// rerankCost measures what reranking adds to a search against the Ollama
// at host with model as the reranker: a generated folder is indexed, and
// each of queries distinct questions is searched without reranking, with
// it, and its pairs asked one by one.
func rerankCost(ctx context.Context, dir, host, model string, queries int) (reranked, error) {
	out := reranked{Queries: queries}
	base, err := url.Parse(host)
	if err != nil {
		return out, err
	}
	client := llm.NewClient(base, nil)
	folder := filepath.Join(dir, "folder")
	pool := sentencePool()
	rng := rand.New(rand.NewPCG(3, 4))
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return out, err
	}
	for i := range 200 {
		if err := os.WriteFile(filepath.Join(folder, fmt.Sprintf("%03d.md", i)), []byte(chunkText(rng, pool)), 0o644); err != nil {
			return out, err
		}
	}
	st, err := store.Open(ctx, filepath.Join(dir, "zhiku"), store.NewHolder("searchbench", ""))
	if err != nil {
		return out, err
	}
	defer st.Close()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "rerank", Sources: []string{folder}, Chunking: core.DefaultChunking})
	if err != nil {
		return out, err
	}
	if _, err := library.Sync(ctx, st, kb, library.Options{}); err != nil {
		return out, err
	}
	if err := st.ConfigureKB(ctx, kb.ID, core.KBSettings{Chunking: core.DefaultChunking, Rerank: true}, false); err != nil {
		return out, err
	}
	var pairs atomic.Int64
	counted := func(ctx context.Context, model, query, passage string) (float64, bool, error) {
		pairs.Add(1)
		return client.ScorePair(ctx, model, query, passage)
	}
	plain := search.New(st, search.Options{})
	withReranker := search.New(st, search.Options{ScorePair: counted, RerankModel: func() string { return model }, RerankBudget: time.Hour})
	if _, _, err := client.ScorePair(ctx, model, "load", "the model"); err != nil {
		return out, err
	}
	rs := core.DefaultRetrieval
	rs.Mode = core.RetrievalKeyword
	var keyword, reranking, sequential []float64
	for i := range queries {
		q := core.SearchQuery{Text: fmt.Sprintf("%s 第%d问", string([]rune(chunkText(rng, pool))[:6]), i), Mode: core.RetrievalKeyword}
		began := time.Now()
		res, err := plain.Search(ctx, q, rs)
		if err != nil {
			return out, err
		}
		keyword = append(keyword, millisSince(began))
		before := pairs.Load()
		began = time.Now()
		rr, err := withReranker.Search(ctx, q, rs)
		if err != nil {
			return out, err
		}
		reranking = append(reranking, millisSince(began))
		if rr.RerankProblem != nil {
			out.FellBack++
		}
		asked := pairs.Load() - before
		out.PairsPerQuery += float64(asked) / float64(queries)
		texts := res.Hits
		full, err := plain.Search(ctx, core.SearchQuery{Text: q.Text, Mode: q.Mode, Limit: search.RerankDepth}, rs)
		if err == nil {
			texts = full.Hits
		}
		began = time.Now()
		for _, h := range texts {
			if _, _, err := client.ScorePair(ctx, model, q.Text, h.Text); err != nil {
				return out, err
			}
		}
		sequential = append(sequential, millisSince(began))
	}
	out.KeywordMillis, out.RerankedMillis, out.SequentialMillis = median(keyword), median(reranking), median(sequential)
	return out, nil
}

func millisSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
