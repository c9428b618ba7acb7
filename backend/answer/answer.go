// Package answer writes the answer to a question asked in a chat, from the
// question to the saved answer: it learns the model's window and
// tokenizer, rewrites a follow-up to stand alone, retrieves passages (or
// reads whole documents part by part), builds the prompt, streams the
// reply under a stall watchdog, and settles how the answer ended.
//
// The prompt is numbered, delimited sources, instructions to cite them,
// and a token budget that decides by explicit rules what fits and reports
// what was left out; citations are read back out of the answer. Those
// parts are pure functions (build, reduceMessages, Cited…). The rest of
// the app is reached only through the functions in Deps, so the whole path
// is tested with stand-ins and never imports the service layer.
package answer

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// Deps is what writing an answer needs from the rest of the app.
type Deps struct {
	// Chat streams a model's reply; Show describes a model; Host is
	// Ollama's address, named when an answer stalls.
	Chat llm.ChatFunc
	Show func(ctx context.Context, model string) (core.ModelDetails, error)
	Host func() string
	// Search finds passages; Retrieval is the settings for a chat that
	// chooses none.
	Search    func(ctx context.Context, q core.SearchQuery, rs core.RetrievalSettings) (core.SearchResult, error)
	Retrieval func() core.RetrievalSettings
	// Files lists a knowledge base's files and Chunks one file's chunks,
	// for questions about whole documents.
	Files  func(ctx context.Context, kbID int64) ([]core.FileRecord, error)
	Chunks func(ctx context.Context, kbID int64, path string) ([]core.ChunkRecord, error)
	// Meta and SetMeta keep what was learned of each model's tokenizer.
	Meta    func(ctx context.Context, key string) (string, error)
	SetMeta func(ctx context.Context, key, value string) error
	// Progress shows an answer as it is written and once it settled;
	// SaveText keeps its text so far; Finish saves it as it ended.
	Progress func(core.ChatStream)
	SaveText func(ctx context.Context, answerID int64, text string) error
	Finish   func(ctx context.Context, a core.Answer) error
}

// Timing paces an answer.
type Timing struct {
	// StreamInterval is how often streamed text is shown, and
	// SaveInterval how often it is saved: a crash loses at most that much.
	StreamInterval, SaveInterval time.Duration
	// StallFirst is how long an answer may take to start (loading a large
	// model from a slow disk takes minutes), StallBetween how long it may
	// pause between tokens, before it is given up as timed out.
	StallFirst, StallBetween time.Duration
}

// DefaultTiming is the pace of answers in the app.
var DefaultTiming = Timing{
	StreamInterval: 40 * time.Millisecond, SaveInterval: time.Second,
	StallFirst: 5 * time.Minute, StallBetween: 2 * time.Minute,
}

// Writer writes answers. It is safe for concurrent use; Timing is set
// before the first answer.
type Writer struct {
	deps   Deps
	Timing Timing
	models modelLimits
}

// New makes a writer over deps with DefaultTiming.
func New(deps Deps) *Writer {
	return &Writer{deps: deps, Timing: DefaultTiming}
}

// Job is one answer to write.
type Job struct {
	Chat core.Chat
	Turn core.Turn
	// Answer is the answer's record, streaming; its Model is empty when
	// none could be chosen, and NoModel says why.
	Answer  core.Answer
	NoModel error
	// Documents are files asked about as wholes; none lets the question
	// decide.
	Documents []string
	Started   time.Time
	// Stopped says whether the person stopped the answer, when its
	// context was cancelled: else it was interrupted, as by quitting.
	Stopped func() bool
}

// Write writes a job's answer until it ends, saves it as it ended and
// returns it.
func (w *Writer) Write(ctx context.Context, job Job) core.Answer {
	a := &writing{w: w, job: job, answer: job.Answer}
	err := a.generate(ctx)
	return a.settle(err)
}

// writing is an answer being written.
type writing struct {
	w        *Writer
	job      Job
	answer   core.Answer
	report   core.PromptReport
	estimate Count // the prompt's unscaled token count

	lastEmit, lastSave time.Time
}

func (a *writing) emit(phase core.ChatPhase, step, steps int) {
	a.w.deps.Progress(core.ChatStream{
		ChatID: a.job.Chat.ID, TurnID: a.job.Turn.ID, AnswerID: a.answer.ID, Content: a.answer.Content,
		Status: core.AnswerStreaming, Phase: phase, Step: step, Steps: steps,
	})
}

func (a *writing) generate(ctx context.Context) error {
	if a.answer.Model == "" {
		return a.job.NoModel
	}
	a.report.Model = a.answer.Model
	limit, err := a.w.models.of(ctx, a.w.deps.Show, a.answer.Model)
	if err != nil {
		return err
	}
	scale, err := a.w.tokenScale(ctx, a.answer.Model)
	if err != nil {
		return err
	}
	a.report.ModelMillis = millisSince(a.job.Started)
	window := ContextWindow(limit.contextLength, a.job.Chat.Settings.NumCtx)
	reserve := answerReserve(window)
	a.report.ModelContext, a.report.NumCtx, a.report.Reserved = limit.contextLength, window, reserve
	a.report.ScaleHan, a.report.ScaleOther = scale.Han, scale.Other

	documents, err := a.w.WholeDocuments(ctx, a.job.Chat, a.job.Turn.Question, a.job.Documents)
	if err != nil {
		return err
	}
	var messages []core.ChatMessage
	if len(documents) > 0 {
		messages, err = a.mapReduce(ctx, documents, window-reserve, scale)
		if err != nil {
			return err
		}
	} else {
		prompt, err := a.buildPrompt(ctx, window-reserve, scale)
		if err != nil {
			return err
		}
		messages = prompt.Messages
		a.answer.Sources = prompt.Sources
		a.report.Messages, a.report.MessageTokens, a.report.PromptTokens = prompt.Messages, prompt.MessageTokens, prompt.Tokens
		a.estimate = prompt.Estimate
		a.report.Left = append(a.report.Left, prompt.Left...)
	}
	a.report.PromptMillis = millisSince(a.job.Started) - a.report.ModelMillis - a.report.RetrievalMillis
	a.emit(core.ChatPhaseGenerating, 0, 0)
	return a.stream(ctx, messages, window, reserve, scale)
}

// settle saves how the answer ended and shows it.
func (a *writing) settle(err error) core.Answer {
	switch {
	case err == nil:
		a.answer.Status = core.AnswerDone
	case errors.Is(err, context.Canceled) && a.job.Stopped():
		a.answer.Status = core.AnswerStopped
	case errors.Is(err, context.Canceled):
		a.answer.Status = core.AnswerInterrupted
	default:
		a.answer.Status = core.AnswerFailed
		a.answer.Problem = core.AsProblem(err)
	}
	for _, n := range Cited(a.answer.Content, len(a.answer.Sources)) {
		a.answer.Sources[n-1].Cited = true
	}
	a.report.TotalMillis = millisSince(a.job.Started)
	a.answer.Report = &a.report
	now := time.Now()
	a.answer.FinishedAt = &now
	answer := a.answer
	if err := a.w.deps.Finish(context.Background(), answer); err != nil {
		slog.Error("save answer", "answer", answer.ID, "err", err)
	}
	a.w.deps.Progress(core.ChatStream{
		ChatID: a.job.Chat.ID, TurnID: a.job.Turn.ID, AnswerID: answer.ID, Content: answer.Content, Status: answer.Status,
		Phase: core.ChatPhaseDone, Answer: &answer,
	})
	return answer
}

func millisSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}
