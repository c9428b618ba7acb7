package service

import (
	"context"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/rag"
)

// mapNotesTokens caps each map step's notes.
const mapNotesTokens = 384

// wholeDocuments decides whether a question is about whole files: the ones
// asked about explicitly, or the files a "summarise" or "compare" question
// names. Only indexed files of the chat's knowledge bases qualify.
func (c *Chats) wholeDocuments(ctx context.Context, chat core.Chat, question string, asked []string) ([]rag.Document, error) {
	if len(chat.KBIDs) == 0 || (len(asked) == 0 && !rag.WholeDocumentIntent(question)) {
		return nil, nil
	}
	owner := map[string]int64{}
	var paths []string
	for _, kbID := range chat.KBIDs {
		files, err := c.reading.Files(ctx, kbID)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if f.Chunks > 0 {
				if _, seen := owner[f.Path]; !seen {
					owner[f.Path] = kbID
					paths = append(paths, f.Path)
				}
			}
		}
	}
	chosen := asked
	if len(chosen) == 0 {
		chosen = rag.MentionedFiles(question, paths)
	}
	var docs []rag.Document
	for _, p := range chosen {
		kbID, ok := owner[p]
		if !ok {
			return nil, core.ErrDocumentNotInChat.New(nil, "path", core.DisplayPath(p))
		}
		chunks, err := c.reading.Chunks(ctx, kbID, p)
		if err != nil {
			return nil, err
		}
		docs = append(docs, rag.Document{Path: p, Chunks: chunks})
	}
	return docs, nil
}

// mapReduce reads whole documents part by part, taking notes relevant to
// the question (map), then returns the messages that answer from all the
// notes (reduce). Each document becomes one source, cited by number.
func (j *answerJob) mapReduce(ctx context.Context, docs []rag.Document, budget int, scale rag.Scale) ([]core.ChatMessage, error) {
	c := j.chats
	for _, d := range docs {
		j.report.WholeDocuments = append(j.report.WholeDocuments, core.DisplayPath(d.Path))
	}
	// A map prompt is its instructions and the question around one part.
	overhead := scale.Apply(rag.Estimate(j.turn.Question)) + 200
	parts := rag.Parts(docs, max(budget-overhead-mapNotesTokens, 256), scale)
	notes := make([]rag.Notes, len(docs))
	for i, d := range docs {
		notes[i].Path = d.Path
	}
	zero := float32(0)
	for i, part := range parts {
		j.emit("reading", i+1, len(parts))
		var reply strings.Builder
		err := c.client().Chat(ctx, llm.ChatRequest{
			Model: j.answer.Model, Messages: rag.MapMessages(j.turn.Question, part),
			Options: llm.Options{Temperature: &zero, NumCtx: j.report.NumCtx, NumPredict: mapNotesTokens},
		}, func(ch llm.Chunk) error {
			reply.WriteString(ch.Content)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if note := strings.TrimSpace(reply.String()); note != "" {
			notes[part.Doc-1].Notes = append(notes[part.Doc-1].Notes, note)
		}
	}
	messages, left := rag.ReduceMessages(j.chat.Settings.SystemPrompt, j.turn.Question, notes, budget-overhead, scale)
	j.report.Left = append(j.report.Left, left...)
	j.report.Messages = messages
	for _, m := range messages {
		n := scale.Apply(rag.MessagesEstimate([]core.ChatMessage{m}))
		j.report.MessageTokens = append(j.report.MessageTokens, n)
	}
	j.estimate = rag.MessagesEstimate(messages)
	j.report.PromptTokens = scale.Apply(j.estimate)
	for i, d := range docs {
		// The source shown for a whole document is the notes taken from it,
		// which is what the model answered from.
		text := strings.Join(notes[i].Notes, "\n\n")
		j.answer.Sources = append(j.answer.Sources, core.Source{N: i + 1, Path: d.Path, Text: text, Context: text, End: len(text)})
	}
	return messages, nil
}
