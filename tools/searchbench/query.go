package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/squad"
	"github.com/zhiku-app/zhiku/backend/store"
)

type latency struct {
	P50 float64 `json:"p50Millis"`
	P95 float64 `json:"p95Millis"`
}

type queried struct {
	Chunks  int     `json:"chunks"`
	Chromem latency `json:"chromem"`
	Vector  latency `json:"vector"`
	Keyword latency `json:"keyword"`
	Hybrid  latency `json:"hybrid"`
}

func questions(n int) []string {
	var out []string
	if path, ok := squad.FindCMRC(); ok {
		if set, err := squad.Load(path); err == nil {
			for _, a := range set.Data {
				for _, p := range a.Paragraphs {
					for _, qa := range p.QAs {
						out = append(out, qa.Question)
					}
				}
			}
		}
	}
	if len(out) == 0 {
		out = []string{"中文检索怎样切块？", "增量同步", "retrieval passages"}
	}
	for len(out) < n {
		out = append(out, out...)
	}
	return out[:n]
}

func measure(n int, run func(i int) error) (latency, error) {
	took := make([]float64, 0, n)
	for i := range n {
		began := time.Now()
		if err := run(i); err != nil {
			return latency{}, err
		}
		took = append(took, float64(time.Since(began).Microseconds())/1000)
	}
	slices.Sort(took)
	return latency{P50: took[len(took)/2], P95: took[len(took)*95/100]}, nil
}

func query(ctx context.Context, dir string, n int) (queried, error) {
	var out queried
	st, err := store.Open(ctx, storeDir(dir), store.NewHolder("searchbench", ""))
	if err != nil {
		return out, err
	}
	defer st.Close()
	kbs, err := st.KBs(ctx)
	if err != nil || len(kbs) == 0 {
		return out, errors.New("nothing prepared")
	}
	kb := kbs[0]

	// Bare chromem-go with the same vectors: the baseline.
	coll, err := chromem.NewDB().CreateCollection("chunks", nil, func(context.Context, string) ([]float32, error) {
		return nil, errors.New("no embedding here")
	})
	if err != nil {
		return out, err
	}
	dim := 0
	err = st.EachVector(ctx, kb.ID, benchModel, func(id int64, v []float32) error {
		dim = len(v)
		out.Chunks++
		return coll.AddDocument(ctx, chromem.Document{ID: strconv.FormatInt(id, 10), Embedding: v})
	})
	if err != nil {
		return out, err
	}

	texts := questions(n)
	rng := rand.New(rand.NewPCG(7, 7))
	vectors := map[string][]float32{}
	for _, t := range texts {
		if vectors[t] == nil {
			vectors[t] = randomUnit(rng, dim)
		}
	}
	engine := search.New(st, search.Options{
		Dir: filepath.Join(storeDir(dir), "index"),
		Embed: func(_ context.Context, _ string, in []string) ([][]float32, error) {
			return [][]float32{vectors[in[0]]}, nil
		},
	})
	if err := engine.Warm(ctx); err != nil {
		return out, err
	}
	if out.Chromem, err = measure(n, func(i int) error {
		_, err := coll.QueryEmbedding(ctx, vectors[texts[i]], core.DefaultSearchLimit, nil, nil)
		return err
	}); err != nil {
		return out, err
	}
	rs := core.DefaultRetrieval
	for _, m := range []struct {
		mode core.RetrievalMode
		into *latency
	}{{core.RetrievalVector, &out.Vector}, {core.RetrievalKeyword, &out.Keyword}, {core.RetrievalHybrid, &out.Hybrid}} {
		*m.into, err = measure(n, func(i int) error {
			res, err := engine.Search(ctx, core.SearchQuery{Text: texts[i], Mode: m.mode}, rs)
			if err == nil && res.Mode != m.mode {
				err = errors.New("asked for " + string(m.mode) + ", got " + string(res.Mode))
			}
			return err
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
