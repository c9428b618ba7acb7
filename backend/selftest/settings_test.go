package selftest

import (
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestCandidates(t *testing.T) {
	keys := func(settings []core.SelfTestSetting) []string {
		var out []string
		for _, s := range settings {
			out = append(out, s.Key)
			if err := s.On(core.DefaultRetrieval).Validate(); err != nil {
				t.Errorf("%s: %v", s.Key, err)
			}
		}
		return out
	}
	tests := []struct {
		name string
		have Available
		want []string
	}{
		{"keyword only without vectors", Available{}, []string{"keyword", "keyword+neighbours"}},
		{"every retriever with vectors", Available{Vectors: true},
			[]string{"keyword", "keyword+neighbours", "vector", "hybrid", "hybrid-keyword", "hybrid-vector", "hybrid+neighbours"}},
		{"a reranker over keyword search without vectors", Available{Reranker: true}, []string{"keyword", "keyword+neighbours", "keyword+rerank"}},
		{"a reranker over hybrid search with vectors", Available{Vectors: true, Reranker: true},
			[]string{"keyword", "keyword+neighbours", "vector", "hybrid", "hybrid-keyword", "hybrid-vector", "hybrid+neighbours", "hybrid+rerank"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(Candidates(tt.have)); !equal(got, tt.want) {
				t.Errorf("candidates = %q, want %q", got, tt.want)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRecommend(t *testing.T) {
	score := func(key string, mrr, hit5 float64) core.SelfTestScore {
		return core.SelfTestScore{Setting: core.SelfTestSetting{Key: key}, MRR: mrr, Hit5: hit5}
	}
	tests := []struct {
		name   string
		scores []core.SelfTestScore
		want   string
	}{
		{"the highest MRR wins", []core.SelfTestScore{score("keyword", 0.5, 0.9), score("hybrid", 0.7, 0.8)}, "hybrid"},
		{"on equal MRR the higher hit@5 wins", []core.SelfTestScore{score("keyword", 0.7, 0.8), score("hybrid", 0.7, 0.9)}, "hybrid"},
		{"a full tie goes to the cheaper, listed first", []core.SelfTestScore{score("keyword", 0.7, 0.9), score("hybrid", 0.7, 0.9)}, "keyword"},
		{"rounding noise is a tie", []core.SelfTestScore{score("keyword", 0.7, 0.9), score("hybrid", 0.7+1e-12, 0.9)}, "keyword"},
		{"nothing to recommend", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Recommend(tt.scores); got != tt.want {
				t.Errorf("Recommend = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStale(t *testing.T) {
	run := core.SelfTestRun{VectorModel: "bge-m3", ChunkTokens: 300}
	kb := func(model string, tokens int) core.KnowledgeBase {
		return core.KnowledgeBase{VectorModel: model, Chunking: core.ChunkSettings{MaxTokens: tokens, OverlapTokens: 30}}
	}
	tests := []struct {
		name string
		kb   core.KnowledgeBase
		want bool
	}{
		{"unchanged", kb("bge-m3", 300), false},
		{"another embedding model", kb("nomic-embed-text", 300), true},
		{"vectors not all in yet", kb("", 300), true},
		{"another chunk size", kb("bge-m3", 500), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stale(run, tt.kb); got != tt.want {
				t.Errorf("Stale = %v, want %v", got, tt.want)
			}
		})
	}
}
