package selftest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// SearchFunc runs one search, as search.Engine.Search does.
type SearchFunc func(ctx context.Context, q core.SearchQuery, rs core.RetrievalSettings) (core.SearchResult, error)

// Question is a question a model wrote about a chunk, and that chunk.
type Question struct {
	Text   string
	Source store.ChunkDetail
}

// depth is how many results a question's search asks for: MRR is counted
// in the first ten, hits in the first five.
const depth = 10

// firstTextRunes caps what a miss shows of the passage that came first.
const firstTextRunes = 160

// Measure searches every question in the knowledge base kbID with setting
// laid over the retrieval settings in force, and scores where each
// question's chunk came.
func Measure(ctx context.Context, search SearchFunc, kbID int64, inForce core.RetrievalSettings, setting core.SelfTestSetting, questions []Question) (core.SelfTestScore, error) {
	score := core.SelfTestScore{Setting: setting, Misses: []core.SelfTestMiss{}}
	rs := setting.On(inForce)
	took := make([]float64, 0, len(questions))
	for _, q := range questions {
		began := time.Now()
		res, err := search(ctx, core.SearchQuery{Text: q.Text, KBIDs: []int64{kbID}, Limit: depth, Mode: setting.Mode, Rerank: &setting.Rerank}, rs)
		if err != nil {
			return score, fmt.Errorf("search %q with %s: %w", q.Text, setting.Key, err)
		}
		took = append(took, float64(time.Since(began).Microseconds())/1000)
		if res.Mode != setting.Mode {
			if res.VectorProblem != nil {
				return score, res.VectorProblem
			}
			return score, fmt.Errorf("asked for %s search, got %s", setting.Mode, res.Mode)
		}
		if setting.Rerank && res.RerankProblem != nil {
			// Figures in the fused order would be reported as the
			// reranker's.
			return score, res.RerankProblem
		}
		rank := rankOf(res.Hits, q.Source, setting.Neighbours)
		if rank == 1 {
			score.Hit1++
		}
		if rank >= 1 && rank <= 5 {
			score.Hit5++
		} else {
			score.Misses = append(score.Misses, miss(q, rank, res.Hits))
		}
		if rank > 0 {
			score.MRR += 1 / float64(rank)
		}
	}
	if n := float64(len(questions)); n > 0 {
		score.Hit1, score.Hit5, score.MRR = score.Hit1/n, score.Hit5/n, score.MRR/n
	}
	slices.Sort(took)
	if len(took) > 0 {
		score.P50Millis = took[len(took)/2]
	}
	return score, nil
}

// rankOf is the 1-based rank of the first hit that gives the source's
// text: the chunk itself, one overlapping it on the same file and page,
// one whose neighbours bring it along, or the same text elsewhere (which
// search folds into one hit). 0 when none does. A source without an id
// comes from another index of the same files, whose ordinals differ, so
// only overlap and text find it.
func rankOf(hits []core.SearchHit, source store.ChunkDetail, neighbours int) int {
	sameIndex := source.ID != 0
	for i, h := range hits {
		if (sameIndex && h.ChunkID == source.ID) || h.Text == source.Text {
			return i + 1
		}
		if h.Path != source.Path {
			continue
		}
		overlaps := h.Page == source.Page && h.Start < source.End && source.Start < h.End
		if overlaps || (sameIndex && abs(h.Ordinal-source.Ordinal) <= neighbours) {
			return i + 1
		}
	}
	return 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// miss describes a question whose chunk was not among the first five.
func miss(q Question, rank int, hits []core.SearchHit) core.SelfTestMiss {
	m := core.SelfTestMiss{Question: q.Text, Path: q.Source.Path, Page: q.Source.Page, Rank: rank}
	if len(hits) > 0 {
		first := []rune(hits[0].Text)
		if len(first) > firstTextRunes {
			first = append(first[:firstTextRunes], '…')
		}
		m.FirstPath, m.FirstPage, m.FirstText = hits[0].Path, hits[0].Page, string(first)
	}
	return m
}
