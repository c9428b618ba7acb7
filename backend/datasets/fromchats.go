package datasets

import (
	"slices"
	"strconv"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// FromChat makes records of a chat: the conversation as it went (each
// question with the answer chosen; one exchange is a Q&A record), and, for
// every question answered more than once, its answers ranked: thumbs up
// first, then the chosen, then the rest, thumbs down last.
func FromChat(chat core.Chat) []core.Record {
	provenance := "chat:" + strconv.FormatInt(chat.ID, 10)
	conv := core.Record{Kind: core.RecordConversation, Provenance: provenance, System: chat.Settings.SystemPrompt}
	var records []core.Record
	for _, t := range chat.Turns {
		a, ok := t.ChosenAnswer()
		if !ok || a.Status != core.AnswerDone || strings.TrimSpace(a.Content) == "" {
			continue
		}
		conv.Messages = append(conv.Messages, core.ChatMessage{Role: core.RoleUser, Content: t.Question},
			core.ChatMessage{Role: core.RoleAssistant, Content: a.Content})
		if ranked := rankAnswers(t); len(ranked) >= 2 {
			records = append(records, core.Record{Kind: core.RecordRanked, Provenance: provenance, System: conv.System, Prompt: t.Question, Responses: ranked})
		}
	}
	if len(conv.Messages) == 2 {
		records = append([]core.Record{{Kind: core.RecordQA, Provenance: provenance, System: conv.System,
			Prompt: conv.Messages[0].Content, Answer: conv.Messages[1].Content}}, records...)
	} else if len(conv.Messages) > 2 {
		records = append([]core.Record{conv}, records...)
	}
	return records
}

func rankAnswers(t core.Turn) []string {
	score := func(a core.Answer) int {
		s := a.Rating * 2
		if a.ID == t.Chosen {
			s++
		}
		return s
	}
	var done []core.Answer
	for _, a := range t.Answers {
		if a.Status == core.AnswerDone && strings.TrimSpace(a.Content) != "" {
			done = append(done, a)
		}
	}
	slices.SortStableFunc(done, func(a, b core.Answer) int { return score(b) - score(a) })
	out := make([]string, len(done))
	for i, a := range done {
		out[i] = a.Content
	}
	return out
}

// FromPreferences makes a ranked record of each comparison marked in the
// prompt studio: the chosen output first.
func FromPreferences(prefs []core.Preference) []core.Record {
	var records []core.Record
	for _, p := range prefs {
		responses := []string{p.Chosen.Output}
		for _, r := range p.Rejected {
			responses = append(responses, r.Output)
		}
		records = append(records, core.Record{Kind: core.RecordRanked, Provenance: "compare:" + strconv.FormatInt(p.ID, 10),
			System: p.Chosen.System, Prompt: p.Input, Responses: responses})
	}
	return records
}

// Writable are the records a format holds, only those accepted in review
// when acceptedOnly.
func Writable(records []core.Record, format Format, acceptedOnly bool) []core.Record {
	var out []core.Record
	for _, r := range records {
		if slices.Contains(FormatsFor(r.Kind), format) && (!acceptedOnly || r.Review == core.ReviewAccepted) {
			out = append(out, r)
		}
	}
	return out
}
