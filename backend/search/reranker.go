package search

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

const (
	// RerankDepth is how many of the first passages, after duplicates are
	// folded, a reranker orders: enough to lift a passage the retrievers
	// placed low, few enough to score in seconds.
	RerankDepth = 30
	// rerankParallel bounds the pairs asked at once. Ollama runs as many
	// as its OLLAMA_NUM_PARALLEL lets it and queues the rest, so more
	// would only wait there, holding the budget.
	rerankParallel = 4
	// DefaultRerankBudget is the time reranking may add to a search before
	// the passages keep the fused order.
	DefaultRerankBudget = 10 * time.Second
	// rerankCacheSize bounds the scores kept in memory: a few hundred
	// queries' worth of passages.
	rerankCacheSize = 8192
)

// scoreCache keeps reranker scores by model, query and chunk hash, so
// asking again, paging on, or a chat's next turn over the same passages
// costs nothing. When full, the oldest scores go first.
type scoreCache struct {
	mu     sync.Mutex
	scores map[string]pairScore
	order  []string
}

type pairScore struct {
	score float64
	known bool
}

func (sc *scoreCache) get(key string) (pairScore, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	s, ok := sc.scores[key]
	return s, ok
}

func (sc *scoreCache) put(key string, s pairScore) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.scores == nil {
		sc.scores = map[string]pairScore{}
	}
	if _, ok := sc.scores[key]; ok {
		return
	}
	if len(sc.order) >= rerankCacheSize {
		delete(sc.scores, sc.order[0])
		sc.order = sc.order[1:]
	}
	sc.scores[key] = s
	sc.order = append(sc.order, key)
}

func scoreKey(model, query, chunkHash string) string {
	return model + "\x00" + query + "\x00" + chunkHash
}

// reranking says whether a search over kbs reranks, and with which
// model; a problem when a knowledge base asks for it and no model is
// chosen.
func (e *Engine) reranking(kbs []core.KnowledgeBase) (model string, on bool, problem *core.Problem) {
	if e.opts.ScorePair == nil || !slices.ContainsFunc(kbs, func(kb core.KnowledgeBase) bool { return kb.Rerank }) {
		return "", false, nil
	}
	if e.opts.RerankModel != nil {
		model = e.opts.RerankModel()
	}
	if model == "" {
		return "", false, core.ErrNoRerankModel.New(nil)
	}
	return model, true, nil
}

// rankAndRerank ranks the candidates as rank does and, when reranking is
// on, has the reranker order the first RerankDepth results before
// diversity picks among them. Every page then reads at least that far,
// so each is cut from the same order.
func (e *Engine) rankAndRerank(ctx context.Context, res *core.SearchResult, kbs []core.KnowledgeBase, query string,
	candidates []*candidate, offset, pageEnd int, rs core.RetrievalSettings) ([]*candidate, bool, error) {
	model, on, problem := e.reranking(kbs)
	res.RerankProblem = problem
	if !on {
		return e.rank(ctx, candidates, offset, pageEnd, rs, nil)
	}
	reorder := func(kept []*candidate) {
		if problem := e.rerank(ctx, model, query, kept[:min(len(kept), RerankDepth)]); problem != nil {
			res.RerankProblem = problem
		} else {
			res.RerankModel = model
		}
	}
	ranked, more, err := e.rank(ctx, candidates, offset, max(pageEnd, RerankDepth), rs, reorder)
	return ranked, more || len(ranked) > pageEnd, err
}

// rerank orders head, the first passages, by the reranker's scores. Only
// passages of knowledge bases with reranking on are scored; they trade
// places among themselves, while the others, and any the model gave no
// verdict on, keep theirs. When a pair fails or the budget runs out the
// order is left as fused and the problem says why; the scores given by
// then are kept for the next search.
func (e *Engine) rerank(ctx context.Context, model, query string, head []*candidate) *core.Problem {
	budget := e.opts.RerankBudget
	if budget <= 0 {
		budget = DefaultRerankBudget
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	scores, err := e.scoreAll(ctx, model, query, head)
	switch {
	case err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return core.ErrRerankTimedOut.New(err, "model", model, "seconds", strconv.FormatFloat(budget.Seconds(), 'f', -1, 64))
	case err != nil:
		reason := err.Error()
		if p := core.AsProblem(err); p != nil {
			reason = p.In(core.LocaleEnglish)
		}
		return core.ErrRerankFailed.New(err, "model", model, "reason", reason)
	}
	var slots []int
	var scored []*candidate
	for i, c := range head {
		if s, ok := scores[c.detail.Hash]; ok && s.known && c.kb.Rerank {
			c.rerankScore = &s.score
			slots = append(slots, i)
			scored = append(scored, c)
		}
	}
	slices.SortStableFunc(scored, func(a, b *candidate) int {
		switch {
		case *a.rerankScore > *b.rerankScore:
			return -1
		case *a.rerankScore < *b.rerankScore:
			return 1
		}
		return 0
	})
	for i, slot := range slots {
		head[slot] = scored[i]
	}
	return nil
}

// scoreAll scores each distinct passage of the reranking knowledge bases
// in head, from the cache or from the model, rerankParallel at a time.
// The first error stops the rest.
func (e *Engine) scoreAll(ctx context.Context, model, query string, head []*candidate) (map[string]pairScore, error) {
	scores := map[string]pairScore{}
	var asked []*candidate
	for _, c := range head {
		if !c.kb.Rerank {
			continue
		}
		if _, done := scores[c.detail.Hash]; done {
			continue
		}
		if s, ok := e.scores.get(scoreKey(model, query, c.detail.Hash)); ok {
			scores[c.detail.Hash] = s
			continue
		}
		scores[c.detail.Hash] = pairScore{} // asked once, however often the text repeats
		asked = append(asked, c)
	}
	if len(asked) == 0 {
		return scores, nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan *candidate)
	for range min(rerankParallel, len(asked)) {
		wg.Go(func() {
			for c := range next {
				score, known, err := e.opts.ScorePair(ctx, model, query, c.detail.Text)
				if err != nil {
					cancel(err)
					continue
				}
				s := pairScore{score: score, known: known}
				e.scores.put(scoreKey(model, query, c.detail.Hash), s)
				mu.Lock()
				scores[c.detail.Hash] = s
				mu.Unlock()
			}
		})
	}
feed:
	for _, c := range asked {
		select {
		case next <- c:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return scores, nil
}
