package keyword

import (
	"slices"
	"testing"
)

// headed are passages whose headings say what the body only implies.
var headed = []struct {
	id            int64
	body, heading string
}{
	{1, "它东起山海关，西至嘉峪关，全长两万多公里。", "长城\n地理"},
	{2, "长城一词在这段游记里只是顺带提到。", "游记"},
	{3, "The policy gives twenty-five days a year.", "Staff Handbook\nLeave"},
	{4, "See the leave section of the handbook for the days you get.", "Onboarding"},
	{5, "故宫位于北京。", ""},
}

func buildHeaded() *Index {
	ix := New()
	for i, d := range headed {
		ix.AddWithHeading(d.id, uint32(i), d.body, d.heading)
	}
	return ix
}

// A term in a chunk's heading field counts above the same term in another
// chunk's body; with the field weighted at nothing, the body alone ranks.
func TestHeadingsRankAboveBodies(t *testing.T) {
	ix := buildHeaded()
	off := DefaultParams
	off.Heading = 0
	tests := []struct {
		name, query string
		p           Params
		want        []int64
	}{
		{"a Chinese heading", "长城", DefaultParams, []int64{1, 2}},
		{"an English heading", "handbook leave", DefaultParams, []int64{3, 4}},
		{"without the field only bodies match", "长城", off, []int64{2}},
		{"without the field the body that says more wins", "handbook leave", off, []int64{4}},
		{"a chunk without headings is found by its body", "故宫", DefaultParams, []int64{5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(ix.Search(tt.query, 5, tt.p, nil)); !slices.Equal(got, tt.want) {
				t.Fatalf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

// The heading field survives a snapshot, and a removed chunk's heading
// finds nothing.
func TestHeadingsRoundTripAndRemoval(t *testing.T) {
	ix := buildHeaded()
	ix.Remove(1)
	back := roundTrip(t, ix)
	for _, q := range []string{"长城", "handbook leave", "地理"} {
		if a, b := ix.Search(q, 5, DefaultParams, nil), back.Search(q, 5, DefaultParams, nil); !slices.Equal(a, b) {
			t.Errorf("%q: %v before, %v after a round trip", q, a, b)
		}
	}
	if hits := back.Search("地理", 5, DefaultParams, nil); len(hits) != 0 {
		t.Errorf("a removed chunk's heading was found: %v", ids(hits))
	}
}

func TestMergeKeepsTheBestOfBoth(t *testing.T) {
	a := []Hit{{1, 9}, {2, 5}, {3, 1}}
	b := []Hit{{4, 7}, {5, 5}}
	tests := []struct {
		k    int
		want []int64
	}{
		{10, []int64{1, 4, 2, 5, 3}},
		{3, []int64{1, 4, 2}},
		{0, nil},
	}
	for _, tt := range tests {
		if got := ids(Merge(a, b, tt.k)); !slices.Equal(got, tt.want) {
			t.Errorf("Merge(k=%d) = %v, want %v", tt.k, got, tt.want)
		}
	}
}
