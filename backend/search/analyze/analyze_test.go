package analyze

import (
	"slices"
	"strings"
	"testing"
)

func termTexts(text string, kinds ...Kind) []string {
	var out []string
	for _, t := range List(text) {
		if len(kinds) == 0 || slices.Contains(kinds, t.Kind) {
			out = append(out, t.Text)
		}
	}
	return out
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name, text string
		kinds      []Kind
		want       []string
	}{
		{"Chinese gives singles and pairs", "长城很长", nil, []string{"长", "长城", "城", "城很", "很", "很长", "长"}},
		{"punctuation breaks a run", "长城，很长", []Kind{Pair}, []string{"长城", "很长"}},
		{"Traditional folds to Simplified", "國語學習", []Kind{Pair}, []string{"国语", "语学", "学习"}},
		{"full-width Latin folds", "ＧＰＴ４", nil, []string{"gpt4"}},
		{"English is lower-cased and stemmed", "Indexing Indexed FILES", nil, []string{"index", "index", "file"}},
		{"numbers stay whole", "3.14 和 2018年", []Kind{Word}, []string{"3.14", "2018"}},
		{"identifiers stay whole and give their parts", "snake_case v1.2.3", nil, []string{"snake_case", "snake", "case", "v1.2.3", "v1", "2", "3"}},
		{"a trailing dot is not part of a word", "end.", nil, []string{"end"}},
		{"mixed scripts", "用Go写的app", nil, []string{"用", "go", "写", "写的", "的", "app"}},
		{"kana are ideographs here", "カタカナ", []Kind{Pair}, []string{"カタ", "タカ", "カナ"}},
		{"Korean words split on spaces", "한국어 검색", nil, []string{"한국어", "검색"}},
		{"emoji and punctuation give nothing", "🙂 !!! ……", nil, nil},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := termTexts(tt.text, tt.kinds...); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTermOffsetsPointAtTheSource(t *testing.T) {
	text := "Zhiku 知库：ＡＢＣ test_case."
	for _, term := range List(text) {
		src := text[term.Start:term.End]
		if term.Kind == Part {
			continue // a part points at its whole identifier
		}
		var folded strings.Builder
		for _, r := range src {
			folded.WriteRune(Fold(r))
		}
		if got := folded.String(); got != term.Text && string(normalizeWord([]byte(got))) != term.Text {
			t.Errorf("term %q points at %q", term.Text, src)
		}
	}
}

func TestQueryTextDropsQuestionWords(t *testing.T) {
	tests := map[string]string{
		"长城有多长？":         "长城有长？",
		"谁发明了电话":         " 发明了电话",
		"什麼是知識庫":         " 是知識庫",
		"plain keywords": "plain keywords",
	}
	for in, want := range tests {
		if got := QueryText(in); got != want {
			t.Errorf("QueryText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"长城很长", "snake_case v1.2.3", "ＧＰＴ４", "a..b--c__", "\xff\xfe", "國語"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		Terms(text, func(term Term) {
			if term.Text == "" || term.Start < 0 || term.End > len(text) || term.Start >= term.End {
				t.Fatalf("bad term %+v in %q", term, text)
			}
		})
	})
}
