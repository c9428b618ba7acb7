package search

import (
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func render(segments []core.Segment) string {
	return core.SnippetText(segments, func(s string) string { return "[" + s + "]" })
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("前文无关。", 60) + "长城全长两万多公里。" + strings.Repeat("后文无关。", 60)
	tests := []struct {
		name, text, query string
		columns           int
		want              string
	}{
		{"marks pairs, not lone characters", "长城是中国的长城", "长城在中国", 100, "[长城]是[中国]的[长城]"},
		{"a one-character query marks characters", "长城很长", "长", 100, "[长]城很[长]"},
		{"English words by stem", "Indexing files quickly", "index file", 100, "[Indexing] [files] quickly"},
		{"Traditional text found by a Simplified query", "萬里長城很長", "长城", 100, "萬里[長城]很長"},
		{"no match shows the start", "甲乙丙丁戊己庚辛", "天", 8, "甲乙丙丁…"},
		{"a long text shows the match in the middle of its window", long, "长城", 40,
			"…文无关。前文无关。[长城]全长两万多公里。后…"},
		{"a word in an identifier is marked", "We compared GPT-4o with the others.", "gpt", 100,
			"We compared [GPT-4o] with the others."},
		{"an English window starts and ends on whole words",
			"The first part of the document talks about nothing at all, really. Then retrieval comes up once, and the text goes on about other matters entirely.",
			"retrieval", 60, "…at all, really. Then [retrieval] comes up once, and the…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Snippet(tt.text, queryHighlights(tt.query), tt.columns))
			if got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// The snippet shows what a result's few lines can hold, measured as the
// lines are (a Chinese character is as wide as two Latin letters), around
// the densest cluster of the query's terms: each of them must be in it.
func TestSnippetHoldsTheMatches(t *testing.T) {
	filler := func(s string, n int) string { return strings.Repeat(s, n) }
	tests := []struct {
		name, text, query string
		marked            []string
	}{
		{"a Chinese term at the end of a chunk that fits in runes but not in lines",
			filler("本章讨论的内容与此无关。", 14) + "第七页提到了大语言模型。", "大语言模型", []string{"大语言模型"}},
		{"two Chinese terms together beat one term repeated",
			"检索检索检索检索。" + filler("无关的内容。", 30) + "向量检索与重排序一起使用。" + filler("其余的内容。", 30),
			"检索 重排序", []string{"检索", "重排序"}},
		{"two English terms together beat one term repeated",
			"Attention, attention, attention please. " + filler("Nothing here is about the subject at all. ", 8) +
				"Self-attention is what makes the transformer work. " + filler("More text of no interest follows. ", 8),
			"attention transformer", []string{"attention", "transformer"}},
		{"a term past the first three lines of a long English chunk",
			filler("This sentence says nothing of use to anyone. ", 6) + "Reciprocal rank fusion merges the lists.",
			"rank fusion", []string{"rank", "fusion"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segments := Snippet(tt.text, queryHighlights(tt.query), snippetColumns)
			got := render(segments)
			if w := displayColumns(core.SnippetText(segments, func(s string) string { return s })); w > snippetColumns+4 {
				t.Errorf("the snippet is %d columns wide, more than %d: %q", w, snippetColumns, got)
			}
			for _, m := range tt.marked {
				if !strings.Contains(strings.ToLower(got), "["+m) && !strings.Contains(strings.ToLower(got), m+"]") {
					t.Errorf("%q is not marked in %q", m, got)
				}
			}
		})
	}
}

// A passage found by meaning alone shows its start, with nothing marked:
// nothing in it is claimed to match.
func TestSnippetOfAPassageFoundByMeaning(t *testing.T) {
	text := strings.Repeat("模型在本地运行，数据不离开电脑。", 20)
	segments := Snippet(text, queryHighlights("隐私"), snippetColumns)
	for _, s := range segments {
		if s.Match {
			t.Fatalf("marked %q in a passage without the query's words", s.Text)
		}
	}
	got := render(segments)
	if !strings.HasPrefix(got, "模型在本地运行") || !strings.HasSuffix(got, "…") {
		t.Fatalf("got %q, want the start of the passage, cut with an ellipsis", got)
	}
}
