// Package vector holds one knowledge base's chunk vectors for one
// embedding model in a chromem-go collection, in memory. The vectors come
// from the durable store (or a snapshot of it); chromem-go's own
// persistence, one file per document, is not used.
package vector

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	chromem "github.com/philippgille/chromem-go"
)

// Index answers nearest-neighbour queries by cosine similarity.
type Index struct {
	model string
	dim   int
	coll  *chromem.Collection
	// vectors shares chromem's backing arrays (vectors are normalised
	// before they are added, so chromem keeps them as given): MMR reads
	// them without chromem's copying GetByID.
	vectors map[int64][]float32
}

// ErrDimension says a vector does not have the index's dimension: a query
// embedded with another model than the index's.
var ErrDimension = errors.New("vector dimension differs from the index's")

// New returns an empty index for one model's vectors.
func New(model string) *Index {
	coll, err := chromem.NewDB().CreateCollection("chunks", nil, refuseToEmbed)
	if err != nil { // only possible for an empty name
		panic(err)
	}
	return &Index{model: model, coll: coll, vectors: map[int64][]float32{}}
}

// refuseToEmbed stands in for chromem-go's embedding function: every vector
// is given, so chromem must never compute one (its default calls OpenAI).
func refuseToEmbed(context.Context, string) ([]float32, error) {
	return nil, errors.New("vectors are computed by Zhiku, not by the vector index")
}

// Add adds or replaces one chunk's vector; it takes ownership of v. A
// vector whose dimension differs from the first one's is refused.
func (ix *Index) Add(chunkID int64, v []float32) error {
	return ix.add(chunkID, v, false)
}

// add adds a vector; normalized says it is known to be of unit length
// already (read back from a snapshot), which spares a pass over it.
func (ix *Index) add(chunkID int64, v []float32, normalized bool) error {
	if ix.dim == 0 {
		ix.dim = len(v)
	}
	if len(v) != ix.dim || len(v) == 0 {
		return fmt.Errorf("chunk %d: %d values, want %d: %w", chunkID, len(v), ix.dim, ErrDimension)
	}
	if !normalized {
		normalize(v)
	}
	if err := ix.coll.AddDocument(context.Background(), chromem.Document{ID: strconv.FormatInt(chunkID, 10), Embedding: v}); err != nil {
		return fmt.Errorf("add chunk %d: %w", chunkID, err)
	}
	ix.vectors[chunkID] = v
	return nil
}

// Remove forgets chunks' vectors; ids without one are ignored.
func (ix *Index) Remove(chunkIDs ...int64) error {
	names := make([]string, 0, len(chunkIDs))
	for _, id := range chunkIDs {
		if _, ok := ix.vectors[id]; ok {
			names = append(names, strconv.FormatInt(id, 10))
			delete(ix.vectors, id)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return ix.coll.Delete(context.Background(), nil, nil, names...)
}

// Has reports whether a chunk has a vector here.
func (ix *Index) Has(chunkID int64) bool {
	_, ok := ix.vectors[chunkID]
	return ok
}

// Model is the embedding model the vectors are from.
func (ix *Index) Model() string { return ix.model }

// Dim is the vectors' dimension; 0 for an empty index.
func (ix *Index) Dim() int { return ix.dim }

// Len is the number of vectors.
func (ix *Index) Len() int { return len(ix.vectors) }

// Vector returns a chunk's normalised vector; the caller must not change it.
func (ix *Index) Vector(chunkID int64) ([]float32, bool) {
	v, ok := ix.vectors[chunkID]
	return v, ok
}

// Each calls fn for every vector, in no particular order.
func (ix *Index) Each(fn func(chunkID int64, v []float32) error) error {
	for id, v := range ix.vectors {
		if err := fn(id, v); err != nil {
			return err
		}
	}
	return nil
}

// Hit is one ranked chunk.
type Hit struct {
	ChunkID    int64
	Similarity float64
}

// Search returns up to k chunks most similar to query, equally similar
// ones by id, so the same query always gets the same list. keep, when not
// nil, filters chunks by id: the index asks chromem-go for more than k
// and, if the filter leaves too few or ties straddle the k-th, for
// everything.
func (ix *Index) Search(ctx context.Context, query []float32, k int, keep func(int64) bool) ([]Hit, error) {
	if k <= 0 || ix.Len() == 0 {
		return nil, nil
	}
	if len(query) != ix.dim {
		return nil, fmt.Errorf("query has %d values, index %d: %w", len(query), ix.dim, ErrDimension)
	}
	want := k + 1 // one more shows whether a tie straddles the k-th
	if keep != nil {
		want = max(4*k, 64)
	}
	for {
		n := min(want, ix.Len()) // chromem-go refuses more than it holds
		results, err := ix.coll.QueryEmbedding(ctx, query, n, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("vector query: %w", err)
		}
		hits := make([]Hit, 0, len(results))
		for _, r := range results {
			id, _ := strconv.ParseInt(r.ID, 10, 64)
			if keep == nil || keep(id) {
				hits = append(hits, Hit{ChunkID: id, Similarity: float64(r.Similarity)})
			}
		}
		slices.SortFunc(hits, func(a, b Hit) int {
			if c := cmp.Compare(b.Similarity, a.Similarity); c != 0 {
				return c
			}
			return cmp.Compare(a.ChunkID, b.ChunkID)
		})
		// The last of the results may have equals chromem-go left out.
		complete := n == ix.Len() || len(hits) > k && hits[k-1].Similarity != hits[len(hits)-1].Similarity
		if complete {
			return hits[:min(k, len(hits))], nil
		}
		want = ix.Len()
	}
}

// Cosine is the similarity of two normalised vectors.
func Cosine(a, b []float32) float64 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return float64(s)
}

func normalize(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
}
