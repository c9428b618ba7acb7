package search

import (
	"context"
	"hash/fnv"
	"slices"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/analyze"
	"github.com/zhiku-app/zhiku/backend/search/vector"
)

// nearDuplicate is the share of shared character pairs and words above
// which two chunks count as the same passage (a file saved twice, a
// boilerplate paragraph repeated in every chapter).
const nearDuplicate = 0.9

// termSet is a chunk's distinct pairs and words, for comparing texts, as
// sorted hashes: comparing two is a merge, which can stop as soon as they
// differ too much, and a result deep in the list is compared with hundreds.
func termSet(text string) []uint64 {
	var set []uint64
	analyze.Scan(text, func(t *analyze.RawTerm) {
		if t.Kind != analyze.Single {
			h := fnv.New64a()
			h.Write(t.Text)
			set = append(set, h.Sum64())
		}
	})
	slices.Sort(set)
	return slices.Compact(set)
}

func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	shared := overlap(a, b, len(a)+len(b))
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// overlap counts the terms two sets share, or stops once more than
// allowed terms are in only one of them.
func overlap(a, b []uint64, allowed int) int {
	shared, only := 0, 0
	i, j := 0, 0
	for i < len(a) && j < len(b) && only <= allowed {
		switch {
		case a[i] == b[j]:
			shared++
			i++
			j++
		case a[i] < b[j]:
			only++
			i++
		default:
			only++
			j++
		}
	}
	return shared
}

// nearlySame says two term sets share at least nearDuplicate of their
// union, giving up as soon as they cannot.
func nearlySame(a, b []uint64) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	// shared/(|a|+|b|-shared) >= t needs shared >= t(|a|+|b|)/(1+t), so
	// at most |a|+|b|-2*that terms may be in only one of them (one more,
	// against rounding: the measure itself decides).
	n := len(a) + len(b)
	need := nearDuplicate * float64(n) / (1 + nearDuplicate)
	shared := overlap(a, b, int(float64(n)-2*need)+1)
	return float64(shared)/float64(n-shared) >= nearDuplicate
}

// duplicateFolder keeps candidates in order, folding each that repeats a
// kept one (the same text, or nearly) into it. Whether a candidate is kept
// depends only on those before it, so the kept list grows the same way
// however far it is taken.
type duplicateFolder struct {
	kept   []*candidate
	sets   [][]uint64
	byHash map[string]*candidate
}

func (f *duplicateFolder) add(c *candidate) {
	if k := f.byHash[c.detail.Hash]; k != nil {
		k.duplicates++
		return
	}
	set := termSet(c.detail.Text)
	for j, k := range f.kept {
		if nearlySame(set, f.sets[j]) {
			k.duplicates++
			return
		}
	}
	if f.byHash == nil {
		f.byHash = map[string]*candidate{}
	}
	f.byHash[c.detail.Hash] = c
	f.kept = append(f.kept, c)
	f.sets = append(f.sets, set)
}

// rank reads the fused candidates' chunks in order, in batches, folding
// duplicates, until it holds the results up to pageEnd. Like a single
// page, it reads candidateFactor candidates per result wanted and no
// more, so a list full of copies does not make the first page slow; the
// page is then shorter, with more to follow, but never empty while
// candidates remain. Diversity re-ranks the results among the first
// diversityPool candidates. Whether a candidate is kept, and where,
// depends only on those before it, so every page cuts the same list.
// reorder, when set, orders the kept results before diversity picks
// among them.
func (e *Engine) rank(ctx context.Context, candidates []*candidate, offset, pageEnd int, rs core.RetrievalSettings,
	reorder func([]*candidate)) (ranked []*candidate, more bool, err error) {
	budget := pageEnd * candidateFactor
	if rs.Diversity {
		budget = max(budget, diversityPool)
	}
	var folder duplicateFolder
	read, head := 0, 0
	for read < len(candidates) && len(folder.kept) < pageEnd && (read < budget || len(folder.kept) <= offset) {
		n := min(len(candidates), max(budget, read+max(pageEnd-len(folder.kept), core.DefaultSearchLimit)*candidateFactor))
		if rs.Diversity && read == 0 {
			n = min(len(candidates), diversityPool)
		}
		batch := slices.Clone(candidates[read:n])
		if err := e.fillDetails(ctx, &batch); err != nil {
			return nil, false, err
		}
		for _, c := range batch {
			folder.add(c)
		}
		if read == 0 {
			head = len(folder.kept)
		}
		read = n
	}
	ranked = folder.kept
	if reorder != nil {
		reorder(ranked)
	}
	if rs.Diversity {
		ranked = append(diversify(ranked[:head], head, rs.DiversityLambda), ranked[head:]...)
	}
	return ranked, len(ranked) > pageEnd || read < len(candidates), nil
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
// where both have one, else the overlap of their terms. Relevance is the
// reranker's score where it gave one, else the fused score against the
// best: both run from 0 to 1.
func diversify(candidates []*candidate, limit int, lambda float64) []*candidate {
	if len(candidates) < 2 {
		return candidates
	}
	top := 0.0
	for _, c := range candidates {
		top = max(top, c.score)
	}
	relevance := func(c *candidate) float64 {
		if c.rerankScore != nil {
			return *c.rerankScore
		}
		return c.score / top
	}
	sets := make([][]uint64, len(candidates))
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
			score := lambda*relevance(candidates[i]) - (1-lambda)*closest
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
