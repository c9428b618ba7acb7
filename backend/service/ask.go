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
	gen, err := c.runs.Claim(chat.ID)
	if err != nil {
		return core.Turn{}, err
	}
	turn, err := c.store.AddTurn(ctx, chat.ID, req.Question, replacing)
	if err != nil {
		c.runs.Release(chat.ID, gen)
		return core.Turn{}, err
	}
	if chat.Title == "" || (replacing != 0 && len(chat.Turns) > 0 && chat.Turns[0].ID == replacing) {
		chat.Title = core.TitleFrom(req.Question)
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
	gen, err := c.runs.Claim(chat.ID)
	if err != nil {
		return core.Answer{}, err
	}
	var documents []string
	if prev, ok := turn.ChosenAnswer(); ok && prev.Report != nil {
		documents = prev.Report.WholeDocuments
	}
	return c.start(ctx, chat, turn, documents, gen)
}

// start records a streaming answer and writes it in the background.
func (c *Chats) start(ctx context.Context, chat core.Chat, turn core.Turn, documents []string, gen *answer.Run) (core.Answer, error) {
	// Without a model the answer is recorded failed, with what to do, so
	// the question stays for a retry.
	model, noModel := c.defaults.chat(ctx, chat.Settings.Model)
	recorded, err := c.store.StartAnswer(ctx, turn.ID, model)
	if err != nil {
		c.runs.Release(chat.ID, gen)
		return core.Answer{}, err
	}
	job := answer.Job{Chat: chat, Turn: turn, Answer: recorded, NoModel: noModel, Documents: documents, Started: time.Now()}
	c.runs.Go(chat.ID, gen, func(ctx context.Context, stopped func() bool) {
		job.Stopped = stopped
		c.answers.Write(ctx, job)
		c.emitter.Emit(core.EventChatsChanged, nil)
	})
	return recorded, nil
}

// answerDeps connects the writing of answers to Ollama, the search, the
// knowledge bases in reading, and the chats' store and events. What is
// learned of each model's tokenizer is saved with the chats, the store
// that is written, and read from there or else from the data folder, so
// a question asked beside the window uses what the window measured.
func answerDeps(chats, reading *store.Store, engine *search.Engine, ollama *llm.Runtime, settings settingsView, emitter core.Emitter) answer.Deps {
	return answer.Deps{
		Chat: ollama.Chat,
		Show: func(ctx context.Context, model string) (core.ModelDetails, error) {
			return ollama.Client().Show(ctx, model)
		},
		Host:      func() string { return ollama.Client().Host() },
		Search:    engine.Search,
		Retrieval: func() core.RetrievalSettings { return settings.current().Retrieval },
		Files:     reading.Files,
		Chunks:    reading.Chunks,
		Meta: func(ctx context.Context, key string) (string, error) {
			if v, err := chats.Meta(ctx, key); err != nil || v != "" || chats == reading {
				return v, err
			}
			return reading.Meta(ctx, key)
		},
		SetMeta:  chats.SetMeta,
		Progress: func(s core.ChatStream) { emitter.Emit(core.EventChatStream, s) },
		SaveText: chats.SaveAnswerText,
		Finish:   chats.FinishAnswer,
	}
}
