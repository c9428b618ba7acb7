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

// nearlySame, which stops early, agrees with the whole Jaccard measure.
func TestNearlySameAgreesWithJaccard(t *testing.T) {
	seq := func(from, to uint64) []uint64 {
		var s []uint64
		for i := from; i < to; i++ {
			s = append(s, i)
		}
		return s
	}
	tests := []struct {
		name string
		a, b []uint64
		want bool
	}{
		{"both empty", nil, nil, true},
		{"one empty", nil, seq(0, 3), false},
		{"the same", seq(0, 50), seq(0, 50), true},
		{"one term more in 20", seq(0, 20), seq(0, 21), true},             // 20/21
		{"one term swapped in 20", seq(0, 20), seq(1, 21), true},          // 19/21
		{"two terms swapped in 20", seq(0, 20), seq(2, 22), false},        // 18/22
		{"two terms in 10 differ", seq(0, 10), seq(2, 12), false},         // 8/12
		{"disjoint", seq(0, 30), seq(30, 60), false},                      // 0
		{"the threshold exactly", seq(0, 9), append(seq(0, 9), 99), true}, // 9/10
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nearlySame(tt.a, tt.b); got != tt.want || got != (jaccard(tt.a, tt.b) >= nearDuplicate) {
				t.Fatalf("nearlySame = %v, jaccard %.3f; want %v", got, jaccard(tt.a, tt.b), tt.want)
			}
		})
	}
}
