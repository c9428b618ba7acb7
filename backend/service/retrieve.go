package service

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/rag"
)

// retrieve finds the passages for a question. A follow-up is first
// rewritten into a standalone query; both the question and the rewrite are
// searched and their rankings fused, so a poor rewrite can only add
// passages, never lose the ones the question itself finds.
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
	var lists [][]core.SearchHit
	for _, q := range queries {
		result, err := c.search.engine.Search(ctx, core.SearchQuery{
			Text: q, KBIDs: j.chat.KBIDs, Limit: limit,
			Folder: j.chat.Settings.Folder, Types: j.chat.Settings.Types, Path: j.chat.Settings.Path,
		}, retrieval)
		if err != nil {
			return nil, err
		}
		j.report.RetrievalMode = result.Mode
		if result.VectorProblem != nil {
			j.report.VectorProblem = result.VectorProblem
		}
		lists = append(lists, result.Hits)
	}
	return fuseHits(lists, limit), nil
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

// fuseHits merges rankings by reciprocal rank, keeping each chunk once.
func fuseHits(lists [][]core.SearchHit, limit int) []core.SearchHit {
	if len(lists) == 1 {
		return lists[0]
	}
	type scored struct {
		hit   core.SearchHit
		score float64
		first int
	}
	byChunk := map[int64]*scored{}
	var order []*scored
	for _, list := range lists {
		for rank, hit := range list {
			s, ok := byChunk[hit.ChunkID]
			if !ok {
				s = &scored{hit: hit, first: len(order)}
				byChunk[hit.ChunkID] = s
				order = append(order, s)
			}
			s.score += 1 / float64(60+rank+1)
		}
	}
	slices.SortStableFunc(order, func(a, b *scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.first, b.first))
	})
	hits := make([]core.SearchHit, 0, min(limit, len(order)))
	for _, s := range order[:min(limit, len(order))] {
		hits = append(hits, s.hit)
	}
	return hits
}
