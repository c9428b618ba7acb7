package models

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/zhiku-app/zhiku/backend/core"
)

//go:embed catalog.json
var bundledCatalog []byte

// Kind is what a model of the catalogue is for: writing answers, turning
// text into vectors to find passages by, or judging how well a passage
// answers a question (a reranker, scored through log-probabilities).
type Kind string

const (
	KindChat      Kind = "chat"
	KindEmbedding Kind = "embedding"
	KindReranker  Kind = "reranker"
)

// Entry is one model of the catalogue. Sizes are those of the named tag
// (4-bit K-quants for chat models, 16-bit floats for embedding models,
// 5- or 8-bit quants for rerankers, which are small and judge better at
// higher precision).
// Licence is the licence's name alone ("MIT", "GLM-4"): the page puts it
// after the word for licence in the person's language.
type Entry struct {
	Name         string                 `json:"name"`
	Family       string                 `json:"family"`
	Kind         Kind                   `json:"kind"`
	Parameters   int64                  `json:"parameters"`
	Quantization string                 `json:"quantization"`
	SizeBytes    int64                  `json:"sizeBytes"`
	Layers       int                    `json:"layers"`
	Embedding    int                    `json:"embedding"`
	Heads        int                    `json:"heads"`
	KVHeads      int                    `json:"kvHeads"`
	Vocabulary   int                    `json:"vocabulary"`
	Context      int                    `json:"context"`
	Languages    []string               `json:"languages"`
	Licence      string                 `json:"licence"`
	ChineseFirst bool                   `json:"chineseFirst"`
	Notes        map[core.Locale]string `json:"notes"`
	HuggingFace  string                 `json:"huggingFace,omitempty"`
	ModelScope   string                 `json:"modelScope,omitempty"`
}

// Spec is the entry as a memory estimate sees it.
func (e Entry) Spec() Spec {
	return Spec{Name: e.Name, Parameters: e.Parameters, BitsPerWeight: BitsPerWeight(e.Quantization), WeightsBytes: e.SizeBytes,
		Layers: e.Layers, Embedding: e.Embedding, Heads: e.Heads, KVHeads: e.KVHeads, Vocabulary: e.Vocabulary, ContextLength: e.Context}
}

// Catalog is the curated list of models.
type Catalog struct {
	Version int     `json:"version"`
	Updated string  `json:"updated"`
	Models  []Entry `json:"models"`
}

// LoadCatalog returns the catalogue: the file at override when it exists
// and reads as a catalogue (so the list can be updated without a new
// release), else the one built in. A broken override is reported and the
// built-in list used.
func LoadCatalog(override string) (Catalog, error) {
	var bundled Catalog
	if err := json.Unmarshal(bundledCatalog, &bundled); err != nil {
		panic(fmt.Sprintf("the built-in catalogue does not parse: %v", err))
	}
	b, err := core.ReadRegularFile(override)
	if errors.Is(err, core.ErrNotRegularFile) {
		return bundled, fmt.Errorf("catalogue %s is not usable, using the built-in one: %w", override, err)
	}
	if err != nil {
		return bundled, nil
	}
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil || len(c.Models) == 0 {
		return bundled, fmt.Errorf("catalogue %s is not usable, using the built-in one: %v", override, err)
	}
	return c, nil
}

// Recommended is a catalogue entry with its fit on this machine.
type Recommended struct {
	Entry
	Fit         core.FitReport `json:"fit"`
	Recommended bool           `json:"recommended"`
}

// cpuParameterCap bounds what is recommended to a machine without a GPU:
// bigger models fit in RAM but answer at a word or two a second. A
// reranker reads thirty passages for every question, so on a CPU only a
// small one is quick enough.
const (
	cpuParameterCap         = 9e9
	cpuRerankerParameterCap = 1e9
)

// Recommend estimates every entry at context tokens (or its own limit if
// smaller) and marks, for each kind, the largest model that fits (on a
// machine without a GPU, the largest up to 9B parameters, or 1B for a
// reranker, for speed), a
// Chinese-first one when chineseFirst is set and one fits.
func Recommend(c Catalog, m core.Machine, context int, chineseFirst bool) []Recommended {
	out := make([]Recommended, len(c.Models))
	for i, e := range c.Models {
		out[i] = Recommended{Entry: e, Fit: Estimate(e.Spec(), min(context, e.Context), m)}
	}
	for _, kind := range []Kind{KindChat, KindEmbedding, KindReranker} {
		best := -1
		for i, r := range out {
			if r.Kind != kind || r.Fit.Verdict != core.FitYes || (chineseFirst && !r.ChineseFirst && hasChineseFirstFit(out, kind)) {
				continue
			}
			if r.Fit.Device == core.DeviceCPU && (r.Parameters > cpuParameterCap || kind == KindReranker && r.Parameters > cpuRerankerParameterCap) {
				continue
			}
			if best < 0 || r.Parameters > out[best].Parameters {
				best = i
			}
		}
		if best >= 0 {
			out[best].Recommended = true
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind == KindChat
		}
		return out[i].Recommended && !out[j].Recommended
	})
	return out
}

func hasChineseFirstFit(rs []Recommended, kind Kind) bool {
	for _, r := range rs {
		if r.Kind == kind && r.ChineseFirst && r.Fit.Verdict == core.FitYes {
			return true
		}
	}
	return false
}
