package selftest

import (
	"context"
	"strings"

	"github.com/zhiku-app/zhiku/backend/datasets"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Tally counts what came of the chunks sent to the model.
type Tally struct {
	Done, Kept int
	// Unparsed replies held no question; Ungrounded ones held questions
	// that all failed the grounding check.
	Unparsed, Ungrounded int
}

// WriteQuestions has model write a question about each source with the
// data-set studio's Q&A-pair writer, keeping for each the first question
// that passes the grounding check. report hears after every source. A
// failed request ends it with the error, and the questions kept so far.
func WriteQuestions(ctx context.Context, chat llm.ChatFunc, model string, sources []store.ChunkDetail, report func(Tally)) ([]Question, Tally, error) {
	var out []Question
	var tally Tally
	for _, src := range sources {
		pairs, err := datasets.PairsAbout(ctx, chat, model, src.Text)
		if err != nil {
			return out, tally, err
		}
		tally.Done++
		question, ok := firstGrounded(pairs, src.Text)
		switch {
		case len(pairs) == 0:
			tally.Unparsed++
		case !ok:
			tally.Ungrounded++
		default:
			tally.Kept++
			out = append(out, Question{Text: question, Source: src})
		}
		report(tally)
	}
	return out, tally, nil
}

// firstGrounded is the first of pairs' questions that passes Check
// against passage.
func firstGrounded(pairs []datasets.Pair, passage string) (string, bool) {
	for _, p := range pairs {
		if q := strings.TrimSpace(p.Question); Check(q, passage) == Grounded {
			return q, true
		}
	}
	return "", false
}
