package search

import (
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/vector"
	"github.com/zhiku-app/zhiku/backend/store"
)

func render(segments []core.Segment) string {
	return SnippetText(segments, func(s string) string { return "[" + s + "]" })
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("前文无关。", 60) + "长城全长两万多公里。" + strings.Repeat("后文无关。", 60)
	tests := []struct {
		name, text, query string
		width             int
		want              string
	}{
		{"marks pairs, not lone characters", "长城是中国的长城", "长城在中国", 100, "[长城]是[中国]的[长城]"},
		{"a one-character query marks characters", "长城很长", "长", 100, "[长]城很[长]"},
		{"English words by stem", "Indexing files quickly", "index file", 100, "[Indexing] [files] quickly"},
		{"no match shows the start", "甲乙丙丁戊己庚辛", "天", 4, "甲乙丙丁…"},
		{"a long text shows the window around the match", long, "长城", 30, "…。前文无关。[长城]全长两万多公里。后文无关。后文无关。后文无关…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Snippet(tt.text, queryHighlights(tt.query), tt.width))
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

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
