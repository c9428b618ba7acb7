package service

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/rag"
)

// generation is an answer being written.
type generation struct {
	cancel  context.CancelFunc
	stopped bool // by the person, not by a problem
	done    chan struct{}
}

// Ask adds a question to a chat and starts answering it.
func (c *Chats) Ask(ctx context.Context, req core.AskRequest) (core.Turn, error) {
	return c.ask(ctx, req, 0)
}

// Edit replaces a question, dropping it and every later turn, and answers
// the new text.
func (c *Chats) Edit(ctx context.Context, turnID int64, question string) (core.Turn, error) {
	if err := c.ready(); err != nil {
		return core.Turn{}, err
	}
	turn, err := c.store.Turn(ctx, turnID)
	if err != nil {
		return core.Turn{}, err
	}
	return c.ask(ctx, core.AskRequest{ChatID: turn.ChatID, Question: question}, turnID)
}

func (c *Chats) ask(ctx context.Context, req core.AskRequest, replacing int64) (core.Turn, error) {
	if err := c.ready(); err != nil {
		return core.Turn{}, err
	}
	req.Question = strings.TrimSpace(req.Question)
	if req.Question == "" {
		return core.Turn{}, core.ErrQuestionEmpty.New(nil)
	}
	chat, err := c.store.Chat(ctx, req.ChatID)
	if err != nil {
		return core.Turn{}, err
	}
	gen, err := c.claim(chat.ID)
	if err != nil {
		return core.Turn{}, err
	}
	turn, err := c.store.AddTurn(ctx, chat.ID, req.Question, replacing)
	if err != nil {
		c.release(chat.ID, gen)
		return core.Turn{}, err
	}
	if chat.Title == "" || (replacing != 0 && len(chat.Turns) > 0 && chat.Turns[0].ID == replacing) {
		chat.Title = titleFrom(req.Question)
		if err := c.store.UpdateChat(ctx, chat); err != nil {
			slog.Warn("name chat", "err", err)
		}
	}
	answer, err := c.start(ctx, chat, turn, req.Documents, gen)
	if err != nil {
		return core.Turn{}, err
	}
	turn.Answers = append(turn.Answers, answer)
	turn.Chosen = answer.ID
	c.emitter.Emit(core.EventChatsChanged, nil)
	return turn, nil
}

// Regenerate writes another answer to a turn, keeping the earlier ones to
// flip through.
func (c *Chats) Regenerate(ctx context.Context, turnID int64) (core.Answer, error) {
	if err := c.ready(); err != nil {
		return core.Answer{}, err
	}
	turn, err := c.store.Turn(ctx, turnID)
	if err != nil {
		return core.Answer{}, err
	}
	chat, err := c.store.Chat(ctx, turn.ChatID)
	if err != nil {
		return core.Answer{}, err
	}
	gen, err := c.claim(chat.ID)
	if err != nil {
		return core.Answer{}, err
	}
	var documents []string
	if prev, ok := turn.ChosenAnswer(); ok && prev.Report != nil {
		documents = prev.Report.WholeDocuments
	}
	return c.start(ctx, chat, turn, documents, gen)
}

// claim reserves a chat for one answer at a time.
func (c *Chats) claim(chatID int64) (*generation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running == nil {
		c.running = map[int64]*generation{}
	}
	if _, busy := c.running[chatID]; busy {
		return nil, core.ErrChatBusy.New(nil)
	}
	gen := &generation{done: make(chan struct{})}
	c.running[chatID] = gen
	return gen, nil
}

func (c *Chats) release(chatID int64, gen *generation) {
	c.mu.Lock()
	if c.running[chatID] == gen {
		delete(c.running, chatID)
	}
	c.mu.Unlock()
	close(gen.done)
}

// stop cancels a chat's answer; with wait, until it has settled.
func (c *Chats) stop(chatID int64, wait bool) {
	c.mu.Lock()
	gen := c.running[chatID]
	if gen != nil {
		gen.stopped = true
		if gen.cancel != nil {
			gen.cancel()
		}
	}
	c.mu.Unlock()
	if gen != nil && wait {
		<-gen.done
	}
}

// start records a streaming answer and generates it in the background.
func (c *Chats) start(ctx context.Context, chat core.Chat, turn core.Turn, documents []string, gen *generation) (core.Answer, error) {
	// Without a model the answer is recorded failed, with what to do, so
	// the question stays for a retry.
	model, noModel := c.defaults.chat(ctx, chat.Settings.Model)
	answer, err := c.store.StartAnswer(ctx, turn.ID, model)
	if err != nil {
		c.release(chat.ID, gen)
		return core.Answer{}, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	gen.cancel = cancel
	if gen.stopped { // stopped before it began
		cancel()
	}
	c.mu.Unlock()
	job := &answerJob{chats: c, chat: chat, turn: turn, answer: answer, documents: documents, started: time.Now(), noModel: noModel}
	c.wg.Go(func() {
		defer c.release(chat.ID, gen)
		defer cancel()
		job.run(runCtx, gen)
	})
	return answer, nil
}

// wait blocks until every answer being generated has settled.
func (c *Chats) wait() { c.wg.Wait() }

// shutdown stops every answer, marking them interrupted, and waits.
func (c *Chats) shutdown() {
	c.mu.Lock()
	for _, gen := range c.running {
		if gen.cancel != nil {
			gen.cancel()
		}
	}
	c.mu.Unlock()
	c.wg.Wait()
}

// answerJob generates one answer.
type answerJob struct {
	chats     *Chats
	chat      core.Chat
	turn      core.Turn
	answer    core.Answer
	documents []string
	started   time.Time
	report    core.PromptReport
	estimate  rag.Count // the prompt's unscaled token count
	// noModel says why no model could be chosen, when none was.
	noModel error

	lastEmit, lastSave time.Time
}

func (j *answerJob) emit(phase string, step, steps int) {
	j.chats.emitter.Emit(core.EventChatStream, core.ChatStream{
		ChatID: j.chat.ID, TurnID: j.turn.ID, AnswerID: j.answer.ID, Content: j.answer.Content,
		Status: core.AnswerStreaming, Phase: phase, Step: step, Steps: steps,
	})
}

func (j *answerJob) run(ctx context.Context, gen *generation) {
	err := j.generate(ctx)
	j.settle(err, gen)
}

func (j *answerJob) generate(ctx context.Context) error {
	c := j.chats
	if j.answer.Model == "" {
		return j.noModel
	}
	j.report.Model = j.answer.Model
	limits, err := c.models.of(ctx, c.client(), j.answer.Model)
	if err != nil {
		return err
	}
	scale, err := c.tokenScale(ctx, j.answer.Model)
	if err != nil {
		return err
	}
	j.report.ModelMillis = millisSince(j.started)
	window := contextWindow(limits.contextLength, j.chat.Settings.NumCtx)
	reserve := answerReserve(window)
	j.report.ModelContext, j.report.NumCtx, j.report.Reserved = limits.contextLength, window, reserve
	j.report.ScaleHan, j.report.ScaleOther = scale.Han, scale.Other
	history := historyBefore(j.chat, j.turn.ID)

	documents, err := c.wholeDocuments(ctx, j.chat, j.turn.Question, j.documents)
	if err != nil {
		return err
	}
	var messages []core.ChatMessage
	if len(documents) > 0 {
		messages, err = j.mapReduce(ctx, documents, window-reserve, scale)
		if err != nil {
			return err
		}
	} else {
		prompt, err := j.buildPrompt(ctx, history, window-reserve, scale)
		if err != nil {
			return err
		}
		messages = prompt.Messages
		j.answer.Sources = prompt.Sources
		j.report.Messages, j.report.MessageTokens, j.report.PromptTokens = prompt.Messages, prompt.MessageTokens, prompt.Tokens
		j.estimate = prompt.Estimate
		j.report.Left = append(j.report.Left, prompt.Left...)
	}
	j.report.PromptMillis = millisSince(j.started) - j.report.ModelMillis - j.report.RetrievalMillis
	j.emit("generating", 0, 0)
	return j.stream(ctx, messages, window, reserve, scale)
}

func (j *answerJob) buildPrompt(ctx context.Context, history []rag.Exchange, budget int, scale rag.Scale) (rag.Prompt, error) {
	var passages []core.SearchHit
	grounded := len(j.chat.KBIDs) > 0
	if grounded {
		var err error
		passages, err = j.retrieve(ctx, history)
		if err != nil {
			return rag.Prompt{}, err
		}
	}
	return rag.Build(rag.Input{
		Instructions: j.chat.Settings.SystemPrompt, Question: j.turn.Question, History: history,
		Grounded: grounded, Passages: passages, Budget: budget, Scale: scale, Model: j.answer.Model,
	})
}

// stream sends the prompt and keeps the answer as it arrives: sent to the
// UI every streamInterval, saved every saveInterval.
func (j *answerJob) stream(ctx context.Context, messages []core.ChatMessage, window, reserve int, scale rag.Scale) error {
	c := j.chats
	opts := llm.Options{Temperature: j.chat.Settings.Temperature, TopP: j.chat.Settings.TopP, NumCtx: window, NumPredict: reserve}
	var content strings.Builder
	first := true
	ctx, watchdog := watchStall(ctx, c.stallFirst, c.stallBetween)
	defer watchdog.stop()
	err := c.client().Chat(ctx, llm.ChatRequest{Model: j.answer.Model, Messages: messages, Options: opts}, func(ch llm.Chunk) error {
		watchdog.progress()
		if first && ch.Content != "" {
			j.report.FirstTokenMillis = millisSince(j.started)
			first = false
		}
		content.WriteString(ch.Content)
		j.answer.Content = content.String()
		if ch.Done {
			j.report.ReportedPromptTokens, j.report.OutputTokens = ch.PromptTokens, ch.OutputTokens
			return nil
		}
		now := time.Now()
		if now.Sub(j.lastEmit) >= c.streamInterval {
			j.lastEmit = now
			j.emit("generating", 0, 0)
		}
		if now.Sub(j.lastSave) >= c.saveInterval {
			j.lastSave = now
			if err := c.store.SaveAnswerText(context.Background(), j.answer.ID, j.answer.Content); err != nil {
				slog.Warn("save answer so far", "err", err)
			}
		}
		return nil
	})
	if j.report.ReportedPromptTokens > 0 {
		c.learnTokenScale(j.answer.Model, scale, j.estimate, j.report.ReportedPromptTokens)
	}
	if watchdog.fired() {
		// Not wrapping the cancellation: this is a failure, not a stop.
		return core.ErrOllamaTimeout.New(nil, "host", c.client().Host())
	}
	return err
}

// settle stores how the answer ended and tells the UI.
func (j *answerJob) settle(err error, gen *generation) {
	c := j.chats
	j.chats.mu.Lock()
	stopped := gen.stopped
	j.chats.mu.Unlock()
	switch {
	case err == nil:
		j.answer.Status = core.AnswerDone
	case errors.Is(err, context.Canceled) && stopped:
		j.answer.Status = core.AnswerStopped
	case errors.Is(err, context.Canceled):
		j.answer.Status = core.AnswerInterrupted
	default:
		j.answer.Status = core.AnswerFailed
		j.answer.Problem = core.AsProblem(err)
	}
	for _, n := range rag.Cited(j.answer.Content, len(j.answer.Sources)) {
		j.answer.Sources[n-1].Cited = true
	}
	j.report.TotalMillis = millisSince(j.started)
	j.answer.Report = &j.report
	now := time.Now()
	j.answer.FinishedAt = &now
	if err := c.store.FinishAnswer(context.Background(), j.answer); err != nil {
		slog.Error("save answer", "answer", j.answer.ID, "err", err)
	}
	answer := j.answer
	c.emitter.Emit(core.EventChatStream, core.ChatStream{
		ChatID: j.chat.ID, TurnID: j.turn.ID, AnswerID: answer.ID, Content: answer.Content, Status: answer.Status,
		Phase: "done", Answer: &answer,
	})
	c.emitter.Emit(core.EventChatsChanged, nil)
}

// historyBefore is the conversation before a turn: each question with the
// answer chosen for it, skipping turns without any answer text.
func historyBefore(chat core.Chat, turnID int64) []rag.Exchange {
	var history []rag.Exchange
	for _, t := range chat.Turns {
		if t.ID >= turnID {
			break
		}
		if a, ok := t.ChosenAnswer(); ok && strings.TrimSpace(a.Content) != "" {
			history = append(history, rag.Exchange{Question: t.Question, Answer: a.Content})
		}
	}
	return history
}

func millisSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}
