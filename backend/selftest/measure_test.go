package selftest

import (
	"context"
	"math"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Where a question's chunk comes decides its hits: the chunk itself, one
// overlapping it on its page, one whose neighbours bring it, or its text
// elsewhere all count; a neighbour counts only when neighbours are on.
func TestMeasureScoresWhereEachChunkCame(t *testing.T) {
	src := store.ChunkDetail{ID: 7, Path: "/kb/report.pdf", Page: 3, Ordinal: 4, Start: 1000, End: 1200, Text: "the source"}
	other := core.SearchHit{ChunkID: 1, Path: "/kb/notes.md", Ordinal: 0, Text: "something else"}
	hit := func(id int64, path string, page, ordinal, start, end int, text string) core.SearchHit {
		return core.SearchHit{ChunkID: id, Path: path, Page: page, Ordinal: ordinal, Start: start, End: end, Text: text}
	}
	questions := []struct {
		text string
		hits []core.SearchHit
	}{
		{"first", []core.SearchHit{hit(7, src.Path, 3, 4, 1000, 1200, "the source"), other}},                       // rank 1
		{"overlap", []core.SearchHit{other, hit(8, src.Path, 3, 9, 1150, 1400, "overlapping")}},                    // rank 2
		{"same text elsewhere", []core.SearchHit{other, other, hit(30, "/kb/copy.md", 0, 0, 0, 10, "the source")}}, // rank 3
		{"neighbour", []core.SearchHit{other, other, other, hit(9, src.Path, 3, 5, 1200, 1400, "next")}},           // rank 4 with neighbours
		{"other page", []core.SearchHit{hit(10, src.Path, 4, 12, 1000, 1200, "far"), other}},                       // never
		{"sixth", []core.SearchHit{other, other, other, other, other, hit(7, src.Path, 3, 4, 1000, 1200, "the source")}},
	}
	byText := map[string][]core.SearchHit{}
	var qs []Question
	for _, q := range questions {
		byText[q.text] = q.hits
		qs = append(qs, Question{Text: q.text, Source: src})
	}
	var asked []core.RetrievalSettings
	search := func(ctx context.Context, q core.SearchQuery, rs core.RetrievalSettings) (core.SearchResult, error) {
		asked = append(asked, rs)
		return core.SearchResult{Hits: byText[q.Text], Mode: q.Mode}, nil
	}
	inForce := core.DefaultRetrieval
	inForce.RRFK = 20
	tests := []struct {
		name            string
		setting         core.SelfTestSetting
		hit1, hit5, mrr float64
		misses          []string
	}{
		{"without neighbours", core.SelfTestSetting{Key: "keyword", Mode: core.RetrievalKeyword, KeywordWeight: 1, VectorWeight: 1},
			1.0 / 6, 3.0 / 6, (1 + 1.0/2 + 1.0/3 + 1.0/6) / 6, []string{"neighbour", "other page", "sixth"}},
		{"with neighbours", core.SelfTestSetting{Key: "keyword+neighbours", Mode: core.RetrievalKeyword, KeywordWeight: 1, VectorWeight: 1, Neighbours: 1},
			1.0 / 6, 4.0 / 6, (1 + 1.0/2 + 1.0/3 + 1.0/4 + 1.0/6) / 6, []string{"other page", "sixth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked = nil
			got, err := Measure(context.Background(), search, 1, inForce, tt.setting, qs)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got.Hit1, tt.hit1) || !near(got.Hit5, tt.hit5) || !near(got.MRR, tt.mrr) {
				t.Errorf("hit@1 %.3f hit@5 %.3f MRR %.3f; want %.3f %.3f %.3f", got.Hit1, got.Hit5, got.MRR, tt.hit1, tt.hit5, tt.mrr)
			}
			var missed []string
			for _, m := range got.Misses {
				missed = append(missed, m.Question)
				if m.Path != src.Path || m.Page != 3 || m.FirstPath == "" {
					t.Errorf("miss %+v does not say where the answer is and what came first", m)
				}
			}
			if !equal(missed, tt.misses) {
				t.Errorf("misses = %q, want %q", missed, tt.misses)
			}
			if got.Misses[len(got.Misses)-1].Rank != 6 {
				t.Errorf("the sixth's rank = %d, want 6", got.Misses[len(got.Misses)-1].Rank)
			}
			if asked[0].RRFK != 20 || asked[0].Neighbours != tt.setting.Neighbours || asked[0].Mode != tt.setting.Mode {
				t.Errorf("searched with %+v: want the setting over the settings in force", asked[0])
			}
		})
	}
}

// A vector setting whose searches fall back to keywords is not measured as
// if it had worked.
func TestMeasureRefusesAFallBack(t *testing.T) {
	problem := core.ErrQueryVectorFailed.New(nil, "model", "m", "reason", "down")
	search := func(ctx context.Context, q core.SearchQuery, rs core.RetrievalSettings) (core.SearchResult, error) {
		return core.SearchResult{Mode: core.RetrievalKeyword, VectorProblem: problem}, nil
	}
	_, err := Measure(context.Background(), search, 1, core.DefaultRetrieval, core.SelfTestSetting{Key: "vector", Mode: core.RetrievalVector},
		[]Question{{Text: "q"}})
	if !core.ErrQueryVectorFailed.Is(err) {
		t.Errorf("err = %v, want the vector problem", err)
	}
}

// Each setting says whether the reranker runs, whatever the knowledge
// base's own switch; a reranker that fell back to the fused order is not
// measured as if it had ranked.
func TestMeasureSetsTheRerankerAndRefusesItsFallBack(t *testing.T) {
	timedOut := core.ErrRerankTimedOut.New(nil, "model", "r", "seconds", "10")
	tests := []struct {
		name    string
		setting core.SelfTestSetting
		problem *core.Problem
		wantErr bool
	}{
		{"off", core.SelfTestSetting{Key: "keyword", Mode: core.RetrievalKeyword}, nil, false},
		{"on", core.SelfTestSetting{Key: "keyword+rerank", Mode: core.RetrievalKeyword, Rerank: true}, nil, false},
		{"on, fell back", core.SelfTestSetting{Key: "keyword+rerank", Mode: core.RetrievalKeyword, Rerank: true}, timedOut, true},
		{"off, a problem of the knowledge base's own reranking", core.SelfTestSetting{Key: "keyword", Mode: core.RetrievalKeyword}, timedOut, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked []*bool
			search := func(ctx context.Context, q core.SearchQuery, rs core.RetrievalSettings) (core.SearchResult, error) {
				asked = append(asked, q.Rerank)
				return core.SearchResult{Mode: core.RetrievalKeyword, RerankProblem: tt.problem}, nil
			}
			_, err := Measure(context.Background(), search, 1, core.DefaultRetrieval, tt.setting, []Question{{Text: "q"}})
			if (err != nil) != tt.wantErr || tt.wantErr && !core.ErrRerankTimedOut.Is(err) {
				t.Errorf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if len(asked) != 1 || asked[0] == nil || *asked[0] != tt.setting.Rerank {
				t.Errorf("queries asked reranking %v, want it set to %v", asked, tt.setting.Rerank)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
