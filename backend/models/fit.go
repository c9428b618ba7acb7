package models

import (
	"fmt"
	"math"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Spec is what a memory estimate needs to know of a model.
type Spec struct {
	Name         string `json:"name"`
	Architecture string `json:"architecture"`
	// Parameters and BitsPerWeight give the weights' size when the file's
	// size is not known; WeightsBytes, when set, is used as it is.
	Parameters    int64   `json:"parameters"`
	BitsPerWeight float64 `json:"bitsPerWeight"`
	WeightsBytes  int64   `json:"weightsBytes"`
	Layers        int     `json:"layers"`
	Embedding     int     `json:"embedding"`
	Heads         int     `json:"heads"`
	KVHeads       int     `json:"kvHeads"`
	Vocabulary    int     `json:"vocabulary"`
	ContextLength int     `json:"contextLength"`
}

const (
	gib = 1 << 30
	mib = 1 << 20
	// batchSize is the tokens llama.cpp evaluates at once; its compute
	// buffers grow with it.
	batchSize = 512
	// runtimeBytes is the runner process itself: code, scratch, the
	// tokenizer.
	runtimeBytes = 256 * mib
	// systemReserve is left to the operating system and other programs on
	// a machine without a separate GPU.
	systemReserve = 2 * gib
)

// weights is the memory the weights take: the file's size, or parameters
// × bits per weight ÷ 8.
func (s Spec) weights() (int64, string) {
	if s.WeightsBytes > 0 {
		return s.WeightsBytes, "file size " + human(s.WeightsBytes)
	}
	bytes := int64(math.Ceil(float64(s.Parameters) * s.BitsPerWeight / 8))
	return bytes, fmt.Sprintf("%s params × %.2f bits ÷ 8", count(s.Parameters), s.BitsPerWeight)
}

// kvCache is the attention cache: for every layer and every token of the
// context, a key and a value of embedding × kvHeads ÷ heads numbers, in
// 16-bit floats.
func (s Spec) kvCache(context int) (int64, string) {
	heads, kvHeads := max(s.Heads, 1), s.KVHeads
	if kvHeads == 0 {
		kvHeads = heads
	}
	width := int64(s.Embedding) * int64(kvHeads) / int64(heads)
	bytes := 2 * int64(s.Layers) * int64(context) * width * 2
	return bytes, fmt.Sprintf("2 × %d layers × %d tokens × %d (%d × %d/%d) × 2 bytes", s.Layers, context, width, s.Embedding, kvHeads, heads)
}

// overhead is llama.cpp's compute buffers for one batch (logits over the
// vocabulary and the layer activations, in 32-bit floats) and the runner.
func (s Spec) overhead() (int64, string) {
	vocab := s.Vocabulary
	if vocab == 0 {
		// Ollama leaves the token list out of a model's details; assume
		// the largest common vocabulary (Qwen's), erring high.
		vocab = assumedVocabulary
	}
	graph := int64(batchSize) * int64(vocab+4*s.Embedding) * 4
	return graph + runtimeBytes, fmt.Sprintf("%d × (%d vocab + 4 × %d) × 4 bytes + %s runtime", batchSize, vocab, s.Embedding, human(runtimeBytes))
}

const assumedVocabulary = 152064

// Estimate works out the memory a model needs at a context length and
// whether this machine has it: on a GPU with its own memory, the model
// should fit in 90% of it (the rest spills to RAM, slowly: tight); with
// unified memory the GPU may use about three quarters of RAM; otherwise
// RAM less what the system keeps.
func Estimate(s Spec, context int, m core.Machine) core.FitReport {
	if context <= 0 || (s.ContextLength > 0 && context > s.ContextLength) {
		context = max(s.ContextLength, 2048)
	}
	w, wf := s.weights()
	kv, kvf := s.kvCache(context)
	o, of := s.overhead()
	total := w + kv + o
	r := core.FitReport{Model: s.Name, Context: context, WeightsBytes: w, KVBytes: kv, OverheadBytes: o, TotalBytes: total}
	r.Steps = []core.FitStep{
		{Term: "weights", Formula: wf, Bytes: w},
		{Term: "kv", Formula: kvf, Bytes: kv},
		{Term: "overhead", Formula: of, Bytes: o},
		{Term: "total", Formula: fmt.Sprintf("%s + %s + %s", human(w), human(kv), human(o)), Bytes: total},
	}
	vram := int64(0)
	for _, g := range m.GPUs {
		vram = max(vram, g.VRAMBytes)
	}
	ram := max(m.RAMBytes-systemReserve, 0)
	switch {
	case vram > 0:
		r.BudgetBytes = vram * 9 / 10
		r.Steps = append(r.Steps, core.FitStep{Term: "budget", Formula: "90% × " + human(vram) + " GPU", Bytes: r.BudgetBytes})
		r.Device = "gpu"
		switch {
		case total <= r.BudgetBytes:
			r.Verdict = core.FitYes
		case total <= r.BudgetBytes+ram*3/4:
			r.Device, r.Verdict = "gpu+cpu", core.FitTight
		default:
			r.Verdict = core.FitNo
		}
		return r
	case m.Unified:
		r.BudgetBytes = m.RAMBytes * 3 / 4
		r.Device = "unified"
		r.Steps = append(r.Steps, core.FitStep{Term: "budget", Formula: "75% × " + human(m.RAMBytes) + " unified memory", Bytes: r.BudgetBytes})
	default:
		r.BudgetBytes = ram
		r.Device = "cpu"
		r.Steps = append(r.Steps, core.FitStep{Term: "budget", Formula: human(m.RAMBytes) + " RAM − " + human(systemReserve) + " for the system", Bytes: r.BudgetBytes})
	}
	switch {
	case total <= r.BudgetBytes*4/5:
		r.Verdict = core.FitYes
	case total <= r.BudgetBytes:
		r.Verdict = core.FitTight
	default:
		r.Verdict = core.FitNo
	}
	return r
}

func human(b int64) string {
	switch {
	case b >= gib:
		return fmt.Sprintf("%.1f GiB", float64(b)/gib)
	case b >= mib:
		return fmt.Sprintf("%.0f MiB", float64(b)/mib)
	}
	return fmt.Sprintf("%.0f KiB", float64(b)/1024)
}

func count(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1fB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.0fM", float64(n)/1e6)
	}
	return fmt.Sprintf("%.0fK", float64(n)/1e3)
}

// BitsPerWeight is the average storage of a quantisation, as Ollama names
// them in model details; 0 when unknown.
func BitsPerWeight(quantization string) float64 {
	bits := map[string]float64{
		"F32": 32, "F16": 16, "BF16": 16, "Q8_0": 8.5, "Q6_K": 6.56, "Q5_K_M": 5.69, "Q5_K_S": 5.54, "Q5_0": 5.5, "Q5_1": 6,
		"Q4_K_M": 4.85, "Q4_K_S": 4.58, "Q4_0": 4.5, "Q4_1": 5, "Q3_K_L": 4.27, "Q3_K_M": 3.91, "Q3_K_S": 3.5, "Q2_K": 3.35,
		"IQ4_XS": 4.25, "IQ4_NL": 4.5, "IQ3_M": 3.66, "IQ2_M": 2.7,
	}
	return bits[quantization]
}
