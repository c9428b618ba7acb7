package selftest

import (
	"strconv"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Available says which retrievers a knowledge base can use, and so which
// settings are worth comparing on it.
type Available struct {
	// Vectors: every chunk has a vector of the knowledge base's model.
	Vectors bool
	// Reranker: a reranker model is chosen in Settings.
	Reranker bool
}

// Candidates are the settings a check-up compares, cheapest first, so a
// tie goes to the earlier one. Query-time work orders them: keyword
// search alone, then a query vector (a call to the embedding model), then
// both fused; each neighbours variant follows its base, since it
// lengthens every passage a model is given. Reranking comes last: it
// asks a model about thirty passages per question, and is tried on the
// fullest search there is.
func Candidates(have Available) []core.SelfTestSetting {
	keyword := core.SelfTestSetting{Key: "keyword", Mode: core.RetrievalKeyword, KeywordWeight: 1, VectorWeight: 1}
	out := []core.SelfTestSetting{keyword, withNeighbours(keyword)}
	fullest := keyword
	if have.Vectors {
		hybrid := core.SelfTestSetting{Key: "hybrid", Mode: core.RetrievalHybrid, KeywordWeight: 1, VectorWeight: 1}
		out = append(out,
			core.SelfTestSetting{Key: "vector", Mode: core.RetrievalVector, KeywordWeight: 1, VectorWeight: 1},
			hybrid,
			core.SelfTestSetting{Key: "hybrid-keyword", Mode: core.RetrievalHybrid, KeywordWeight: 2, VectorWeight: 1},
			core.SelfTestSetting{Key: "hybrid-vector", Mode: core.RetrievalHybrid, KeywordWeight: 1, VectorWeight: 2},
			withNeighbours(hybrid))
		fullest = hybrid
	}
	if have.Reranker {
		out = append(out, withReranker(fullest))
	}
	return out
}

// AtChunkSize are the settings measured on the knowledge base cut again
// into chunks of at most tokens: keyword search without neighbours alone,
// since vectors of the new chunks are not computed for a check-up and a
// question's chunk is found there by its place in its file, not by its
// neighbours. They cost the most, as applying one cuts and embeds the
// whole knowledge base again.
func AtChunkSize(tokens int) []core.SelfTestSetting {
	return []core.SelfTestSetting{{Key: "keyword@" + strconv.Itoa(tokens), Mode: core.RetrievalKeyword, KeywordWeight: 1, VectorWeight: 1,
		ChunkTokens: tokens}}
}

// withReranker is s with the reranker ordering the first passages.
func withReranker(s core.SelfTestSetting) core.SelfTestSetting {
	s.Key += "+rerank"
	s.Rerank = true
	return s
}

// withNeighbours is s with one chunk on each side of a hit given with it.
func withNeighbours(s core.SelfTestSetting) core.SelfTestSetting {
	s.Key += "+neighbours"
	s.Neighbours = 1
	return s
}

// Recommend picks the best of scores, which are in Candidates' order: the
// highest MRR, then the highest hit@5, and on a tie the cheaper setting.
// It returns the setting's key, "" when there are no scores.
func Recommend(scores []core.SelfTestScore) string {
	best := -1
	for i, s := range scores {
		if best < 0 || better(s, scores[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return scores[best].Setting.Key
}

// better reports whether a beats b; figures closer than rounding noise
// are equal.
func better(a, b core.SelfTestScore) bool {
	const eps = 1e-9
	switch {
	case a.MRR > b.MRR+eps:
		return true
	case a.MRR < b.MRR-eps:
		return false
	}
	return a.Hit5 > b.Hit5+eps
}

// Stale reports whether run's figures no longer hold for kb: its vectors
// come from another model, or its chunks were cut to another size.
func Stale(run core.SelfTestRun, kb core.KnowledgeBase) bool {
	return run.VectorModel != kb.VectorModel || run.ChunkTokens != kb.Chunking.MaxTokens
}
