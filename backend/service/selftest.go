package service

import (
	"context"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/selftest"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/tasks"
)

// SelfTest runs retrieval check-ups (检索体检) of knowledge bases: a local
// model writes questions about a knowledge base's own chunks, every
// retrieval setting worth comparing is measured with them, and the best
// one is applied on request.
type SelfTest struct {
	store    *store.Store
	engine   *search.Engine
	chat     llm.ChatFunc
	emitter  core.Emitter
	defaults *defaultModels
	settings *Settings
	// configure changes a knowledge base's settings, as Library.Configure
	// does: applying a chunk size cuts it again.
	configure func(ctx context.Context, id int64, cfg core.KBSettings) (core.KnowledgeBase, error)
	// jobs runs one check-up per knowledge base at a time.
	jobs tasks.Runner[int64]
}

// SelfTestRequest asks for a check-up of a knowledge base.
type SelfTestRequest struct {
	KBID int64 `json:"kbId"`
	// Model writes the questions; "" means the default chat model.
	Model string `json:"model"`
	// Questions is how many chunks to draw, one question each at most;
	// 0 means 50.
	Questions int `json:"questions"`
	// ChunkTokens, when set, is a chunk size to compare with the
	// knowledge base's own, by cutting its files again (keyword search).
	ChunkTokens int `json:"chunkTokens,omitempty"`
}

func (s *SelfTest) ready() error {
	if s.store == nil {
		return core.ErrNotReady.New(nil)
	}
	return nil
}

// Start begins a check-up of a knowledge base and returns at once;
// EventSelfTestProgress tells how far it is, and its last event carries
// the finished run, which is kept in the knowledge base's history.
func (s *SelfTest) Start(ctx context.Context, req SelfTestRequest) error {
	if err := s.ready(); err != nil {
		return err
	}
	kb, err := s.store.KB(ctx, req.KBID)
	if err != nil {
		return err
	}
	model, err := s.defaults.chat(ctx, req.Model)
	if err != nil {
		return err
	}
	if req.ChunkTokens != 0 {
		resized := core.KBSettings{Chunking: core.ChunkSettings{MaxTokens: req.ChunkTokens}}
		if _, err := resized.Checked(); err != nil {
			return err
		}
	}
	run := selftest.Request{KB: kb, ChatModel: model, Questions: req.Questions, Retrieval: s.settings.current().Retrieval,
		ChunkTokens: req.ChunkTokens, Reranker: s.settings.current().RerankModel != ""}
	deps := selftest.Deps{Store: s.store, Chat: s.chat, Search: s.engine.Search}
	started := s.jobs.Start(kb.ID, func(ctx context.Context) {
		var last core.SelfTestProgress
		done, err := selftest.Run(ctx, deps, run, func(p core.SelfTestProgress) {
			last = p
			s.emitter.Emit(core.EventSelfTestProgress, p)
		})
		// A run that finished is kept, and reported, even when a cancel
		// came after its last search.
		last.Finished = true
		switch {
		case err == nil:
			last.Run = &done
		case ctx.Err() != nil:
			last.Cancelled = true
		default:
			last.Problem = core.AsProblem(err)
		}
		s.emitter.Emit(core.EventSelfTestProgress, last)
	})
	if !started {
		return core.ErrSelfTestBusy.New(nil, "name", kb.Name)
	}
	return nil
}

// Cancel stops a knowledge base's check-up; nothing of it is kept.
func (s *SelfTest) Cancel(ctx context.Context, kbID int64) error {
	select {
	case <-s.jobs.Cancel(kbID):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Runs lists a knowledge base's check-ups, newest first, each marked
// stale when the knowledge base's vector model or chunk size has changed
// since.
func (s *SelfTest) Runs(ctx context.Context, kbID int64) ([]core.SelfTestRun, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	kb, err := s.store.KB(ctx, kbID)
	if err != nil {
		return nil, err
	}
	runs, err := s.store.SelfTestRuns(ctx, kbID)
	for i := range runs {
		runs[i].Stale = selftest.Stale(runs[i], kb)
	}
	return runs, err
}

// Apply makes a setting a check-up measured the retrieval settings in
// force, the one it recommended when key is "", and returns the settings.
// The setting changes only what the check-up compared; a stale run's
// figures no longer hold, so it is refused.
func (s *SelfTest) Apply(ctx context.Context, runID int64, key string) (core.Settings, error) {
	if err := s.ready(); err != nil {
		return core.Settings{}, err
	}
	run, err := s.store.SelfTestRun(ctx, runID)
	if err != nil {
		return core.Settings{}, err
	}
	kb, err := s.store.KB(ctx, run.KBID)
	if err != nil {
		return core.Settings{}, err
	}
	if selftest.Stale(run, kb) {
		return core.Settings{}, core.ErrSelfTestStale.New(nil)
	}
	if key == "" {
		key = run.Recommended
	}
	var chosen *core.SelfTestSetting
	for _, score := range run.Scores {
		if score.Setting.Key == key {
			chosen = &score.Setting
		}
	}
	if chosen == nil {
		return core.Settings{}, core.ErrInvalidSetting.New(nil, "field", "selftest.setting", "value", key, "allowed", settingKeys(run))
	}
	err = s.settings.edit(ctx, func(next *core.Settings) bool {
		applied := chosen.On(next.Retrieval)
		changed := applied != next.Retrieval
		next.Retrieval = applied
		return changed
	})
	if err == nil && (chosen.ChunkTokens != 0 || chosen.Rerank != kb.Rerank) {
		err = s.reconfigure(ctx, kb, *chosen)
	}
	return s.settings.current(), err
}

// reconfigure gives the knowledge base what the chosen setting keeps
// there rather than in Settings: its reranking switch, and a chunk size,
// which cuts it again (its overlap kept where it still fits).
func (s *SelfTest) reconfigure(ctx context.Context, kb core.KnowledgeBase, chosen core.SelfTestSetting) error {
	cfg := core.KBSettings{EmbedModel: kb.EmbedModel, Include: kb.Include, Exclude: kb.Exclude, Chunking: kb.Chunking, Rerank: chosen.Rerank}
	if chosen.ChunkTokens != 0 {
		cfg.Chunking = selftest.Resized(kb.Chunking, chosen.ChunkTokens)
	}
	_, err := s.configure(ctx, kb.ID, cfg)
	return err
}

// settingKeys lists the keys of the settings run measured.
func settingKeys(run core.SelfTestRun) string {
	keys := make([]string, len(run.Scores))
	for i, score := range run.Scores {
		keys[i] = score.Setting.Key
	}
	return strings.Join(keys, ", ")
}
