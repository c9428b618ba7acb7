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

// Chat roles.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// ChatMessage is one turn of a conversation sent to a model.
type ChatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// PullProgress is the state of a model download through Ollama.
type PullProgress struct {
	Model     string   `json:"model"`
	Status    string   `json:"status"`
	Digest    string   `json:"digest,omitempty"`
	Completed int64    `json:"completed"`
	Total     int64    `json:"total"`
	Done      bool     `json:"done"`
	Problem   *Problem `json:"problem,omitempty"`
}

// EventModelPull carries PullProgress while a model downloads.
const EventModelPull = "model:pull"
