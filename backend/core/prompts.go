package core

// DelimiterStyle is how the person's material is set off from the
// instructions of a prompt.
type DelimiterStyle string

const (
	DelimiterNone   DelimiterStyle = ""
	DelimiterXML    DelimiterStyle = "xml"    // <input> … </input>
	DelimiterQuotes DelimiterStyle = "quotes" // """ … """
	DelimiterHashes DelimiterStyle = "hashes" // ### … ###
)

// Example is an input with the output a good answer gives.
type Example struct {
	Input  string `json:"input"`
	Output string `json:"output"`
}

// Assistant is a reusable system prompt built from the parts of a strong
// prompt, with the model and sampling it works best with.
type Assistant struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Language is the language the prompt is written in; section labels
	// follow it.
	Language Locale    `json:"language"`
	Role     string    `json:"role"`
	Task     string    `json:"task"`
	Context  string    `json:"context"`
	Steps    []string  `json:"steps"`
	Examples []Example `json:"examples"`
	// Delimiter is how the material to work on is set off.
	Delimiter DelimiterStyle `json:"delimiter"`
	// OutputFormat and Length describe the answer wanted.
	OutputFormat string `json:"outputFormat"`
	Length       string `json:"length"`
	// Extra is free text appended as it is.
	Extra       string   `json:"extra"`
	Model       string   `json:"model"`
	Temperature *float32 `json:"temperature,omitempty"`
	TopP        *float32 `json:"topP,omitempty"`
	// Builtin assistants ship with Zhiku; editing one saves a copy.
	Builtin bool `json:"builtin"`
}

// LintHint is a suggestion about a prompt, with its reason, in both
// languages; Field names the part it is about.
type LintHint struct {
	Rule    string            `json:"rule"`
	Field   string            `json:"field"`
	Message map[Locale]string `json:"message"`
}

// Variant is one column of a comparison: an assistant (or a plain system
// prompt), a model and its sampling.
type Variant struct {
	Label       string    `json:"label"`
	Assistant   Assistant `json:"assistant"`
	Model       string    `json:"model"`
	Temperature *float32  `json:"temperature,omitempty"`
}

// CompareRequest runs one input through two to four variants at once.
type CompareRequest struct {
	Input     string            `json:"input"`
	Variables map[string]string `json:"variables,omitempty"`
	Variants  []Variant         `json:"variants"`
}

// CompareColumn is a variant's answer, streamed as EventCompareStream.
type CompareColumn struct {
	CompareID string   `json:"compareId"`
	Column    int      `json:"column"`
	Content   string   `json:"content"`
	Done      bool     `json:"done"`
	Stopped   bool     `json:"stopped"`
	Problem   *Problem `json:"problem,omitempty"`
	System    string   `json:"system"`
	// FirstTokenMillis is the wait for the first token; TokensPerSecond
	// the generation speed Ollama reports.
	FirstTokenMillis float64 `json:"firstTokenMillis"`
	TokensPerSecond  float64 `json:"tokensPerSecond"`
	PromptTokens     int     `json:"promptTokens"`
	OutputTokens     int     `json:"outputTokens"`
}

// EventCompareStream carries CompareColumn while a comparison runs.
const EventCompareStream = "compare:stream"

// Preference is one input with the output marked best and the others: a
// ranked record for reward models and DPO, best first.
type Preference struct {
	ID        int64              `json:"id"`
	Input     string             `json:"input"`
	Chosen    PreferenceOutput   `json:"chosen"`
	Rejected  []PreferenceOutput `json:"rejected"`
	Source    string             `json:"source"` // "compare", "chat"
	CreatedAt string             `json:"createdAt"`
}

// PreferenceOutput is one output of a preference record, with what made it.
type PreferenceOutput struct {
	System string `json:"system"`
	Model  string `json:"model"`
	Output string `json:"output"`
}
