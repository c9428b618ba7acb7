package selftest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/datasets"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
)

// DefaultQuestions is how many chunks a check-up draws when the person
// names no number.
const DefaultQuestions = 50

// MinQuestions is the fewest grounded questions a check-up measures with:
// below it, one question moves a figure by more than a tenth.
const MinQuestions = 10

// Deps are what a check-up works with.
type Deps struct {
	Store  *store.Store
	Chat   llm.ChatFunc
	Search SearchFunc
}

// Request is one check-up to run.
type Request struct {
	KB        core.KnowledgeBase
	ChatModel string
	// Questions is how many chunks to draw, one question each at most;
	// 0 means DefaultQuestions.
	Questions int
	// Retrieval is the settings in force, which each candidate changes
	// only in what it compares.
	Retrieval core.RetrievalSettings
	// ChunkTokens, when set and not the knowledge base's own, is a chunk
	// size to compare with it: the files are cut again into a scratch
	// index, which takes about as long as indexing them without vectors.
	ChunkTokens int
	// Reranker says a reranker model is chosen, so reranking is compared.
	Reranker bool
}

// Run draws chunks spread over the knowledge base, has the model write a
// question about each, measures every candidate setting with the
// grounded ones, and keeps the run in the knowledge base's history.
// report hears how far it has got.
func Run(ctx context.Context, deps Deps, req Request, report func(core.SelfTestProgress)) (core.SelfTestRun, error) {
	began := time.Now()
	n := req.Questions
	if n <= 0 {
		n = DefaultQuestions
	}
	sources, err := drawSources(ctx, deps.Store, req.KB, n)
	if err != nil {
		return core.SelfTestRun{}, err
	}
	progress := core.SelfTestProgress{KBID: req.KB.ID, Phase: core.SelfTestWriting, Total: len(sources)}
	report(progress)
	questions, tally, err := WriteQuestions(ctx, deps.Chat, req.ChatModel, sources, func(t Tally) {
		progress.Done, progress.Kept = t.Done, t.Kept
		report(progress)
	})
	if err != nil {
		return core.SelfTestRun{}, err
	}
	if need := min(MinQuestions, len(sources)); len(questions) < need {
		return core.SelfTestRun{}, core.ErrSelfTestTooFew.New(nil, "kept", strconv.Itoa(len(questions)),
			"drawn", strconv.Itoa(len(sources)), "min", strconv.Itoa(need))
	}

	run := core.SelfTestRun{KBID: req.KB.ID, ChatModel: req.ChatModel, VectorModel: req.KB.VectorModel, ChunkTokens: req.KB.Chunking.MaxTokens,
		Drawn: len(sources), Questions: len(questions), Unparsed: tally.Unparsed, Ungrounded: tally.Ungrounded}
	settings := Candidates(Available{Vectors: req.KB.VectorModel != "", Reranker: req.Reranker})
	var resized []core.SelfTestSetting
	if req.ChunkTokens > 0 && req.ChunkTokens != req.KB.Chunking.MaxTokens {
		resized = AtChunkSize(req.ChunkTokens)
	}
	progress = core.SelfTestProgress{KBID: req.KB.ID, Phase: core.SelfTestSearching, Total: len(settings) + len(resized), Kept: len(questions)}
	report(progress)
	for _, setting := range settings {
		score, err := Measure(ctx, deps.Search, req.KB.ID, req.Retrieval, setting, questions)
		if err != nil {
			return core.SelfTestRun{}, err
		}
		run.Scores = append(run.Scores, score)
		progress.Done++
		report(progress)
	}
	if len(resized) > 0 {
		progress.Phase = core.SelfTestRechunking
		report(progress)
		scores, err := measureResized(ctx, deps.Store, req, resized, questions, func() {
			progress.Phase = core.SelfTestSearching
			progress.Done++
			report(progress)
		})
		if err != nil {
			return core.SelfTestRun{}, err
		}
		run.Scores = append(run.Scores, scores...)
	}
	run.Recommended = Recommend(run.Scores)
	run.Seconds = time.Since(began).Seconds()
	return deps.Store.AddSelfTestRun(context.WithoutCancel(ctx), run)
}

// drawSources takes n chunks spread over the knowledge base, with where
// each one is.
func drawSources(ctx context.Context, st *store.Store, kb core.KnowledgeBase, n int) ([]store.ChunkDetail, error) {
	drawn, err := datasets.SampleChunks(ctx, st, kb.ID, n)
	if err != nil {
		return nil, err
	}
	if len(drawn) == 0 {
		return nil, core.ErrSelfTestNoText.New(nil, "name", kb.Name)
	}
	ids := make([]int64, len(drawn))
	for i, c := range drawn {
		ids[i] = c.ID
	}
	details, err := st.ChunkDetails(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]store.ChunkDetail, 0, len(ids))
	for _, id := range ids {
		if d, ok := details[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// measureResized cuts the knowledge base again at req.ChunkTokens into a
// throw-away store and measures settings there; measured hears after
// each one.
func measureResized(ctx context.Context, st *store.Store, req Request, settings []core.SelfTestSetting, questions []Question, measured func()) ([]core.SelfTestScore, error) {
	dir, err := os.MkdirTemp("", "zhiku-checkup-*")
	if err != nil {
		return nil, fmt.Errorf("make a folder for the resized index: %w", err)
	}
	defer os.RemoveAll(dir)
	scratch, err := store.Open(ctx, dir, store.NewHolder("check-up", ""))
	if err != nil {
		return nil, err
	}
	defer scratch.Close()
	kb, err := Rechunk(ctx, st, req.KB, req.ChunkTokens, scratch)
	if err != nil {
		return nil, err
	}
	engine := search.New(scratch, search.Options{})
	defer engine.Close()
	// The chunks have new ids there: a question's chunk is found by place.
	moved := make([]Question, len(questions))
	for i, q := range questions {
		moved[i] = q
		moved[i].Source.ID = 0
	}
	var out []core.SelfTestScore
	for _, setting := range settings {
		score, err := Measure(ctx, engine.Search, kb.ID, req.Retrieval, setting, moved)
		if err != nil {
			return nil, err
		}
		out = append(out, score)
		measured()
	}
	return out, nil
}
