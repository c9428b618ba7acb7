package search

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// scripted is a reranker whose scores are set per passage text; a text
// it has no score for gets no verdict. It counts the pairs it is asked
// and the most asked at once.
type scripted struct {
	scores  map[string]float64
	fail    error
	delay   time.Duration
	mu      sync.Mutex
	asked   []string
	queries []string
	running atomic.Int32
	most    atomic.Int32
}

func (s *scripted) score(ctx context.Context, model, query, passage string) (float64, bool, error) {
	n := s.running.Add(1)
	defer s.running.Add(-1)
	for m := s.most.Load(); n > m && !s.most.CompareAndSwap(m, n); m = s.most.Load() {
	}
	s.mu.Lock()
	s.asked = append(s.asked, passage)
	s.queries = append(s.queries, query)
	s.mu.Unlock()
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-ctx.Done():
			return 0, false, ctx.Err()
		}
	}
	if s.fail != nil {
		return 0, false, s.fail
	}
	score, ok := s.scores[passage]
	return score, ok, nil
}

func (s *scripted) askedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.asked)
}

// rerankFixture is a knowledge base of n passages about 长城, each its own
// file, with reranking on unless off is set.
func rerankFixture(t *testing.T, n int, off bool) (*fixture, []string) {
	f := newFixture(t)
	var texts []string
	for i := range n {
		text := fmt.Sprintf("长城的第%d段介绍，写的是第%d件事。", i, i)
		texts = append(texts, text)
		f.put(fmt.Sprintf("/docs/%02d.md", i), text)
	}
	if !off {
		if err := f.st.ConfigureKB(f.ctx, f.kb.ID, core.KBSettings{Chunking: core.DefaultChunking, Rerank: true}, false); err != nil {
			t.Fatal(err)
		}
	}
	return f, texts
}

func (f *fixture) rerankEngine(s *scripted, model string, budget time.Duration) *Engine {
	e := New(f.st, Options{Dir: filepath.Join(f.dir, "index"), ScorePair: s.score,
		RerankModel: func() string { return model }, RerankBudget: budget})
	f.t.Cleanup(e.Wait)
	return e
}

func texts(res core.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Text)
	}
	return out
}

func TestRerankOrdersByScoreAndKeepsUnjudgedPassagesInPlace(t *testing.T) {
	f, all := rerankFixture(t, 5, false)
	query := core.SearchQuery{Text: "长城", Limit: 5}
	fused := texts(f.search(f.engine(nil), query))
	// The model likes the fused order's last passage best and gives the
	// second no verdict: the second stays second, the rest follow scores.
	s := &scripted{scores: map[string]float64{fused[0]: 0.2, fused[2]: 0.5, fused[3]: 0.1, fused[4]: 0.9}}
	res := f.search(f.rerankEngine(s, "reranker", time.Minute), query)
	want := []string{fused[4], fused[1], fused[2], fused[0], fused[3]}
	if got := texts(res); !slices.Equal(got, want) {
		t.Fatalf("order = %q\nwant    %q", got, want)
	}
	if res.RerankModel != "reranker" || res.RerankProblem != nil {
		t.Errorf("rerank model %q, problem %v; want reranker and none", res.RerankModel, res.RerankProblem)
	}
	wantScores := []float64{0.9, -1, 0.5, 0.2, 0.1}
	for i, h := range res.Hits {
		if got := h.RerankScore; (got == nil) != (wantScores[i] < 0) || got != nil && *got != wantScores[i] {
			t.Errorf("hit %d rerank score = %v, want %v (-1: none)", i, got, wantScores[i])
		}
	}
	if len(all) != s.askedCount() {
		t.Errorf("%d pairs asked, want one per passage (%d)", s.askedCount(), len(all))
	}
}

func TestRerankFallsBackToTheFusedOrder(t *testing.T) {
	tests := []struct {
		name    string
		off     bool
		model   string
		scorer  *scripted
		budget  time.Duration
		problem *core.ProblemKind
		asked   bool
	}{
		{name: "reranking off", off: true, model: "reranker", scorer: &scripted{}, asked: false},
		{name: "no model chosen", model: "", scorer: &scripted{}, problem: &core.ErrNoRerankModel},
		{name: "Ollama down or the model missing", model: "reranker", scorer: &scripted{fail: core.ErrModelNotFound.New(nil, "model", "reranker")},
			problem: &core.ErrRerankFailed, asked: true},
		{name: "over budget", model: "reranker", scorer: &scripted{delay: time.Minute}, budget: 50 * time.Millisecond,
			problem: &core.ErrRerankTimedOut, asked: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, all := rerankFixture(t, 6, tt.off)
			query := core.SearchQuery{Text: "长城"}
			fused := texts(f.search(f.engine(nil), query))
			tt.scorer.scores = map[string]float64{}
			for i, text := range all {
				tt.scorer.scores[text] = float64(i) / 10 // scores that would reorder them
			}
			began := time.Now()
			res := f.search(f.rerankEngine(tt.scorer, tt.model, tt.budget), query)
			if got := texts(res); !slices.Equal(got, fused) {
				t.Errorf("order = %q\nwant the fused %q", got, fused)
			}
			if (res.RerankProblem == nil) != (tt.problem == nil) || tt.problem != nil && !tt.problem.Is(res.RerankProblem) {
				t.Errorf("problem = %v, want %v", res.RerankProblem, tt.problem)
			}
			if res.RerankModel != "" || slices.ContainsFunc(res.Hits, func(h core.SearchHit) bool { return h.RerankScore != nil }) {
				t.Errorf("a fallback names the model %q or carries scores: %+v", res.RerankModel, res.Hits)
			}
			if asked := tt.scorer.askedCount() > 0; asked != tt.asked {
				t.Errorf("the reranker was asked: %v, want %v", asked, tt.asked)
			}
			if time.Since(began) > 10*time.Second {
				t.Errorf("the search took %v, past its budget", time.Since(began))
			}
		})
	}
}

func TestRerankScoresAreCachedAndAskedInParallel(t *testing.T) {
	f, all := rerankFixture(t, 12, false)
	// Two files hold the same passage: it is scored once.
	f.put("/docs/copy.md", all[3])
	s := &scripted{scores: map[string]float64{}, delay: 20 * time.Millisecond}
	for i, text := range all {
		s.scores[text] = float64(i) / 100
	}
	e := f.rerankEngine(s, "reranker", time.Minute)
	query := core.SearchQuery{Text: "长城", Limit: 3}
	first := f.search(e, query)
	if s.askedCount() != len(all) {
		t.Fatalf("%d pairs asked, want %d: each distinct passage once", s.askedCount(), len(all))
	}
	if most := s.most.Load(); most < 2 || most > rerankParallel {
		t.Errorf("at most %d pairs asked at once, want 2 to %d", most, rerankParallel)
	}
	// The next page, and the same query again, cost no more questions.
	next := f.search(e, core.SearchQuery{Text: "长城", Limit: 3, Offset: 3})
	again := f.search(e, query)
	if s.askedCount() != len(all) {
		t.Errorf("%d pairs asked after paging and asking again, want still %d", s.askedCount(), len(all))
	}
	if !slices.Equal(texts(first), texts(again)) {
		t.Errorf("the same query reranked differently: %q then %q", texts(first), texts(again))
	}
	want := []string{all[11], all[10], all[9], all[8], all[7], all[6]}
	if got := append(texts(first), texts(next)...); !slices.Equal(got, want) {
		t.Errorf("pages 1 and 2 = %q\nwant %q", got, want)
	}
	if !next.More {
		t.Error("page 2 of 12 passages says nothing follows")
	}
	// Another model is another question.
	other := f.rerankEngine(s, "another-reranker", time.Minute)
	other.scores = scoreCache{}
	f.search(other, query)
	if s.askedCount() != 2*len(all) {
		t.Errorf("%d pairs asked after a second model, want %d", s.askedCount(), 2*len(all))
	}
}

func TestRerankTimeoutKeepsScoresForTheNextSearch(t *testing.T) {
	f, all := rerankFixture(t, 8, false)
	s := &scripted{scores: map[string]float64{}, delay: 60 * time.Millisecond}
	for i, text := range all {
		s.scores[text] = float64(i) / 10
	}
	e := f.rerankEngine(s, "reranker", 100*time.Millisecond)
	res := f.search(e, core.SearchQuery{Text: "长城"})
	if !core.ErrRerankTimedOut.Is(res.RerankProblem) {
		t.Fatalf("problem = %v, want timed out", res.RerankProblem)
	}
	firstAsked := s.askedCount()
	e.opts.RerankBudget = time.Minute
	res = f.search(e, core.SearchQuery{Text: "长城"})
	if res.RerankProblem != nil || res.Hits[0].Text != all[7] {
		t.Fatalf("second search: problem %v, first %q; want reranked with %q first", res.RerankProblem, res.Hits[0].Text, all[7])
	}
	if asked := s.askedCount() - firstAsked; asked >= len(all) {
		t.Errorf("the second search asked %d pairs again; the scores the first got should be kept", asked)
	}
}

func TestScoreCacheIsBounded(t *testing.T) {
	var sc scoreCache
	for i := range rerankCacheSize + 10 {
		sc.put(fmt.Sprint(i), pairScore{score: 1, known: true})
	}
	if _, ok := sc.get("0"); ok {
		t.Error("the oldest score is still kept past the bound")
	}
	if _, ok := sc.get(fmt.Sprint(rerankCacheSize + 9)); !ok {
		t.Error("the newest score is gone")
	}
	if len(sc.scores) != rerankCacheSize || len(sc.order) != rerankCacheSize {
		t.Errorf("%d scores kept, want %d", len(sc.scores), rerankCacheSize)
	}
}

func TestRerankJudgesAgainstTheStandaloneRewrite(t *testing.T) {
	f, _ := rerankFixture(t, 3, false)
	s := &scripted{scores: map[string]float64{}}
	f.search(f.rerankEngine(s, "reranker", time.Minute), core.SearchQuery{Text: "它呢？", Variants: []string{"长城有多长？"}})
	if len(s.queries) == 0 || slices.ContainsFunc(s.queries, func(q string) bool { return q != "长城有多长？" }) {
		t.Errorf("pairs asked with the queries %q, want the rewrite alone", s.queries)
	}
}

// A query can turn reranking on or off whatever the knowledge base says,
// so a check-up measures both sides of the switch.
func TestQueryTurnsRerankingOnOrOff(t *testing.T) {
	on, off := true, false
	tests := []struct {
		name     string
		kbOff    bool
		override *bool
		reranked bool
	}{
		{"as the knowledge base says, on", false, nil, true},
		{"as the knowledge base says, off", true, nil, false},
		{"on for a knowledge base that is off", true, &on, true},
		{"off for a knowledge base that is on", false, &off, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, all := rerankFixture(t, 3, tt.kbOff)
			s := &scripted{scores: map[string]float64{all[0]: 0.1, all[1]: 0.2, all[2]: 0.3}}
			res := f.search(f.rerankEngine(s, "reranker", time.Minute), core.SearchQuery{Text: "长城", Limit: 3, Rerank: tt.override})
			if got := res.RerankModel == "reranker"; got != tt.reranked {
				t.Errorf("reranked = %v (model %q, problem %v), want %v", got, res.RerankModel, res.RerankProblem, tt.reranked)
			}
			if got := s.askedCount() > 0; got != tt.reranked {
				t.Errorf("%d pairs asked, want some: %v", s.askedCount(), tt.reranked)
			}
		})
	}
}
