package keyword

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"testing"
)

var docs = []struct {
	file uint32
	text string
}{
	{0, "长城是中国古代的军事防御工程。"},
	{0, "它东起山海关，西至嘉峪关，全长两万多公里。"},
	{1, "故宫位于北京，是明清两代的皇家宫殿。"},
	{2, "The indexer walks folders and indexes every file."},
	{3, "Call parse_config with v1.2.3 or later."},
}

func build() *Index {
	ix := New()
	for i, d := range docs {
		ix.Add(int64(100+i), d.file, d.text)
	}
	return ix
}

func ids(hits []Hit) []int64 {
	var out []int64
	for _, h := range hits {
		out = append(out, h.ChunkID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := build()
	tests := []struct {
		name, query string
		k           int
		keep        func(int64) bool
		wantFirst   []int64 // the leading hits, in order
		wantNone    bool
	}{
		{"Chinese phrase", "故宫在哪", 3, nil, []int64{102}, false},
		{"Traditional query finds Simplified text", "長城", 3, nil, []int64{100}, false},
		{"a file's other chunk comes with it", "长城全长多少公里", 2, nil, []int64{101, 100}, false},
		{"English stems", "indexing folder", 3, nil, []int64{103}, false},
		{"identifier whole", "parse_config", 3, nil, []int64{104}, false},
		{"identifier part", "config", 3, nil, []int64{104}, false},
		{"filter", "长城 故宫", 3, func(id int64) bool { return id != 100 }, []int64{102}, false},
		{"a lone shared character is no match", "长江", 3, nil, nil, true},
		{"no match", "量子计算", 3, nil, nil, true},
		{"only punctuation", "？？！", 3, nil, nil, true},
		{"k of zero", "长城", 0, nil, nil, true},
		{"k over the collection", "的", 99, nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Search(tt.query, tt.k, DefaultParams, tt.keep)
			if tt.wantNone && len(hits) > 0 {
				t.Fatalf("Search(%q) = %v, want nothing", tt.query, ids(hits))
			}
			if len(hits) > tt.k {
				t.Fatalf("Search(%q) gave %d hits for k=%d", tt.query, len(hits), tt.k)
			}
			if got := ids(hits); len(got) < len(tt.wantFirst) || !slices.Equal(got[:len(tt.wantFirst)], tt.wantFirst) {
				t.Fatalf("Search(%q) = %v, want it to start %v", tt.query, got, tt.wantFirst)
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Fatalf("hits out of order: %v", hits)
				}
			}
		})
	}
}

func TestEmptyIndex(t *testing.T) {
	if hits := New().Search("长城", 5, DefaultParams, nil); hits != nil {
		t.Fatalf("empty index gave %v", hits)
	}
}

// roundTrip writes ix to a snapshot and reads it back.
func roundTrip(t *testing.T, ix *Index) *Index {
	t.Helper()
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadIndex(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestSnapshotRoundTrip(t *testing.T) {
	ix := build()
	back := roundTrip(t, ix)
	for _, q := range []string{"长城全长", "indexing", "parse_config", "故宫"} {
		if a, b := ix.Search(q, 5, DefaultParams, nil), back.Search(q, 5, DefaultParams, nil); !slices.Equal(a, b) {
			t.Errorf("%q: %v before, %v after a round trip", q, a, b)
		}
	}
}

func TestRemoveAndAddAgain(t *testing.T) {
	ix := build()
	if !ix.Remove(102) || ix.Remove(102) || ix.Has(102) || ix.Len() != len(docs)-1 || ix.Removed() != 1 {
		t.Fatalf("after Remove: len %d, removed %d", ix.Len(), ix.Removed())
	}
	if hits := ix.Search("故宫", 5, DefaultParams, nil); len(hits) != 0 {
		t.Fatalf("a removed chunk was found: %v", hits)
	}
	ix.Add(102, 1, "故宫现在是故宫博物院。") // the file changed
	ix.Add(105, 4, "颐和园是皇家园林。")
	if hits := ix.Search("故宫博物院", 5, DefaultParams, nil); len(hits) != 1 || hits[0].ChunkID != 102 {
		t.Fatalf("the re-added chunk: %v", hits)
	}
	ix.Add(105, 4, "颐和园在北京西郊。") // the same id again replaces it
	if hits := ix.Search("皇家园林", 5, DefaultParams, nil); len(hits) != 0 {
		t.Fatalf("the replaced text is still found: %v", hits)
	}

	back := roundTrip(t, ix)
	if back.Len() != ix.Len() || back.Removed() != ix.Removed() || back.Has(105) != true {
		t.Fatalf("read back: len %d removed %d", back.Len(), back.Removed())
	}
	for _, q := range []string{"故宫", "颐和园 北京", "长城"} {
		if a, b := ix.Search(q, 5, DefaultParams, nil), back.Search(q, 5, DefaultParams, nil); !slices.Equal(a, b) {
			t.Errorf("%q: %v before, %v after a round trip", q, a, b)
		}
	}
}

func TestDamagedSnapshotIsAnError(t *testing.T) {
	var buf bytes.Buffer
	build().WriteTo(&buf)
	good := buf.Bytes()
	for _, cut := range []int{0, 1, len(good) / 3, len(good) - 1} {
		if _, err := ReadIndex(bytes.NewReader(good[:cut]), int64(cut)); !errors.Is(err, ErrSnapshot) {
			t.Errorf("cut at %d: err = %v, want ErrSnapshot", cut, err)
		}
	}
	flipped := slices.Clone(good)
	_, lengthBytes := binary.Uvarint(good)
	flipped[lengthBytes] = 99 // the version, after the block's length
	if _, err := ReadIndex(bytes.NewReader(flipped), int64(len(flipped))); !errors.Is(err, ErrSnapshot) {
		t.Errorf("other version: err = %v", err)
	}
}

func FuzzReadIndex(f *testing.F) {
	var buf bytes.Buffer
	build().WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte{1, 200, 200, 200, 200, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if ix, err := ReadIndex(bytes.NewReader(data), int64(len(data))); err == nil {
			ix.Search("长城 index", 3, DefaultParams, nil)
		}
	})
}

// Every chunk that matches is counted, however few are returned, and the
// filter applies to the count as to the hits.
func TestSearchCountsEveryMatch(t *testing.T) {
	ix := build()
	tests := []struct {
		name, query string
		k           int
		keep        func(int64) bool
		wantMatched int
	}{
		{"more matches than asked for", "长城 故宫 index", 1, nil, 3},
		{"as many as asked for", "长城 故宫", 5, nil, 2},
		{"the filter applies to the count", "长城 故宫", 1, func(id int64) bool { return id != 100 }, 1},
		{"a lone shared character is no match", "长江", 3, nil, 0},
		{"a removed chunk is not counted", "山海关", 3, nil, 0},
	}
	ix.Remove(101)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, matched := ix.SearchCounted(tt.query, tt.k, DefaultParams, tt.keep)
			if matched != tt.wantMatched || len(hits) != min(tt.k, matched) {
				t.Fatalf("SearchCounted(%q, %d) = %v, %d matched; want %d matched", tt.query, tt.k, ids(hits), matched, tt.wantMatched)
			}
		})
	}
}
