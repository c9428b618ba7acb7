package core

// RecordKind is what a record of a data set holds, and so which formats
// can write it.
type RecordKind string

const (
	// RecordConversation is a multi-turn dialogue for SFT.
	RecordConversation RecordKind = "conversation"
	// RecordQA is a single question and answer for SFT.
	RecordQA RecordKind = "qa"
	// RecordRanked is one prompt with responses ranked best first, for a
	// reward model or DPO.
	RecordRanked RecordKind = "ranked"
	// RecordPrompt is a prompt alone, for reinforcement learning.
	RecordPrompt RecordKind = "prompt"
)

// ReviewState is where a record stands in the person's review; a record
// never reviewed has none, which counts as pending.
type ReviewState string

const (
	ReviewPending  ReviewState = "pending"
	ReviewAccepted ReviewState = "accepted"
	ReviewRejected ReviewState = "rejected"
)

// Record is one example of a data set. Which fields it uses depends on
// its kind: Messages for a conversation; Prompt and Answer for a Q&A;
// Prompt and Responses (best first) for a ranked record; Prompt alone for
// a prompt-only one. System is an optional system prompt.
type Record struct {
	ID        int64         `json:"id"`
	Kind      RecordKind    `json:"kind"`
	System    string        `json:"system,omitempty"`
	Messages  []ChatMessage `json:"messages,omitempty"`
	Prompt    string        `json:"prompt,omitempty"`
	Answer    string        `json:"answer,omitempty"`
	Responses []string      `json:"responses,omitempty"`
	// Provenance says where the record came from: "chat:12",
	// "chunk:345", "compare", "import:file.jsonl".
	Provenance string      `json:"provenance,omitempty"`
	Review     ReviewState `json:"review,omitempty"`
	// Grounded is false when a generated answer failed the check against
	// its source chunk; nil when it was not checked.
	Grounded *bool `json:"grounded,omitempty"`
}

// Dataset is a named collection of records.
type Dataset struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
	Records   int    `json:"records"`
}

// GenerateProgress is the state of question–answer generation from a
// knowledge base, carried by EventDatasetProgress.
type GenerateProgress struct {
	DatasetID int64 `json:"datasetId"`
	Done      int   `json:"done"`
	Total     int   `json:"total"`
	Added     int   `json:"added"`
	// Ungrounded counts added answers that failed the grounding check;
	// Unparsed counts chunks whose reply held no usable pairs.
	Ungrounded int      `json:"ungrounded"`
	Unparsed   int      `json:"unparsed"`
	Finished   bool     `json:"finished"`
	Cancelled  bool     `json:"cancelled"`
	Problem    *Problem `json:"problem,omitempty"`
}

// EventDatasetProgress carries GenerateProgress.
const EventDatasetProgress = "dataset:progress"
