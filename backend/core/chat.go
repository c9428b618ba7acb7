package core

import (
	"strconv"
	"time"
)

// ChatSettings are the knobs of one chat. Zero values mean "the app's
// default": the default chat model, Ollama's sampling defaults, a context
// window chosen from the model, the retrieval settings in force.
type ChatSettings struct {
	Model       string   `json:"model"`
	Temperature *float32 `json:"temperature,omitempty"`
	TopP        *float32 `json:"topP,omitempty"`
	// NumCtx is the context window to ask Ollama for; 0 picks
	// DefaultNumCtx, capped at the model's own limit.
	NumCtx int `json:"numCtx"`
	// Sources is how many passages a question retrieves; 0 means 6.
	Sources   int                `json:"sources"`
	Retrieval *RetrievalSettings `json:"retrieval,omitempty"`
	// Folder, Types and Path filter retrieval as in search.
	Folder string   `json:"folder,omitempty"`
	Types  []string `json:"types,omitempty"`
	Path   string   `json:"path,omitempty"`
	// SystemPrompt is the assistant's instructions; empty means the
	// built-in grounded-answer assistant.
	SystemPrompt string `json:"systemPrompt,omitempty"`
	// NoRewrite turns off rewriting follow-up questions into standalone
	// queries before retrieval.
	NoRewrite bool `json:"noRewrite,omitempty"`
}

// DefaultNumCtx is the context window used when a chat sets none: long
// enough for several sources and some history, small enough that the KV
// cache of a 7B model stays within a laptop's memory.
const DefaultNumCtx = 8192

// DefaultChatSources is how many passages a question retrieves by default.
const DefaultChatSources = 6

// Validate reports the first setting out of range.
func (s ChatSettings) Validate() error {
	bad := func(field, value, allowed string) error {
		return ErrInvalidSetting.New(nil, "field", "chat."+field, "value", value, "allowed", allowed)
	}
	switch {
	case s.Temperature != nil && (*s.Temperature < 0 || *s.Temperature > 2):
		return bad("temperature", strconv.FormatFloat(float64(*s.Temperature), 'g', -1, 32), "0–2")
	case s.TopP != nil && (*s.TopP <= 0 || *s.TopP > 1):
		return bad("topP", strconv.FormatFloat(float64(*s.TopP), 'g', -1, 32), "above 0, up to 1")
	case s.NumCtx != 0 && (s.NumCtx < 512 || s.NumCtx > 1<<20):
		return bad("numCtx", strconv.Itoa(s.NumCtx), "0 (automatic) or 512–1048576")
	case s.Sources < 0 || s.Sources > 30:
		return bad("sources", strconv.Itoa(s.Sources), "0–30")
	}
	if s.Retrieval != nil {
		return s.Retrieval.Validate()
	}
	return nil
}

// Chat is one conversation.
type Chat struct {
	ID        int64        `json:"id"`
	Title     string       `json:"title"`
	KBIDs     []int64      `json:"kbIds"`
	Settings  ChatSettings `json:"settings"`
	Pinned    bool         `json:"pinned"`
	CreatedAt time.Time    `json:"createdAt"`
	UpdatedAt time.Time    `json:"updatedAt"`
	// Turns are filled by Chats.Get, not by lists.
	Turns []Turn `json:"turns,omitempty"`
	// Match is the text a chat search found, when listing by search.
	Match string `json:"match,omitempty"`
}

// Turn is a question and the answers generated for it. Regenerating adds
// an answer; Chosen is the one the conversation continues from.
type Turn struct {
	ID        int64     `json:"id"`
	ChatID    int64     `json:"chatId"`
	Question  string    `json:"question"`
	Answers   []Answer  `json:"answers"`
	Chosen    int64     `json:"chosen"`
	CreatedAt time.Time `json:"createdAt"`
}

// ChosenAnswer returns the answer the conversation continues from.
func (t Turn) ChosenAnswer() (Answer, bool) {
	for _, a := range t.Answers {
		if a.ID == t.Chosen {
			return a, true
		}
	}
	if len(t.Answers) > 0 {
		return t.Answers[len(t.Answers)-1], true
	}
	return Answer{}, false
}

// AnswerStatus tells whether an answer is whole.
type AnswerStatus string

const (
	AnswerStreaming AnswerStatus = "streaming"
	AnswerDone      AnswerStatus = "done"
	// AnswerStopped was stopped by the person; AnswerFailed by a problem;
	// AnswerInterrupted by the app closing. Each keeps what arrived.
	AnswerStopped     AnswerStatus = "stopped"
	AnswerFailed      AnswerStatus = "failed"
	AnswerInterrupted AnswerStatus = "interrupted"
)

// Answer is one generated reply.
type Answer struct {
	ID      int64        `json:"id"`
	TurnID  int64        `json:"turnId"`
	Content string       `json:"content"`
	Status  AnswerStatus `json:"status"`
	Problem *Problem     `json:"problem,omitempty"`
	Model   string       `json:"model"`
	// Sources are every passage given to the model, numbered as in the
	// prompt; Cited marks the ones the answer refers to.
	Sources []Source `json:"sources"`
	// Rating is 1 for thumbs up, -1 for down, 0 for none.
	Rating     int           `json:"rating"`
	Report     *PromptReport `json:"report,omitempty"`
	CreatedAt  time.Time     `json:"createdAt"`
	FinishedAt *time.Time    `json:"finishedAt,omitempty"`
}

// Source is a passage given to the model as [N].
type Source struct {
	N       int      `json:"n"`
	ChunkID int64    `json:"chunkId"`
	KBID    int64    `json:"kbId"`
	Path    string   `json:"path"`
	Page    int      `json:"page"`
	Heading []string `json:"headings"`
	// Text is the chunk; Context is what the model was given (the chunk
	// with its neighbours), Start and End place Text within it.
	Text    string  `json:"text"`
	Context string  `json:"context"`
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Score   float64 `json:"score"`
	// RerankScore is the reranker's score of the passage, when it had one.
	RerankScore *float64 `json:"rerankScore,omitempty"`
	Tokens      int      `json:"tokens"`
	Cited       bool     `json:"cited"`
}

// PromptReport is what the prompt inspector shows: the exact messages
// sent, the token budget and what was left out of it, and why.
type PromptReport struct {
	Model string `json:"model"`
	// Queries are what retrieval searched for: the question, and the
	// standalone rewrite of a follow-up.
	Queries       []string      `json:"queries"`
	Messages      []ChatMessage `json:"messages"`
	MessageTokens []int         `json:"messageTokens"`
	// ModelContext is the model's own limit; NumCtx what was asked of
	// Ollama; Reserved is kept for the answer; PromptTokens is the
	// estimate for the messages, ReportedPromptTokens Ollama's count.
	ModelContext         int `json:"modelContext"`
	NumCtx               int `json:"numCtx"`
	Reserved             int `json:"reserved"`
	PromptTokens         int `json:"promptTokens"`
	ReportedPromptTokens int `json:"reportedPromptTokens"`
	OutputTokens         int `json:"outputTokens"`
	// ScaleHan and ScaleOther are the factors estimates of Han and of
	// other text were multiplied by, measured for this model.
	ScaleHan   float64   `json:"scaleHan"`
	ScaleOther float64   `json:"scaleOther"`
	Left       []LeftOut `json:"left"`
	// ModelMillis (reading the model's limits, and measuring its
	// tokenizer on first use), RetrievalMillis, PromptMillis,
	// FirstTokenMillis and TotalMillis time the steps from pressing Enter.
	ModelMillis      float64 `json:"modelMillis"`
	RetrievalMillis  float64 `json:"retrievalMillis"`
	PromptMillis     float64 `json:"promptMillis"`
	FirstTokenMillis float64 `json:"firstTokenMillis"`
	TotalMillis      float64 `json:"totalMillis"`
	// RetrievalMode is what search actually used; VectorProblem why it
	// was keyword only.
	RetrievalMode RetrievalMode `json:"retrievalMode,omitempty"`
	VectorProblem *Problem      `json:"vectorProblem,omitempty"`
	// NamedFiles are the files the question names, whose passages
	// retrieval ranked first.
	NamedFiles []NamedFile `json:"namedFiles,omitempty"`
	// RerankModel is the reranker that ordered the passages, and
	// RerankProblem why they kept the fused order when reranking was on.
	RerankModel   string   `json:"rerankModel,omitempty"`
	RerankProblem *Problem `json:"rerankProblem,omitempty"`
	// WholeDocuments is set when the answer came from a map-reduce pass
	// over whole files.
	WholeDocuments []string `json:"wholeDocuments,omitempty"`
}

// LeftOutKind is what was left out of a prompt: a retrieved passage, an
// earlier turn, or the notes a whole-document pass took on a file.
type LeftOutKind string

const (
	LeftOutSource LeftOutKind = "source"
	LeftOutTurn   LeftOutKind = "turn"
	LeftOutNotes  LeftOutKind = "notes"
)

// LeftOutReason is why something was left out of a prompt.
type LeftOutReason string

// LeftOutOverBudget is for what did not fit the token budget.
const LeftOutOverBudget LeftOutReason = "budget"

// LeftOut is a source or earlier turn that did not fit the budget.
type LeftOut struct {
	// Kind says what it is; Label names it (file and page, or the
	// question).
	Kind   LeftOutKind   `json:"kind"`
	Label  string        `json:"label"`
	Tokens int           `json:"tokens"`
	Reason LeftOutReason `json:"reason"`
}

// AskRequest is a question sent in a chat.
type AskRequest struct {
	ChatID   int64  `json:"chatId"`
	Question string `json:"question"`
	// Documents, when set, asks about these whole files (a map-reduce pass
	// over every chunk) instead of retrieved passages.
	Documents []string `json:"documents,omitempty"`
}

// Chat events.
const (
	// EventChatStream carries ChatStream while an answer is generated.
	EventChatStream = "chat:stream"
	// EventChatsChanged carries nothing; lists reload.
	EventChatsChanged = "chats:changed"
)

// ChatPhase is what an answer being generated is doing.
type ChatPhase string

const (
	// ChatPhaseRewriting turns a follow-up into a question that stands
	// alone, for retrieval.
	ChatPhaseRewriting  ChatPhase = "rewriting"
	ChatPhaseRetrieving ChatPhase = "retrieving"
	// ChatPhaseReading takes notes on whole documents, part by part.
	ChatPhaseReading    ChatPhase = "reading"
	ChatPhaseGenerating ChatPhase = "generating"
	// ChatPhaseDone comes with the settled answer.
	ChatPhaseDone ChatPhase = "done"
)

// ChatStream is the state of an answer being generated. Content is all of
// it so far, so a UI that missed an event loses nothing.
type ChatStream struct {
	ChatID   int64        `json:"chatId"`
	TurnID   int64        `json:"turnId"`
	AnswerID int64        `json:"answerId"`
	Content  string       `json:"content"`
	Status   AnswerStatus `json:"status"`
	// Phase says what is happening before tokens arrive, with Step of
	// Steps while reading whole documents.
	Phase ChatPhase `json:"phase"`
	Step  int       `json:"step,omitempty"`
	Steps int       `json:"steps,omitempty"`
	// Answer is the whole answer, with sources and report, once settled.
	Answer *Answer `json:"answer,omitempty"`
}
