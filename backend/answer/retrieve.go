package answer

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// retrieve finds the passages for a question. A follow-up is first
// rewritten into a standalone query; the search takes the rewrite as a
// variant of the question and fuses their rankings, so a poor rewrite
// cannot lose everything the question itself finds.
func (a *writing) retrieve(ctx context.Context, history []exchange) ([]core.SearchHit, error) {
	settings := a.job.Chat.Settings
	queries := []string{a.job.Turn.Question}
	if len(history) > 0 && !settings.NoRewrite {
		a.emit(core.ChatPhaseRewriting, 0, 0)
		if rewrite := a.rewrite(ctx, history); rewrite != "" && !strings.EqualFold(rewrite, a.job.Turn.Question) {
			queries = append(queries, rewrite)
		}
	}
	a.report.Queries = queries
	a.emit(core.ChatPhaseRetrieving, 0, 0)
	began := time.Now()
	defer func() { a.report.RetrievalMillis = millisSince(began) }()

	retrieval := a.w.deps.Retrieval()
	if settings.Retrieval != nil {
		retrieval = *settings.Retrieval
	}
	result, err := a.w.deps.Search(ctx, core.SearchQuery{
		Text: queries[0], Variants: queries[1:], KBIDs: a.job.Chat.KBIDs, Limit: cmp.Or(settings.Sources, core.DefaultChatSources),
		Folder: settings.Folder, Types: settings.Types, Path: settings.Path,
	}, retrieval)
	if err != nil {
		return nil, err
	}
	a.report.RetrievalMode, a.report.VectorProblem, a.report.NamedFiles = result.Mode, result.VectorProblem, result.NamedFiles
	a.report.RerankModel, a.report.RerankProblem = result.RerankModel, result.RerankProblem
	return result.Hits, nil
}
