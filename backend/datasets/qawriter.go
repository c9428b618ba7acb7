package datasets

import (
	"context"
	"fmt"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/prompts"
	"github.com/zhiku-app/zhiku/backend/store"
)

// QARun is question–answer pairs to write into a data set, one request
// per chunk, with a model.
type QARun struct {
	DatasetID int64
	Model     string
	Chunks    []store.IndexedChunk
}

// SampleChunks takes n chunks with text spread evenly over a knowledge
// base, so the pairs cover all of it rather than its first files.
func SampleChunks(ctx context.Context, st *store.Store, kbID int64, n int) ([]store.IndexedChunk, error) {
	var all []store.IndexedChunk
	err := st.EachChunk(ctx, kbID, func(c store.IndexedChunk) error {
		if strings.TrimSpace(c.Text) != "" {
			all = append(all, c)
		}
		return nil
	})
	if err != nil || len(all) <= n {
		return all, err
	}
	out := make([]store.IndexedChunk, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out, nil
}

// WriteQAPairs has the built-in Q&A-pair writer, in each chunk's language,
// write pairs about it and adds them to the data set, each checked against
// its chunk: one that fails is kept, flagged, for review. report hears of
// every chunk and of the end; a reply that is not pairs is counted and
// skipped, and a failed request or save ends the run with its problem.
func WriteQAPairs(ctx context.Context, st *store.Store, chat llm.ChatFunc, run QARun, report func(core.GenerateProgress)) {
	p := core.GenerateProgress{DatasetID: run.DatasetID, Total: len(run.Chunks)}
	for _, c := range run.Chunks {
		if ctx.Err() != nil {
			break
		}
		pairs, err := PairsAbout(ctx, chat, run.Model, c.Text)
		if err != nil {
			if ctx.Err() == nil {
				p.Problem = core.AsProblem(err)
			}
			break
		}
		p.Done++
		if len(pairs) == 0 {
			p.Unparsed++
			report(p)
			continue
		}
		records := QARecords(pairs, c.Text, fmt.Sprintf("chunk:%d", c.ID))
		if _, err := st.AddRecords(context.WithoutCancel(ctx), run.DatasetID, records); err != nil {
			p.Problem = core.AsProblem(err)
			break
		}
		for _, r := range records {
			p.Added++
			if !*r.Grounded {
				p.Ungrounded++
			}
		}
		report(p)
	}
	p.Finished, p.Cancelled = true, ctx.Err() != nil
	report(p)
}

// PairsAbout has the built-in Q&A-pair writer, in text's language, write
// question–answer pairs about text with model; none when its reply held
// no usable pairs.
func PairsAbout(ctx context.Context, chat llm.ChatFunc, model, text string) ([]Pair, error) {
	reply, err := writePairs(ctx, chat, model, text)
	if err != nil {
		return nil, err
	}
	pairs, _ := ParsePairs(reply)
	return pairs, nil
}

// writePairs asks model for pairs about text and returns its reply.
func writePairs(ctx context.Context, chat llm.ChatFunc, model, text string) (string, error) {
	lang := core.LocaleEnglish
	if MainLanguage(text) == ScriptChinese {
		lang = core.LocaleChinese
	}
	writer, ok := prompts.Builtin(string(lang), prompts.BuiltinQAPairWriter)
	if !ok {
		return "", fmt.Errorf("the built-in Q&A-pair writer is missing")
	}
	temperature := float32(0.3)
	var reply strings.Builder
	err := chat(ctx, llm.ChatRequest{Model: model,
		Messages: []core.ChatMessage{{Role: core.RoleSystem, Content: prompts.Render(writer)}, {Role: core.RoleUser, Content: prompts.Delimit(text, writer.Delimiter)}},
		Options:  llm.Options{Temperature: &temperature, NumPredict: 512, NumCtx: core.DefaultNumCtx / 2}},
		func(ch llm.Chunk) error {
			reply.WriteString(ch.Content)
			return nil
		})
	return reply.String(), err
}
