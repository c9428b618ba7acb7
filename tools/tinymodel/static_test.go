package main

import (
	"math"
	"slices"
	"sync"
	"testing"
)

var testStaticModel = sync.OnceValues(buildStaticModel)

func staticModelForTest(t *testing.T) *staticModel {
	t.Helper()
	m, err := testStaticModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestStaticTokenizerPicksWords(t *testing.T) {
	m := staticModelForTest(t)
	tests := []struct {
		text string
		want []string
	}{
		{"足球比赛的冠军", []string{"<s>", "▁", "足球", "比赛", "的", "冠军"}},
		{"国内生产总值和世界杯", []string{"<s>", "▁", "国内生产总值", "和", "世界杯"}},
		{"the football team", []string{"<s>", "▁the", "▁football", "▁team"}},
		{"龘", []string{"<s>", "▁", "<0xE9>", "<0xBE>", "<0x98>"}},
		{"", []string{"<s>"}},
	}
	for _, tt := range tests {
		var got []string
		for _, id := range m.tokenizer.Tokenize(tt.text) {
			got = append(got, m.tokens[id])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestStaticVectorsMeanSomething holds the point of the model: texts on
// one topic are closer than texts on two, in either language.
func TestStaticVectorsMeanSomething(t *testing.T) {
	m := staticModelForTest(t)
	tests := []struct{ text, near, far string }{
		{"足球比赛", "球队在联赛中进球", "化学反应生成氧气"},
		{"医生治疗病人", "医院的患者和药物", "球队在联赛中进球"},
		{"the football match", "足球比赛的球队", "化学反应生成氧气"},
		{"皇帝在位期间发动战争", "唐朝的王朝与帝国", "电脑软件和数据库"},
	}
	for _, tt := range tests {
		v := m.Embed(tt.text)
		near, far := cosine(v, m.Embed(tt.near)), cosine(v, m.Embed(tt.far))
		if near <= far {
			t.Errorf("%q: cosine with %q %.3f, with %q %.3f; want the first higher", tt.text, tt.near, near, tt.far, far)
		}
	}
}

// TestStaticLayerAverages checks the tensors Ollama runs: the token table
// is the model's rows, the attention attends evenly (query and key zero)
// and carries the normed rows through (value the identity, output the
// identity scaled), and the feed-forward adds nothing.
func TestStaticLayerAverages(t *testing.T) {
	m := staticModelForTest(t)
	spec := Models[len(Models)-1]
	if !spec.Static {
		t.Fatalf("the last model %s is not the static one", spec.Name)
	}
	byName := map[string]tensor{}
	for _, tn := range m.tensors(spec) {
		byName[tn.name] = tn
	}
	table := byName["token_embd.weight"]
	if len(table.data) != len(m.rows)*staticWidth || !slices.Equal(table.data[5*staticWidth:6*staticWidth], m.rows[5]) {
		t.Errorf("token_embd.weight does not hold the model's rows")
	}
	for name, want := range map[string]float32{
		"blk.0.attn_q.weight": 0, "blk.0.attn_k.weight": 0, "blk.0.ffn_down.weight": 0,
		"blk.0.attn_norm.weight": 1, "blk.0.ffn_norm.weight": 1, "output_norm.weight": 1,
	} {
		tn, ok := byName[name]
		if !ok || slices.ContainsFunc(tn.data, func(x float32) bool { return x != want }) {
			t.Errorf("%s is not all %g", name, want)
		}
	}
	for name, diagonal := range map[string]float32{"blk.0.attn_v.weight": 1, "blk.0.attn_output.weight": staticAttentionGain} {
		tn := byName[name]
		for i, x := range tn.data {
			want := float32(0)
			if i/staticWidth == i%staticWidth {
				want = diagonal
			}
			if x != want {
				t.Errorf("%s[%d] = %g, want %g (the identity times %g)", name, i, x, want, diagonal)
				break
			}
		}
	}
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}
