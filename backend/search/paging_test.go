package search

import (
	"fmt"
	"slices"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// distinctPassages are n passages that each hold about and otherwise share
// little, so none folds into another.
func distinctPassages(n int, about string) []string {
	seed := uint32(len(about)) * 2654435761
	out := make([]string, n)
	for i := range out {
		var filler []rune
		for range 24 {
			seed = seed*1664525 + 1013904223
			filler = append(filler, rune(0x4E00+seed%0x5000))
		}
		out[i] = fmt.Sprintf("第%d段%s，讲%s。", i, string(filler[:12]), about) + string(filler[12:])
	}
	return out
}

func pagedIDs(t *testing.T, f *fixture, e *Engine, q core.SearchQuery, rs core.RetrievalSettings, size int) []int64 {
	t.Helper()
	var ids []int64
	for page := 0; ; page++ {
		q.Limit, q.Offset = size, len(ids)
		res, err := e.Search(f.ctx, q, rs)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 && res.More {
			t.Fatalf("page %d is empty with more to follow", page)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ChunkID)
		}
		if !res.More {
			return ids
		}
		if page > 100 {
			t.Fatalf("still more after %d pages", page)
		}
	}
}

// Scrolling through a query's pages shows what one long page shows, in the
// same order: nothing twice and nothing left out, identical passages
// folded, with or without vectors and diversity; the count is every
// passage found.
func TestPagesNeitherRepeatNorSkip(t *testing.T) {
	diverse := core.DefaultRetrieval
	diverse.Diversity = true
	tests := []struct {
		name        string
		mode        core.RetrievalMode
		rs          core.RetrievalSettings
		copies      int // of each of the first ten passages
		wantTotal   int
		wantMatches int
		wantHits    int
	}{
		{"keywords", core.RetrievalKeyword, core.DefaultRetrieval, 0, 65, 65, 60},
		{"hybrid", core.RetrievalHybrid, core.DefaultRetrieval, 0, 75, 65, 70},
		{"hybrid with diversity", core.RetrievalHybrid, diverse, 0, 75, 65, 70},
		{"meaning", core.RetrievalVector, core.DefaultRetrieval, 0, 75, 0, 70},
		// Pages shorter than asked for, where copies fill the candidates read.
		{"keywords among many copies", core.RetrievalKeyword, core.DefaultRetrieval, 12, 185, 185, 60},
		{"diversity among many copies", core.RetrievalHybrid, diverse, 12, 195, 185, 70},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			found := distinctPassages(60, "检索")
			f.put("/docs/检索.md", found...)
			for i := range 5 {
				f.put(fmt.Sprintf("/docs/副本%d.md", i), found[0])
			}
			for i := range tt.copies {
				f.put(fmt.Sprintf("/docs/备份/%d.md", i), found[:10]...)
			}
			f.put("/docs/其他.md", distinctPassages(10, "别的")...)
			f.embedAll("toy", topicEmbed)
			e := f.engine(topicEmbedder)
			q := core.SearchQuery{Text: "检索", Mode: tt.mode}

			first, err := e.Search(f.ctx, q, tt.rs)
			if err != nil {
				t.Fatal(err)
			}
			if first.Total != tt.wantTotal || !first.TotalExact || first.KeywordMatches != tt.wantMatches || !first.More || len(first.Hits) == 0 ||
				tt.copies == 0 && len(first.Hits) != core.DefaultSearchLimit {
				t.Fatalf("first page: total %d (exact %v), %d with the words, more %v, %d hits; want total %d, %d with the words",
					first.Total, first.TotalExact, first.KeywordMatches, first.More, len(first.Hits), tt.wantTotal, tt.wantMatches)
			}
			want := pagedIDs(t, f, e, q, tt.rs, MaxLimit)
			if len(want) != tt.wantHits {
				t.Fatalf("the list holds %d, want %d", len(want), tt.wantHits)
			}
			for _, size := range []int{core.DefaultSearchLimit, 7} {
				if got := pagedIDs(t, f, e, q, tt.rs, size); !slices.Equal(got, want) {
					t.Fatalf("pages of %d = %v\nwant pages of %d's %v", size, got, MaxLimit, want)
				}
			}
			past, err := e.Search(f.ctx, core.SearchQuery{Text: q.Text, Mode: q.Mode, Offset: 200}, tt.rs)
			if err != nil || len(past.Hits) != 0 || past.More {
				t.Fatalf("past the end: %d hits, more %v, %v", len(past.Hits), past.More, err)
			}
		})
	}
}

// Keyword matches are counted exactly however many there are; the list
// ends at maxRanked, and where vectors rank more chunks than that the
// count says it is a lower bound.
func TestTheCountSaysWhenItStopped(t *testing.T) {
	f := newFixture(t)
	f.put("/docs/很多.md", distinctPassages(maxRanked+20, "检索")...)
	f.embedAll("toy", topicEmbed)
	e := f.engine(topicEmbedder)
	tests := []struct {
		mode      core.RetrievalMode
		wantTotal int
		wantExact bool
		// the list's length: each retriever's best maxRanked, joined
		minListed, maxListed int
	}{
		{core.RetrievalKeyword, maxRanked + 20, true, maxRanked, maxRanked},
		{core.RetrievalHybrid, maxRanked + 20, false, maxRanked, maxRanked + 20},
		{core.RetrievalVector, maxRanked, false, maxRanked, maxRanked},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			res := f.search(e, core.SearchQuery{Text: "检索", Mode: tt.mode})
			if res.Total != tt.wantTotal || res.TotalExact != tt.wantExact {
				t.Fatalf("total %d (exact %v), want %d (exact %v)", res.Total, res.TotalExact, tt.wantTotal, tt.wantExact)
			}
			ids := pagedIDs(t, f, e, core.SearchQuery{Text: "检索", Mode: tt.mode}, core.DefaultRetrieval, MaxLimit)
			if len(ids) < tt.minListed || len(ids) > tt.maxListed {
				t.Fatalf("the list holds %d, want %d to %d", len(ids), tt.minListed, tt.maxListed)
			}
			slices.Sort(ids)
			if len(slices.Compact(ids)) != len(ids) {
				t.Fatal("a result came twice")
			}
		})
	}
}
