// Package keyword is an in-memory inverted index ranked by BM25, over the
// terms of package analyze. It holds one knowledge base's chunks; the
// durable store stays the source of truth, and the index is rebuilt from it
// or read back from a snapshot file.
package keyword

import (
	"container/heap"
	"math"

	"github.com/zhiku-app/zhiku/backend/search/analyze"
)

// Params tune the ranking. The defaults were chosen on the CMRC 2018 set
// (see the README's retrieval section).
type Params struct {
	// K1 is how quickly repeated occurrences of a term stop adding score.
	K1 float64
	// B is how strongly long chunks are discounted.
	B float64
	// Weights scale a query term's score by its kind.
	Word, Pair, Single, Part float64
	// Context adds this share of the best score among the other chunks of
	// the same file: a question often names its subject in one passage
	// (the title, the first paragraph) and finds its answer in the next.
	Context float64
	// Heading is what a term in a chunk's headings or its file's name
	// counts for, against an occurrence in a body of average length: a
	// passage is about what its headings say, however briefly it says it.
	Heading float64
}

// DefaultParams are the tuned defaults.
var DefaultParams = Params{K1: 0.3, B: 0.75, Word: 1, Pair: 1, Single: 1, Part: 0.5, Context: 0.3, Heading: 2}

func (p Params) weight(k analyze.Kind) float64 {
	switch k {
	case analyze.Pair:
		return p.Pair
	case analyze.Single:
		return p.Single
	case analyze.Part:
		return p.Part
	}
	return p.Word
}

// posting is one chunk's occurrences of a term.
type posting struct {
	doc  uint32
	freq uint32
}

// Index grows as chunks are added and forgets removed ones by marking
// them, so keeping it in step with the store costs only the change; the
// marked chunks' postings stay until the index is rebuilt. Searches may
// run concurrently with each other; changes need the caller's exclusive
// lock.
type Index struct {
	terms    map[string]uint32
	postings [][]posting
	// headings lists, by term, the docs whose heading field holds it: the
	// chunk's headings and its file's name. Presence is all it records.
	headings [][]uint32
	chunkIDs []int64  // by doc number
	files    []uint32 // by doc number: which file it is from
	lengths  []uint32 // terms per doc
	docOf    map[int64]uint32
	removed  []bool // by doc number, once any doc is removed
	live     int
	liveLen  uint64 // terms in live docs
}

// New returns an empty index.
func New() *Index {
	return &Index{terms: map[string]uint32{}, docOf: map[int64]uint32{}}
}

// Add indexes one chunk under its store id; file groups the chunks of one
// file, numbered from 0 by the caller. A chunk id already indexed is
// indexed again, replacing the old entry.
func (ix *Index) Add(chunkID int64, file uint32, text string) {
	ix.AddWithHeading(chunkID, file, text, "")
}

// AddWithHeading is Add with the chunk's heading field: its headings and
// its file's name, which rank above its body.
func (ix *Index) AddWithHeading(chunkID int64, file uint32, text, heading string) {
	ix.Remove(chunkID)
	doc := uint32(len(ix.chunkIDs))
	var length uint32
	analyze.Scan(heading, func(t *analyze.RawTerm) {
		id := ix.termID(t.Text)
		for len(ix.headings) <= int(id) {
			ix.headings = append(ix.headings, nil)
		}
		if list := ix.headings[id]; len(list) == 0 || list[len(list)-1] != doc {
			ix.headings[id] = append(list, doc)
		}
	})
	analyze.Scan(text, func(t *analyze.RawTerm) {
		id := ix.termID(t.Text)
		// Documents arrive in order, so a term seen again in this chunk
		// is the last posting of its list.
		list := ix.postings[id]
		if n := len(list); n > 0 && list[n-1].doc == doc {
			list[n-1].freq++
		} else {
			ix.postings[id] = append(list, posting{doc: doc, freq: 1})
		}
		length++
	})
	ix.chunkIDs = append(ix.chunkIDs, chunkID)
	ix.files = append(ix.files, file)
	ix.lengths = append(ix.lengths, length)
	if ix.removed != nil {
		ix.removed = append(ix.removed, false)
	}
	ix.docOf[chunkID] = doc
	ix.live++
	ix.liveLen += uint64(length)
}

func (ix *Index) termID(text []byte) uint32 {
	id, ok := ix.terms[string(text)]
	if !ok {
		id = uint32(len(ix.postings))
		ix.terms[string(text)] = id
		ix.postings = append(ix.postings, nil)
	}
	return id
}

// Remove forgets a chunk; false if it was not indexed.
func (ix *Index) Remove(chunkID int64) bool {
	doc, ok := ix.docOf[chunkID]
	if !ok {
		return false
	}
	if ix.removed == nil {
		ix.removed = make([]bool, len(ix.chunkIDs))
	}
	ix.removed[doc] = true
	delete(ix.docOf, chunkID)
	ix.live--
	ix.liveLen -= uint64(ix.lengths[doc])
	return true
}

// Has reports whether a chunk is indexed.
func (ix *Index) Has(chunkID int64) bool {
	_, ok := ix.docOf[chunkID]
	return ok
}

// Len is the number of chunks indexed.
func (ix *Index) Len() int { return ix.live }

// Removed is the number of removed chunks whose postings remain: when it
// grows large, rebuilding the index is worth it.
func (ix *Index) Removed() int { return len(ix.chunkIDs) - ix.live }

func (ix *Index) avgLen() float64 {
	if ix.live == 0 {
		return 1
	}
	return float64(ix.liveLen) / float64(ix.live)
}

func (ix *Index) isRemoved(doc uint32) bool { return ix.removed != nil && ix.removed[doc] }

// Hit is one ranked chunk.
type Hit struct {
	ChunkID int64
	Score   float64
}

// queryTerm is a distinct query term with its weight.
type queryTerm struct {
	id     uint32
	weight float64
	strong bool // a pair or a word, not a lone character
}

// Search returns up to k chunks ranked by BM25 for query. keep, when not
// nil, filters chunks by store id before ranking.
func (ix *Index) Search(query string, k int, p Params, keep func(chunkID int64) bool) []Hit {
	hits, _ := ix.SearchCounted(query, k, p, keep)
	return hits
}

// SearchCounted is Search that also counts every chunk matching the query
// and kept by keep, beyond the k returned: the count costs no more than
// the ranking, which scores every match anyway.
func (ix *Index) SearchCounted(query string, k int, p Params, keep func(chunkID int64) bool) (hits []Hit, matched int) {
	if k <= 0 || ix.Len() == 0 {
		return nil, 0
	}
	terms, needStrong := ix.queryTerms(query, p)
	if len(terms) == 0 {
		return nil, 0
	}
	scores := make([]float32, len(ix.chunkIDs))
	// When the query has a pair or a word, a chunk must match one of them:
	// sharing a lone character (西 of 西湖 in 西安) is no match.
	var strong []bool
	if needStrong {
		strong = make([]bool, len(ix.chunkIDs))
	}
	var touched []uint32
	n := float64(ix.Len())
	avgLen := ix.avgLen()
	for _, qt := range terms {
		body := ix.postings[qt.id]
		var heads []uint32
		if p.Heading > 0 && int(qt.id) < len(ix.headings) {
			heads = ix.headings[qt.id]
		}
		df := float64(fieldsUnion(body, heads, nil))
		w := qt.weight * math.Log(1+(n-df+0.5)/(df+0.5))
		// BM25F: the fields' weighted, length-normalised counts add up
		// before the count saturates.
		fieldsUnion(body, heads, func(doc uint32, tf uint32, inHeading bool) {
			if ix.isRemoved(doc) {
				return
			}
			t := float64(tf) / (1 - p.B + p.B*float64(ix.lengths[doc])/avgLen)
			if inHeading {
				t += p.Heading
			}
			if scores[doc] == 0 {
				touched = append(touched, doc)
			}
			scores[doc] += float32(w * t * (p.K1 + 1) / (t + p.K1))
			if qt.strong {
				strong[doc] = true
			}
		})
	}
	if needStrong {
		kept := touched[:0]
		for _, doc := range touched {
			if strong[doc] {
				kept = append(kept, doc)
			} else {
				scores[doc] = 0
			}
		}
		touched = kept
	}
	if p.Context > 0 {
		touched = ix.addContext(scores, touched, p.Context)
	}
	return ix.top(scores, touched, k, keep)
}

// fieldsUnion walks a term's body postings and heading docs together, in
// doc order, calling fn (when not nil) once per doc with its body count
// and whether its heading holds the term; it returns how many docs it
// walked.
func fieldsUnion(body []posting, heads []uint32, fn func(doc, tf uint32, inHeading bool)) int {
	if len(heads) == 0 && fn == nil {
		return len(body)
	}
	n, i, j := 0, 0, 0
	for i < len(body) || j < len(heads) {
		var doc, tf uint32
		inHeading := false
		switch {
		case j == len(heads) || (i < len(body) && body[i].doc < heads[j]):
			doc, tf = body[i].doc, body[i].freq
			i++
		case i == len(body) || heads[j] < body[i].doc:
			doc, inHeading = heads[j], true
			j++
		default:
			doc, tf, inHeading = body[i].doc, body[i].freq, true
			i++
			j++
		}
		n++
		if fn != nil {
			fn(doc, tf, inHeading)
		}
	}
	return n
}

// addContext raises each chunk's score by share of the best score of
// another chunk in its file.
func (ix *Index) addContext(scores []float32, touched []uint32, share float64) []uint32 {
	type best struct {
		first, second float32
		firstDoc      uint32
	}
	files := map[uint32]*best{}
	for _, doc := range touched {
		f := ix.files[doc]
		b := files[f]
		if b == nil {
			b = &best{}
			files[f] = b
		}
		switch s := scores[doc]; {
		case s > b.first:
			b.second, b.first, b.firstDoc = b.first, s, doc
		case s > b.second:
			b.second = s
		}
	}
	boosted := make([]float32, 0, len(touched))
	for _, doc := range touched {
		b := files[ix.files[doc]]
		other := b.first
		if doc == b.firstDoc {
			other = b.second
		}
		boosted = append(boosted, scores[doc]+float32(share)*other)
	}
	for i, doc := range touched {
		scores[doc] = boosted[i]
	}
	return touched
}

// queryTerms analyses the query; a term said twice counts twice. hasStrong
// says the query has a pair or a word, indexed or not.
func (ix *Index) queryTerms(query string, p Params) (out []queryTerm, hasStrong bool) {
	byID := map[uint32]int{}
	analyze.Scan(query, func(t *analyze.RawTerm) {
		hasStrong = hasStrong || t.Kind != analyze.Single
		id, ok := ix.terms[string(t.Text)]
		if !ok {
			return
		}
		w := p.weight(t.Kind)
		if i, seen := byID[id]; seen {
			out[i].weight += w
			return
		}
		byID[id] = len(out)
		out = append(out, queryTerm{id: id, weight: w, strong: t.Kind != analyze.Single})
	})
	return out, hasStrong
}

// top returns the best k of the touched chunks that keep allows, and how
// many it allows.
func (ix *Index) top(scores []float32, touched []uint32, k int, keep func(int64) bool) ([]Hit, int) {
	// A bounded min-heap keeps the best k without sorting every match.
	h := make(hitHeap, 0, k)
	kept := 0
	for _, doc := range touched {
		id := ix.chunkIDs[doc]
		if keep != nil && !keep(id) {
			continue
		}
		kept++
		hit := Hit{ChunkID: id, Score: float64(scores[doc])}
		if len(h) < k {
			heap.Push(&h, hit)
		} else if better(hit, h[0]) {
			h[0] = hit
			heap.Fix(&h, 0)
		}
	}
	out := make([]Hit, len(h))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(Hit)
	}
	return out, kept
}

// Merge joins two rankings by score into one of up to k hits.
func Merge(a, b []Hit, k int) []Hit {
	out := make([]Hit, 0, min(k, len(a)+len(b)))
	for len(out) < k && (len(a) > 0 || len(b) > 0) {
		if len(b) == 0 || (len(a) > 0 && better(a[0], b[0])) {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// better orders hits by score, then by id so results are stable.
func better(a, b Hit) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.ChunkID < b.ChunkID
}

type hitHeap []Hit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(Hit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// EachChunk calls fn with each indexed chunk's id and file number.
func (ix *Index) EachChunk(fn func(chunkID int64, file uint32)) {
	for doc, id := range ix.chunkIDs {
		if !ix.isRemoved(uint32(doc)) {
			fn(id, ix.files[doc])
		}
	}
}
