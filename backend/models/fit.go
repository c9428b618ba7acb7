package models

import (
	"fmt"
	"math"
	"strconv"

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

// The arithmetic of the estimate, shown step by step, in each language.
var (
	formulaFileSize      = core.TextKind{En: "file size {size}", Zh: "文件大小 {size}"}
	formulaParameters    = core.TextKind{En: "{params} params × {bits} bits ÷ 8", Zh: "{params} 参数 × {bits} 位 ÷ 8"}
	formulaKVCache       = core.TextKind{En: "2 × {layers} layers × {context} tokens × {width} ({embedding} × {kvHeads}/{heads}) × 2 bytes", Zh: "2 × {layers} 层 × {context} 词元 × {width}（{embedding} × {kvHeads}/{heads}）× 2 字节"}
	formulaOverhead      = core.TextKind{En: "{batch} × ({vocab} vocab + 4 × {embedding}) × 4 bytes + {runtime} runtime", Zh: "{batch} ×（{vocab} 词表 + 4 × {embedding}）× 4 字节 + {runtime} 运行时"}
	formulaGPUBudget     = core.TextKind{En: "90% × {vram} GPU", Zh: "90% × {vram} GPU 显存"}
	formulaUnifiedBudget = core.TextKind{En: "75% × {ram} unified memory", Zh: "75% × {ram} 统一内存"}
	formulaRAMBudget     = core.TextKind{En: "{ram} RAM − {reserve} for the system", Zh: "{ram} 内存 − {reserve} 留给系统"}
)

// weights is the memory the weights take: the file's size, or parameters
// × bits per weight ÷ 8.
func (s Spec) weights() (int64, core.Text) {
	if s.WeightsBytes > 0 {
		return s.WeightsBytes, formulaFileSize.With("size", human(s.WeightsBytes))
	}
	bytes := int64(math.Ceil(float64(s.Parameters) * s.BitsPerWeight / 8))
	return bytes, formulaParameters.With("params", count(s.Parameters), "bits", fmt.Sprintf("%.2f", s.BitsPerWeight))
}

// kvCache is the attention cache: for every layer and every token of the
// context, a key and a value of embedding × kvHeads ÷ heads numbers, in
// 16-bit floats.
func (s Spec) kvCache(context int) (int64, core.Text) {
	heads, kvHeads := max(s.Heads, 1), s.KVHeads
	if kvHeads == 0 {
		kvHeads = heads
	}
	width := int64(s.Embedding) * int64(kvHeads) / int64(heads)
	bytes := 2 * int64(s.Layers) * int64(context) * width * 2
	return bytes, formulaKVCache.With("layers", strconv.Itoa(s.Layers), "context", strconv.Itoa(context), "width", strconv.FormatInt(width, 10),
		"embedding", strconv.Itoa(s.Embedding), "kvHeads", strconv.Itoa(kvHeads), "heads", strconv.Itoa(heads))
}

// overhead is llama.cpp's compute buffers for one batch (logits over the
// vocabulary and the layer activations, in 32-bit floats) and the runner.
func (s Spec) overhead() (int64, core.Text) {
	vocab := s.Vocabulary
	if vocab == 0 {
		// Ollama leaves the token list out of a model's details; assume
		// the largest common vocabulary (Qwen's), erring high.
		vocab = assumedVocabulary
	}
	graph := int64(batchSize) * int64(vocab+4*s.Embedding) * 4
	return graph + runtimeBytes, formulaOverhead.With("batch", strconv.Itoa(batchSize), "vocab", strconv.Itoa(vocab),
		"embedding", strconv.Itoa(s.Embedding), "runtime", human(runtimeBytes))
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
		{Term: core.TermWeights, Formula: wf, Bytes: w},
		{Term: core.TermKV, Formula: kvf, Bytes: kv},
		{Term: core.TermOverhead, Formula: of, Bytes: o},
		{Term: core.TermTotal, Formula: core.SameText(fmt.Sprintf("%s + %s + %s", human(w), human(kv), human(o))), Bytes: total},
	}
	vram := int64(0)
	for _, g := range m.GPUs {
		vram = max(vram, g.VRAMBytes)
	}
	ram := max(m.RAMBytes-systemReserve, 0)
	switch {
	case vram > 0:
		r.BudgetBytes = vram * 9 / 10
		r.Steps = append(r.Steps, core.FitStep{Term: core.TermBudget, Formula: formulaGPUBudget.With("vram", human(vram)), Bytes: r.BudgetBytes})
		r.Device = core.DeviceGPU
		switch {
		case total <= r.BudgetBytes:
			r.Verdict = core.FitYes
		case total <= r.BudgetBytes+ram*3/4:
			r.Device, r.Verdict = core.DeviceGPUAndCPU, core.FitTight
		default:
			r.Verdict = core.FitNo
		}
		return r
	case m.Unified:
		r.BudgetBytes = m.RAMBytes * 3 / 4
		r.Device = core.DeviceUnified
		r.Steps = append(r.Steps, core.FitStep{Term: core.TermBudget, Formula: formulaUnifiedBudget.With("ram", human(m.RAMBytes)), Bytes: r.BudgetBytes})
	default:
		r.BudgetBytes = ram
		r.Device = core.DeviceCPU
		r.Steps = append(r.Steps, core.FitStep{Term: core.TermBudget, Formula: formulaRAMBudget.With("ram", human(m.RAMBytes), "reserve", human(systemReserve)), Bytes: r.BudgetBytes})
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
