package service

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/answer"
	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
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
	started, err := c.start(ctx, chat, turn, req.Documents, gen)
	if err != nil {
		return core.Turn{}, err
	}
	turn.Answers = append(turn.Answers, started)
	turn.Chosen = started.ID
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

// start records a streaming answer and writes it in the background.
func (c *Chats) start(ctx context.Context, chat core.Chat, turn core.Turn, documents []string, gen *generation) (core.Answer, error) {
	// Without a model the answer is recorded failed, with what to do, so
	// the question stays for a retry.
	model, noModel := c.defaults.chat(ctx, chat.Settings.Model)
	recorded, err := c.store.StartAnswer(ctx, turn.ID, model)
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
	job := answer.Job{Chat: chat, Turn: turn, Answer: recorded, NoModel: noModel, Documents: documents, Started: time.Now(),
		Stopped: func() bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			return gen.stopped
		}}
	c.wg.Go(func() {
		defer c.release(chat.ID, gen)
		defer cancel()
		c.answers.Write(runCtx, job)
		c.emitter.Emit(core.EventChatsChanged, nil)
	})
	return recorded, nil
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

// answerDeps connects the writing of answers to Ollama, the search, the
// knowledge bases in reading, and the chats' store and events. What was
// learned of each model's tokenizer is kept with the chats, the store
// that is written.
func answerDeps(chats, reading *store.Store, engine *search.Engine, ollama *llm.Runtime, settings settingsView, emitter core.Emitter) answer.Deps {
	return answer.Deps{
		Chat: func(ctx context.Context, req llm.ChatRequest, fn func(llm.Chunk) error) error {
			return ollama.Client().Chat(ctx, req, fn)
		},
		Show: func(ctx context.Context, model string) (core.ModelDetails, error) {
			return ollama.Client().Show(ctx, model)
		},
		Host:      func() string { return ollama.Client().Host() },
		Search:    engine.Search,
		Retrieval: func() core.RetrievalSettings { return settings.current().Retrieval },
		Files:     reading.Files,
		Chunks:    reading.Chunks,
		Meta:      chats.Meta,
		SetMeta:   chats.SetMeta,
		Progress:  func(s core.ChatStream) { emitter.Emit(core.EventChatStream, s) },
		SaveText:  chats.SaveAnswerText,
		Finish:    chats.FinishAnswer,
	}
}
