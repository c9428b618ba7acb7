package service

import (
	"context"
	"strings"

	"github.com/zhiku-app/zhiku/backend/answer"
	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Chats keeps conversations and generates their answers. An answer is
// generated in the background: Ask, Regenerate and Edit return at once with
// the answer's record, and EventChatStream carries its text as it arrives.
type Chats struct {
	// store keeps the chats; reading holds the knowledge bases their
	// answers are drawn from. They are one store unless the chats are
	// kept apart (Options.ChatsDir).
	store, reading *store.Store
	defaults       *defaultModels
	emitter        core.Emitter
	dialogs        Dialogs

	// answers writes each answer, from the question to the saved text.
	answers *answer.Writer

	// runs keeps each chat to one answer being written at a time.
	runs answer.Running
}

func (c *Chats) ready() error {
	if c.store == nil || c.reading == nil {
		return core.ErrNotReady.New(nil)
	}
	return nil
}

// List returns the chats, pinned first and then the most recent; with a
// query, only those whose title, questions or answers contain it.
func (c *Chats) List(ctx context.Context, query string) ([]core.Chat, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	return c.store.Chats(ctx, query)
}

// Get returns a chat with every turn and answer.
func (c *Chats) Get(ctx context.Context, id int64) (core.Chat, error) {
	if err := c.ready(); err != nil {
		return core.Chat{}, err
	}
	return c.store.Chat(ctx, id)
}

// Create starts a chat. An empty title is filled from the first question.
func (c *Chats) Create(ctx context.Context, chat core.Chat) (core.Chat, error) {
	if err := c.ready(); err != nil {
		return core.Chat{}, err
	}
	if err := c.check(ctx, &chat); err != nil {
		return core.Chat{}, err
	}
	created, err := c.store.CreateChat(ctx, chat)
	if err == nil {
		c.emitter.Emit(core.EventChatsChanged, nil)
	}
	return created, err
}

// Update changes a chat's title, knowledge bases, settings or pin.
func (c *Chats) Update(ctx context.Context, chat core.Chat) (core.Chat, error) {
	if err := c.ready(); err != nil {
		return core.Chat{}, err
	}
	if err := c.check(ctx, &chat); err != nil {
		return core.Chat{}, err
	}
	if err := c.store.UpdateChat(ctx, chat); err != nil {
		return core.Chat{}, err
	}
	c.emitter.Emit(core.EventChatsChanged, nil)
	return c.store.Chat(ctx, chat.ID)
}

// check validates what a person may set on a chat and tidies it.
func (c *Chats) check(ctx context.Context, chat *core.Chat) error {
	title, err := core.ValidOptionalName(chat.Title)
	if err != nil {
		return err
	}
	chat.Title = title
	chat.Settings.Model = strings.TrimSpace(chat.Settings.Model)
	if err := chat.Settings.Validate(); err != nil {
		return err
	}
	if len(chat.KBIDs) == 0 {
		return nil
	}
	kbs, err := c.reading.KBs(ctx)
	if err != nil {
		return err
	}
	known := map[int64]bool{}
	for _, kb := range kbs {
		known[kb.ID] = true
	}
	for _, id := range chat.KBIDs {
		if !known[id] {
			return core.ErrKBNotFound.New(nil)
		}
	}
	return nil
}

// Delete removes a chat, stopping an answer it is generating.
func (c *Chats) Delete(ctx context.Context, id int64) error {
	if err := c.ready(); err != nil {
		return err
	}
	c.runs.Stop(id, true)
	if err := c.store.DeleteChat(ctx, id); err != nil {
		return err
	}
	c.emitter.Emit(core.EventChatsChanged, nil)
	return nil
}

// Choose makes one of a turn's answers the one the chat continues from.
func (c *Chats) Choose(ctx context.Context, turnID, answerID int64) error {
	if err := c.ready(); err != nil {
		return err
	}
	return c.store.ChooseAnswer(ctx, turnID, answerID)
}

// Rate records thumbs up (1), down (-1) or neither (0) for an answer.
func (c *Chats) Rate(ctx context.Context, answerID int64, rating int) error {
	if err := c.ready(); err != nil {
		return err
	}
	if rating < -1 || rating > 1 {
		return core.ErrBadRequest.New(nil, "reason", "a rating is -1, 0 or 1")
	}
	return c.store.RateAnswer(ctx, answerID, rating)
}

// Stop ends the answer a chat is generating; what arrived is kept.
func (c *Chats) Stop(ctx context.Context, chatID int64) error {
	c.runs.Stop(chatID, false)
	return nil
}
