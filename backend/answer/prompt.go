package answer

import (
	"context"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// buildPrompt puts the conversation and, in a chat with knowledge bases,
// the passages retrieved for the question within budget tokens.
func (a *writing) buildPrompt(ctx context.Context, budget int, scale Scale) (Prompt, error) {
	history := historyBefore(a.job.Chat, a.job.Turn.ID)
	var passages []core.SearchHit
	grounded := len(a.job.Chat.KBIDs) > 0
	if grounded {
		var err error
		passages, err = a.retrieve(ctx, history)
		if err != nil {
			return Prompt{}, err
		}
	}
	return build(input{
		Instructions: a.job.Chat.Settings.SystemPrompt, Question: a.job.Turn.Question, History: history,
		Grounded: grounded, Passages: passages, Budget: budget, Scale: scale, Model: a.answer.Model,
	})
}

// historyBefore is the conversation before a turn: each question with the
// answer chosen for it, skipping turns without any answer text.
func historyBefore(chat core.Chat, turnID int64) []exchange {
	var history []exchange
	for _, t := range chat.Turns {
		if t.ID >= turnID {
			break
		}
		if a, ok := t.ChosenAnswer(); ok && strings.TrimSpace(a.Content) != "" {
			history = append(history, exchange{Question: t.Question, Answer: a.Content})
		}
	}
	return history
}
