package core

// Delimiter styles that set the person's material off from instructions.
const (
	DelimiterNone   = ""
	DelimiterXML    = "xml"    // <input> … </input>
	DelimiterQuotes = "quotes" // """ … """
	DelimiterHashes = "hashes" // ### … ###
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
	// Language is the language the prompt is written in ("en" or
	// "zh-CN"); section labels follow it.
	Language string    `json:"language"`
	Role     string    `json:"role"`
	Task     string    `json:"task"`
	Context  string    `json:"context"`
	Steps    []string  `json:"steps"`
	Examples []Example `json:"examples"`
	// Delimiter is how the material to work on is set off.
	Delimiter string `json:"delimiter"`
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
