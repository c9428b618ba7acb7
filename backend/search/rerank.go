package search

import (
	"github.com/zhiku-app/zhiku/backend/search/analyze"
	"github.com/zhiku-app/zhiku/backend/search/vector"
)

// nearDuplicate is the share of shared character pairs and words above
// which two chunks count as the same passage (a file saved twice, a
// boilerplate paragraph repeated in every chapter).
const nearDuplicate = 0.9

// termSet is a chunk's distinct pairs and words, for comparing texts.
func termSet(text string) map[string]struct{} {
	set := map[string]struct{}{}
	analyze.Terms(text, func(t analyze.Term) {
		if t.Kind != analyze.Single {
			set[t.Text] = struct{}{}
		}
	})
	return set
}

func jaccard(a, b map[string]struct{}) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	shared := 0
	for t := range a {
		if _, ok := b[t]; ok {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// dedupe folds each candidate that repeats a better one (the same text, or
// nearly) into it, keeping the order.
func dedupe(candidates []*candidate) []*candidate {
	sets := make([]map[string]struct{}, len(candidates))
	var kept []*candidate
	var keptSets []map[string]struct{}
next:
	for i, c := range candidates {
		for j, k := range kept {
			if c.detail.Hash == k.detail.Hash {
				k.duplicates++
				continue next
			}
			if sets[i] == nil {
				sets[i] = termSet(c.detail.Text)
			}
			if keptSets[j] == nil {
				keptSets[j] = termSet(k.detail.Text)
			}
			if jaccard(sets[i], keptSets[j]) >= nearDuplicate {
				k.duplicates++
				continue next
			}
		}
		kept = append(kept, c)
		keptSets = append(keptSets, sets[i])
	}
	return kept
}

// cosine is the similarity of two chunks' vectors, if both have one.
func (ix *kbIndex) cosine(a, b int64) (float64, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.vectors == nil {
		return 0, false
	}
	va, okA := ix.vectors.Vector(a)
	vb, okB := ix.vectors.Vector(b)
	if !okA || !okB {
		return 0, false
	}
	return vector.Cosine(va, vb), true
}

// diversify re-ranks by maximal marginal relevance: each next pick is the
// candidate with the best lambda*relevance - (1-lambda)*similarity to the
// closest already picked. Similarity is the cosine of the chunks' vectors
// where both have one, else the overlap of their terms.
func diversify(candidates []*candidate, limit int, lambda float64) []*candidate {
	if len(candidates) < 2 {
		return candidates
	}
	top := candidates[0].score
	sets := make([]map[string]struct{}, len(candidates))
	similarity := func(i, j int) float64 {
		a, b := candidates[i], candidates[j]
		if a.ix == b.ix {
			if sim, ok := a.ix.cosine(a.chunkID, b.chunkID); ok {
				return sim
			}
		}
		for _, k := range []int{i, j} {
			if sets[k] == nil {
				sets[k] = termSet(candidates[k].detail.Text)
			}
		}
		return jaccard(sets[i], sets[j])
	}
	picked := []int{0}
	used := map[int]bool{0: true}
	for len(picked) < min(limit, len(candidates)) {
		best, bestScore := -1, 0.0
		for i := range candidates {
			if used[i] {
				continue
			}
			closest := 0.0
			for _, p := range picked {
				closest = max(closest, similarity(i, p))
			}
			score := lambda*candidates[i].score/top - (1-lambda)*closest
			if best < 0 || score > bestScore {
				best, bestScore = i, score
			}
		}
		picked = append(picked, best)
		used[best] = true
	}
	out := make([]*candidate, len(picked))
	for i, p := range picked {
		out[i] = candidates[p]
	}
	return out
}
