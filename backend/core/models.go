package core

import "time"

// Model capabilities as Ollama reports them.
const (
	CapabilityCompletion = "completion"
	CapabilityEmbedding  = "embedding"
	CapabilityVision     = "vision"
	CapabilityTools      = "tools"
	CapabilityThinking   = "thinking"
)

// ModelSummary is one installed model as a list shows it.
type ModelSummary struct {
	Name          string    `json:"name"`
	Family        string    `json:"family"`
	ParameterSize string    `json:"parameterSize"`
	Quantization  string    `json:"quantization"`
	SizeBytes     int64     `json:"sizeBytes"`
	Digest        string    `json:"digest"`
	ModifiedAt    time.Time `json:"modifiedAt"`
}

// ModelDetails adds what only a model's own metadata tells.
type ModelDetails struct {
	ModelSummary
	Architecture    string   `json:"architecture"`
	ParameterCount  int64    `json:"parameterCount"`
	ContextLength   int      `json:"contextLength"`
	EmbeddingLength int      `json:"embeddingLength"`
	Layers          int      `json:"layers"`
	HeadCount       int      `json:"headCount"`
	HeadCountKV     int      `json:"headCountKV"`
	VocabSize       int      `json:"vocabSize"`
	Capabilities    []string `json:"capabilities"`
	Template        string   `json:"template"`
}

// Has reports whether the model has a capability.
func (d ModelDetails) Has(capability string) bool {
	for _, c := range d.Capabilities {
		if c == capability {
			return true
		}
	}
	return false
}

// RunningModel is a model loaded in memory.
type RunningModel struct {
	Name          string    `json:"name"`
	SizeBytes     int64     `json:"sizeBytes"`
	VRAMBytes     int64     `json:"vramBytes"`
	ContextLength int       `json:"contextLength"`
	ExpiresAt     time.Time `json:"expiresAt"`
}

// ChatRole is who speaks a message of a conversation.
type ChatRole string

const (
	RoleSystem    ChatRole = "system"
	RoleUser      ChatRole = "user"
	RoleAssistant ChatRole = "assistant"
)

// ChatMessage is one turn of a conversation sent to a model.
type ChatMessage struct {
	Role    ChatRole `json:"role"`
	Content string   `json:"content"`
}

// PullProgress is the state of a model download through Ollama: the
// current step, each layer's bytes, and for the whole the bytes so far,
// the speed and the time left.
type PullProgress struct {
	Model     string          `json:"model"`
	Status    string          `json:"status"`
	Digest    string          `json:"digest,omitempty"`
	Completed int64           `json:"completed"`
	Total     int64           `json:"total"`
	Layers    []LayerProgress `json:"layers"`
	// BytesPerSecond is the recent speed; ETASeconds the time left at it
	// (0 when unknown).
	BytesPerSecond float64  `json:"bytesPerSecond"`
	ETASeconds     float64  `json:"etaSeconds"`
	Done           bool     `json:"done"`
	Problem        *Problem `json:"problem,omitempty"`
}

// LayerProgress is one blob of a model being downloaded.
type LayerProgress struct {
	Digest    string `json:"digest"`
	Completed int64  `json:"completed"`
	Total     int64  `json:"total"`
}

// EventModelPull carries PullProgress while a model downloads.
const EventModelPull = "model:pull"

// Machine is what this computer offers a model.
type Machine struct {
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	CPUs     int    `json:"cpus"`
	RAMBytes int64  `json:"ramBytes"`
	// AvailableBytes is the memory free now, for the person's information;
	// fit is judged against the total, since other programs come and go.
	AvailableBytes int64 `json:"availableBytes"`
	GPUs           []GPU `json:"gpus"`
	// Unified is set where the GPU shares the RAM (Apple silicon).
	Unified bool `json:"unified"`
}

// GPU is a graphics card with its own memory.
type GPU struct {
	Name      string `json:"name"`
	VRAMBytes int64  `json:"vramBytes"`
}

// FitVerdict says whether a model runs on this machine.
type FitVerdict string

const (
	FitYes   FitVerdict = "fits"
	FitTight FitVerdict = "tight"
	FitNo    FitVerdict = "no"
)

// FitDevice is where a model's weights would live: in a GPU's memory,
// spilling from it into RAM, in memory the GPU shares with the CPU, or in
// RAM alone.
type FitDevice string

const (
	DeviceGPU       FitDevice = "gpu"
	DeviceGPUAndCPU FitDevice = "gpu+cpu"
	DeviceUnified   FitDevice = "unified"
	DeviceCPU       FitDevice = "cpu"
)

// FitTerm names a line of a fit's arithmetic.
type FitTerm string

const (
	TermWeights  FitTerm = "weights"
	TermKV       FitTerm = "kv"
	TermOverhead FitTerm = "overhead"
	TermTotal    FitTerm = "total"
	TermBudget   FitTerm = "budget"
)

// FitReport is a memory estimate for one model at one context length, with
// the arithmetic that produced it.
type FitReport struct {
	Model         string     `json:"model"`
	Context       int        `json:"context"`
	WeightsBytes  int64      `json:"weightsBytes"`
	KVBytes       int64      `json:"kvBytes"`
	OverheadBytes int64      `json:"overheadBytes"`
	TotalBytes    int64      `json:"totalBytes"`
	BudgetBytes   int64      `json:"budgetBytes"`
	Device        FitDevice  `json:"device"`
	Verdict       FitVerdict `json:"verdict"`
	// Steps are the arithmetic, one line per term, each formula in every
	// language; the UI labels each by its Term.
	Steps []FitStep `json:"steps"`
}

// FitStep is one line of a fit's arithmetic.
type FitStep struct {
	Term    FitTerm `json:"term"`
	Formula Text    `json:"formula"`
	Bytes   int64   `json:"bytes"`
}

// InstalledModel is a model Ollama has, with what its metadata says and
// whether it is loaded now.
type InstalledModel struct {
	ModelDetails
	Running *RunningModel `json:"running,omitempty"`
}

// HubKind is the kind of site models are downloaded from: Hugging Face
// (or one of its mirrors) or ModelScope.
type HubKind string

const (
	HubHuggingFace HubKind = "huggingface"
	HubModelScope  HubKind = "modelscope"
)

// HubFile is a file of a model repository.
type HubFile struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
	// SHA256 is the content hash the hub publishes (its LFS object id);
	// empty when it publishes none.
	SHA256 string `json:"sha256"`
	// Quantization is read from a GGUF file's name (Q4_K_M, F16…).
	Quantization string `json:"quantization,omitempty"`
}

// DownloadProgress is the state of a file downloading from a hub.
type DownloadProgress struct {
	ID             string   `json:"id"`
	File           string   `json:"file"`
	Path           string   `json:"path"` // where it is saved
	Completed      int64    `json:"completed"`
	Total          int64    `json:"total"`
	BytesPerSecond float64  `json:"bytesPerSecond"`
	ETASeconds     float64  `json:"etaSeconds"`
	Resumed        bool     `json:"resumed"`
	Verifying      bool     `json:"verifying"`
	Done           bool     `json:"done"`
	Problem        *Problem `json:"problem,omitempty"`
}

// EventModelDownload carries DownloadProgress.
const EventModelDownload = "model:download"
