package chunk

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/zhiku-app/zhiku/backend/squad"
)

func sentenceTexts(text string) []string {
	runes := []rune(text)
	var out []string
	for _, s := range sentences(text) {
		out = append(out, string(runes[s.start:s.end]))
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"Chinese marks", "知库是什么？它索引文件。真好！", []string{"知库是什么？", "它索引文件。", "真好！"}},
		{"closing quotes stay with their sentence", "他说：「走吧。」然后离开了。", []string{"他说：「走吧。」", "然后离开了。"}},
		{"ellipsis and doubled marks", "等等……真的吗？！是的。", []string{"等等……", "真的吗？！", "是的。"}},
		{"semicolon", "第一点；第二点。", []string{"第一点；", "第二点。"}},
		{"Western", "It costs 3.14 dollars. Really? Yes!", []string{"It costs 3.14 dollars. ", "Really? ", "Yes!"}},
		{"a dot inside a word", "See zhiku.app/docs for more. Then go.", []string{"See zhiku.app/docs for more. ", "Then go."}},
		{"quoted Western", `He said "stop." Then left.`, []string{`He said "stop." `, "Then left."}},
		{"line breaks", "标题\n正文第一行", []string{"标题\n", "正文第一行"}},
		{"no end mark", "没有句号的文本", []string{"没有句号的文本"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentenceTexts(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sentences(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestParagraphEnds(t *testing.T) {
	spans := sentences("第一段。\n\n第二段第一句。第二句。")
	var ends []bool
	for _, s := range spans {
		ends = append(ends, s.paragraphEnd)
	}
	if want := []bool{true, false, true}; !reflect.DeepEqual(ends, want) {
		t.Fatalf("paragraph ends = %v, want %v", ends, want)
	}
}

func TestEstimateTokens(t *testing.T) {
	tests := map[string]int{
		"":            0,
		"知库":          2,
		"hello":       2, // five letters: two tokens of four
		"hello world": 4,
		"知库 indexes。": 2 + 2 + 1,
		"3.14":        1 + 1 + 1,
	}
	for s, want := range tests {
		if got := EstimateTokens(s); got != want {
			t.Errorf("EstimateTokens(%q) = %d, want %d", s, got, want)
		}
	}
}

// checkInvariants holds for every split: chunks within budget, each chunk's
// text exactly the document's text at its offsets, in order, and every
// non-space character of the document in at least one chunk.
func checkInvariants(t *testing.T, doc string, sections []Section, chunks []Chunk, opts Options) {
	t.Helper()
	docRunes := []rune(doc)
	covered := make([]bool, len(docRunes))
	for i, c := range chunks {
		if opts.MaxTokens > 0 && c.Tokens > opts.MaxTokens {
			t.Fatalf("chunk %d has %d tokens, over %d: %q", i, c.Tokens, opts.MaxTokens, c.Text)
		}
		if opts.MaxChars > 0 && len([]rune(c.Text)) > opts.MaxChars {
			t.Fatalf("chunk %d has %d characters, over %d", i, len([]rune(c.Text)), opts.MaxChars)
		}
		if c.Start < 0 || c.End > len(docRunes) || string(docRunes[c.Start:c.End]) != c.Text {
			t.Fatalf("chunk %d text %q is not the document at [%d, %d)", i, c.Text, c.Start, c.End)
		}
		if i > 0 && c.Start < chunks[i-1].Start {
			t.Fatalf("chunk %d starts before chunk %d", i, i-1)
		}
		for k := c.Start; k < c.End; k++ {
			covered[k] = true
		}
	}
	for k, r := range docRunes {
		if !covered[k] && !unicode.IsSpace(r) {
			t.Fatalf("character %d %q is in no chunk", k, r)
		}
	}
}

func TestSplitKeepsSentencesWholeAndOverlaps(t *testing.T) {
	text := strings.Repeat("知库把文件变成可以搜索的知识。回答会引用具体的页码！", 20)
	opts := Options{MaxTokens: 60, OverlapTokens: 15}
	chunks := Split([]Section{{Text: text}}, opts)
	checkInvariants(t, text, []Section{{Text: text}}, chunks, opts)
	if len(chunks) < 5 {
		t.Fatalf("got %d chunks", len(chunks))
	}
	for i, c := range chunks {
		if !strings.HasSuffix(c.Text, "。") && !strings.HasSuffix(c.Text, "！") {
			t.Errorf("chunk %d ends mid-sentence: %q", i, c.Text)
		}
		if i > 0 && c.Start >= chunks[i-1].End {
			t.Errorf("chunk %d does not overlap the one before", i)
		}
	}
}

func TestSplitPrefersParagraphEnds(t *testing.T) {
	p1 := strings.Repeat("第一段的句子。", 10) // 70 tokens
	p2 := strings.Repeat("第二段。", 10)    // 50 tokens
	text := p1 + "\n\n" + p2
	chunks := Split([]Section{{Text: text}}, Options{MaxTokens: 100})
	if len(chunks) != 2 || chunks[0].Text != p1 || chunks[1].Text != p2 {
		t.Fatalf("chunks = %q, want the two paragraphs", texts(chunks))
	}
}

func TestSplitCutsAnOverlongSentence(t *testing.T) {
	tests := map[string]string{
		"CJK without marks":    strings.Repeat("知识库", 400),
		"CJK with commas":      strings.Repeat("知识库，索引，", 200),
		"one long English run": strings.Repeat("retrieval augmented generation ", 150),
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			opts := Options{MaxTokens: 50}
			chunks := Split([]Section{{Text: text}}, opts)
			checkInvariants(t, text, []Section{{Text: text}}, chunks, opts)
			if len(chunks) < 5 {
				t.Fatalf("got %d chunks", len(chunks))
			}
		})
	}
}

func TestSplitCarriesPagesHeadingsAndOffsets(t *testing.T) {
	doc := "第一页的内容。\n第二页的内容。"
	sections := []Section{
		{Text: "第一页的内容。\n", Page: 1, Headings: []string{"报告", "引言"}, Offset: 0},
		{Text: "第二页的内容。", Page: 2, Headings: []string{"报告", "方法"}, Offset: 8},
	}
	chunks := Split(sections, Options{MaxTokens: 100})
	checkInvariants(t, doc, sections, chunks, Options{MaxTokens: 100})
	if len(chunks) != 2 || chunks[1].Page != 2 || chunks[1].Start != 8 || !reflect.DeepEqual(chunks[1].Headings, []string{"报告", "方法"}) {
		t.Fatalf("chunks = %+v", chunks)
	}
}

func TestSplitSkipsEmptySections(t *testing.T) {
	if chunks := Split([]Section{{Text: ""}, {Text: " \n\t\u3000"}}, Options{MaxTokens: 10}); len(chunks) != 0 {
		t.Fatalf("chunks = %q", texts(chunks))
	}
}

// Every CMRC paragraph (real Chinese Wikipedia text) at the evaluation's
// 180-character cap: within budget, nothing lost, offsets exact.
func TestSplitRealChineseParagraphs(t *testing.T) {
	path, ok := squad.FindCMRC()
	if !ok {
		t.Skip("CMRC 2018 is not beside the repository (../shared/data/cmrc2018)")
	}
	set, err := squad.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{MaxTokens: 400, MaxChars: 180, OverlapTokens: 30}
	var n, chars int
	for _, context := range set.Contexts() {
		sections := []Section{{Text: context}}
		chunks := Split(sections, opts)
		checkInvariants(t, context, sections, chunks, opts)
		for _, c := range chunks {
			n++
			chars += len([]rune(c.Text))
		}
	}
	t.Logf("%d chunks, mean %.0f characters", n, float64(chars)/float64(n))
}

func FuzzSplit(f *testing.F) {
	f.Add("知库是什么？它索引文件。\n\n第二段。", 20, 5)
	f.Add("Hello world. It costs 3.14!", 3, 1)
	f.Fuzz(func(t *testing.T, text string, maxTokens, overlap int) {
		if maxTokens < 1 || maxTokens > 1000 || overlap < 0 || !isValidUTF8(text) {
			return
		}
		opts := Options{MaxTokens: maxTokens, OverlapTokens: overlap}
		sections := []Section{{Text: text}}
		chunks := Split(sections, opts)
		// A single character may exceed a tiny budget (a word of 4+ letters
		// is one token, a CJK character one); only check sizes for budgets
		// no single rune exceeds.
		if maxTokens >= 2 {
			checkInvariants(t, text, sections, chunks, opts)
		}
	})
}

func isValidUTF8(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func texts(chunks []Chunk) []string {
	var out []string
	for _, c := range chunks {
		out = append(out, c.Text)
	}
	return out
}
