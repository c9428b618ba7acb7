package vector

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
)

func build(t *testing.T) *Index {
	ix := New("test-embed")
	for id, v := range map[int64][]float32{
		1: {1, 0, 0},
		2: {0.9, 0.1, 0},
		3: {0, 1, 0},
		4: {0, 0, 2}, // not normalised: the index normalises it
	} {
		if err := ix.Add(id, v); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func hitIDs(hits []Hit) []int64 {
	var out []int64
	for _, h := range hits {
		out = append(out, h.ChunkID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := build(t)
	tests := []struct {
		name  string
		query []float32
		k     int
		keep  func(int64) bool
		want  []int64
	}{
		{"nearest first", []float32{1, 0, 0}, 2, nil, []int64{1, 2}},
		{"k larger than the collection is clamped", []float32{0.1, 0.2, 0.9}, 50, nil, []int64{4, 3, 2, 1}},
		{"filtered", []float32{1, 0.2, 0.1}, 2, func(id int64) bool { return id > 2 }, []int64{3, 4}},
		{"filter leaves nothing", []float32{1, 0, 0}, 2, func(int64) bool { return false }, nil},
		{"k of zero", []float32{1, 0, 0}, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), tt.query, tt.k, tt.keep)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(hits); !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDimensionMismatchIsAnError(t *testing.T) {
	ix := build(t)
	if _, err := ix.Search(context.Background(), []float32{1, 0}, 2, nil); !errors.Is(err, ErrDimension) {
		t.Fatalf("err = %v, want ErrDimension", err)
	}
	if err := New("m").Add(1, nil); !errors.Is(err, ErrDimension) {
		t.Fatalf("empty vector: err = %v", err)
	}
}

func TestEmptyIndex(t *testing.T) {
	hits, err := New("m").Search(context.Background(), []float32{1}, 3, nil)
	if err != nil || hits != nil {
		t.Fatalf("got %v, %v", hits, err)
	}
}

func TestRemove(t *testing.T) {
	ix := build(t)
	if err := ix.Remove(1, 2, 99); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Search(context.Background(), []float32{1, 0.2, 0.1}, 10, nil)
	if err != nil || len(hits) != 2 || ix.Has(1) || ix.Len() != 2 {
		t.Fatalf("after Remove: %v, %v", hits, err)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	ix := build(t)
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadIndex(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Model() != "test-embed" || back.Dim() != 3 || back.Len() != 4 {
		t.Fatalf("read back %s/%d/%d", back.Model(), back.Dim(), back.Len())
	}
	q := []float32{0.6, 0.3, 0.1}
	a, _ := ix.Search(context.Background(), q, 4, nil)
	b, _ := back.Search(context.Background(), q, 4, nil)
	if !slices.Equal(a, b) {
		t.Fatalf("%v before, %v after", a, b)
	}
	for _, cut := range []int{0, 10, buf.Len() - 1} {
		if _, err := ReadIndex(bytes.NewReader(buf.Bytes()[:cut])); !errors.Is(err, ErrSnapshot) {
			t.Errorf("cut at %d: err = %v", cut, err)
		}
	}
}

// Chunks as similar as each other (the same text in two files has the same
// vector) come in the order of their ids, every time, so that the pages of
// a search cut from one ranking agree.
func TestTiesComeInOneOrder(t *testing.T) {
	ix := New("toy")
	for id := int64(1); id <= 40; id++ {
		if err := ix.Add(id, []float32{1, 0}); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		hits, err := ix.Search(context.Background(), []float32{1, 0}, 30, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range hits {
			if h.ChunkID != int64(i+1) {
				t.Fatalf("hit %d is chunk %d; want ties in id order", i, h.ChunkID)
			}
		}
	}
}
