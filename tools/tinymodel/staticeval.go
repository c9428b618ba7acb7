package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/zhiku-app/zhiku/backend/evaluate"
	"github.com/zhiku-app/zhiku/backend/squad"
	"github.com/zhiku-app/zhiku/backend/store"
)

// evaluateStatic runs the retrieval evaluation on the set at path (every
// article, or every n-th when every > 1, as the rig's test takes them)
// with the static model's vectors computed in this process, the same
// arithmetic Ollama does, at the chunking zhiku eval uses by default.
func evaluateStatic(path string, every int, w io.Writer) error {
	set, err := squad.Load(path)
	if err != nil {
		return err
	}
	set = squad.EveryNthArticle(set, every)
	began := time.Now()
	m, err := buildStaticModel()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "model built in %.1f s: %d tokens, %d wide\n", time.Since(began).Seconds(), len(m.tokens), staticWidth)
	embed := func(_ context.Context, _ string, texts []string) ([][]float32, error) {
		out := make([][]float32, len(texts))
		for i, t := range texts {
			out[i] = m.Embed(t)
		}
		return out, nil
	}
	dir, err := os.MkdirTemp("", "tinymodel-eval-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := store.Open(ctx, dir, store.NewHolder("tinymodel", ""))
	if err != nil {
		return err
	}
	defer st.Close()
	began = time.Now()
	rep, err := evaluate.Run(ctx, st, set, evaluate.Options{
		MaxChars: 180, OverlapTokens: 30, EmbedModel: "zhiku-static-embed", Embed: embed})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d questions, %d chunks, evaluated in %.1f s\n", rep.Questions, rep.Chunks, time.Since(began).Seconds())
	for _, s := range rep.Scores {
		fmt.Fprintf(w, "%-8s recall@1 %.3f @3 %.3f @5 %.3f @10 %.3f MRR@10 %.3f\n", s.Mode, s.Recall[1], s.Recall[3], s.Recall[5], s.Recall[10], s.MRR)
	}
	return nil
}
