package service

import (
	"cmp"
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/rag"
)

// retrieve finds the passages for a question. A follow-up is first
// rewritten into a standalone query; the search takes the rewrite as a
// variant of the question and fuses their rankings, so a poor rewrite
// cannot lose everything the question itself finds.
func (j *answerJob) retrieve(ctx context.Context, history []rag.Exchange) ([]core.SearchHit, error) {
	c := j.chats
	queries := []string{j.turn.Question}
	if len(history) > 0 && !j.chat.Settings.NoRewrite {
		j.emit("rewriting", 0, 0)
		if rewrite := j.rewrite(ctx, history); rewrite != "" && !strings.EqualFold(rewrite, j.turn.Question) {
			queries = append(queries, rewrite)
		}
	}
	j.report.Queries = queries
	j.emit("retrieving", 0, 0)
	began := time.Now()
	defer func() { j.report.RetrievalMillis = millisSince(began) }()

	limit := cmp.Or(j.chat.Settings.Sources, core.DefaultChatSources)
	retrieval := c.search.retrieval()
	if j.chat.Settings.Retrieval != nil {
		retrieval = *j.chat.Settings.Retrieval
	}
	result, err := c.search.engine.Search(ctx, core.SearchQuery{
		Text: queries[0], Variants: queries[1:], KBIDs: j.chat.KBIDs, Limit: limit,
		Folder: j.chat.Settings.Folder, Types: j.chat.Settings.Types, Path: j.chat.Settings.Path,
	}, retrieval)
	if err != nil {
		return nil, err
	}
	j.report.RetrievalMode, j.report.VectorProblem = result.Mode, result.VectorProblem
	return result.Hits, nil
}

// rewrite asks the model for a standalone query. Any trouble leaves the
// question as it is: the rewrite only helps retrieval.
func (j *answerJob) rewrite(ctx context.Context, history []rag.Exchange) string {
	var reply strings.Builder
	zero := float32(0)
	err := j.chats.client().Chat(ctx, llm.ChatRequest{
		Model: j.answer.Model, Messages: rag.RewriteMessages(history, j.turn.Question),
		Options: llm.Options{Temperature: &zero, NumPredict: 96, NumCtx: j.report.NumCtx},
	}, func(ch llm.Chunk) error {
		reply.WriteString(ch.Content)
		return nil
	})
	if err != nil {
		slog.Info("follow-up not rewritten", "err", err)
		return ""
	}
	return rag.CleanRewrite(reply.String(), j.turn.Question)
}
