//go:build integration

package llm_test

import (
	"encoding/json"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/ollama/ollama/api"

	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// staticExpectation is what tools/tinymodel computed for the static
// embedding model: for each text, its token count (BOS included) and the
// pooled, normalised vector.
type staticExpectation struct {
	Model   string      `json:"model"`
	Texts   []string    `json:"texts"`
	Tokens  []int       `json:"tokens"`
	Vectors [][]float32 `json:"vectors"`
}

// TestIntegrationStaticEmbedMatchesGenerator holds Ollama's vectors for the
// static model to the ones its generator computed: same tokens (so Ollama's
// tokeniser picks the vocabulary's words as the generator does) and the
// same pooled vector, so what the in-process evaluation measures is what
// the real server gives.
func TestIntegrationStaticEmbedMatchesGenerator(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	data, err := os.ReadFile(filepath.Join(rig.GGUFDir, llmtest.StaticEmbedExpectation))
	if err != nil {
		t.Fatal(err)
	}
	var want staticExpectation
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if want.Model != llmtest.StaticEmbedModel || len(want.Texts) == 0 || len(want.Tokens) != len(want.Texts) || len(want.Vectors) != len(want.Texts) {
		t.Fatalf("expectation file holds %d texts, %d token counts, %d vectors for %q", len(want.Texts), len(want.Tokens), len(want.Vectors), want.Model)
	}
	client := api.NewClient(rig.Host, http.DefaultClient)
	for i, text := range want.Texts {
		t.Run(text, func(t *testing.T) {
			resp, err := client.Embed(testContext(t), &api.EmbedRequest{Model: llmtest.StaticEmbedModel, Input: text})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Embeddings) != 1 || len(resp.Embeddings[0]) != len(want.Vectors[i]) {
				t.Fatalf("got %d vectors of width %d, want one of width %d", len(resp.Embeddings), len(resp.Embeddings[0]), len(want.Vectors[i]))
			}
			if resp.PromptEvalCount != want.Tokens[i] {
				t.Errorf("Ollama counts %d tokens, the generator %d: the tokenisers differ", resp.PromptEvalCount, want.Tokens[i])
			}
			if c := cosine(resp.Embeddings[0], want.Vectors[i]); c < 0.9999 {
				t.Errorf("cosine with the generator's vector = %.6f, want ≈ 1", c)
			}
		})
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
