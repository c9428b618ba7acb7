package search

import (
	"testing"

	"github.com/zhiku-app/zhiku/backend/search/vector"
	"github.com/zhiku-app/zhiku/backend/store"
)

func TestDiversifyPrefersNovelPassages(t *testing.T) {
	vx := vector.New("toy")
	vx.Add(1, []float32{1, 0})
	vx.Add(2, []float32{0.99, 0.01}) // nearly the same as 1
	vx.Add(3, []float32{0, 1})
	ix := &kbIndex{vectors: vx}
	cands := []*candidate{
		{ix: ix, chunkID: 1, score: 1.0, detail: store.ChunkDetail{Text: "a"}},
		{ix: ix, chunkID: 2, score: 0.95, detail: store.ChunkDetail{Text: "b"}},
		{ix: ix, chunkID: 3, score: 0.8, detail: store.ChunkDetail{Text: "c"}},
	}
	got := diversify(cands, 2, 0.5)
	if len(got) != 2 || got[0].chunkID != 1 || got[1].chunkID != 3 {
		t.Fatalf("picked %d, %d; want 1 then 3", got[0].chunkID, got[1].chunkID)
	}
	if got := diversify(cands, 2, 1); got[1].chunkID != 2 {
		t.Fatalf("lambda 1 is relevance only, picked %d", got[1].chunkID)
	}
}
