package service

import (
	"cmp"
	"context"
	"sync/atomic"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/library"
	"github.com/zhiku-app/zhiku/backend/pathguard"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Library manages knowledge bases and keeps them indexed.
type Library struct {
	store   *store.Store
	emitter core.Emitter
	// keeper syncs, watches and reports progress.
	keeper *library.Keeper
	// forget drops a deleted knowledge base's search indexes.
	forget func(kbID int64)
	// paths keeps the sources a page adds to what the person chose.
	paths *pathguard.Guard
	// opened is the knowledge base last opened from outside the window
	// (Backend.OpenPaths), for Opened.
	opened atomic.Int64
}

// newLibrary keeps st's knowledge bases indexed, embedding with embed and,
// for knowledge bases with no model of their own, the default model; the
// engine forgets the indexes of those deleted.
func newLibrary(st *store.Store, emitter core.Emitter, paths *pathguard.Guard, embed core.EmbedFunc, defaultEmbedModel func() string,
	engine *search.Engine) *Library {
	l := &Library{store: st, emitter: emitter, paths: paths}
	if engine != nil {
		l.forget = engine.Forget
	}
	l.keeper = library.NewKeeper(st, library.KeeperOptions{
		Report: func(p core.IndexProgress) { emitter.Emit(core.EventIndexProgress, p) },
		Synced: l.changed,
		Embedding: func(kb core.KnowledgeBase) *library.Embedding {
			// A knowledge base's own model, else the default in Settings.
			model := cmp.Or(kb.EmbedModel, defaultEmbedModel())
			if model == "" {
				return nil
			}
			return &library.Embedding{Model: model, Embed: embed}
		},
	})
	return l
}

func (l *Library) ready() error {
	if l.store == nil {
		return core.ErrNotReady.New(nil)
	}
	return nil
}

// List returns every knowledge base with its statistics.
func (l *Library) List(ctx context.Context) ([]core.KnowledgeBase, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	kbs, err := l.store.KBs(ctx)
	if err != nil {
		return nil, err
	}
	for i := range kbs {
		kbs[i].WatchProblem = l.keeper.WatchProblem(kbs[i].ID)
	}
	return kbs, nil
}

// Create makes a knowledge base of the given sources and starts indexing it.
func (l *Library) Create(ctx context.Context, req core.NewKnowledgeBase) (core.KnowledgeBase, error) {
	if err := l.ready(); err != nil {
		return core.KnowledgeBase{}, err
	}
	name, err := core.ValidName(req.Name)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	sources, err := l.paths.CheckSources(ctx, req.Sources)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	kb, err := l.store.CreateKB(ctx, core.KnowledgeBase{Name: name, Sources: sources, Chunking: core.DefaultChunking})
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	l.keeper.Watch(kb)
	l.changed(ctx)
	l.keeper.Start(kb.ID)
	return kb, nil
}

// CreateFromDrop makes a knowledge base of dropped folders and files, named
// after the first one ("论文", then "论文 (2)" if taken), and indexes it.
func (l *Library) CreateFromDrop(ctx context.Context, paths []string) (core.KnowledgeBase, error) {
	if len(paths) == 0 {
		return core.KnowledgeBase{}, core.ErrBadRequest.New(nil, "reason", "nothing was dropped")
	}
	// The page sends keys (core.PathKey); Create's check reads them.
	first, err := core.PathFromKey(paths[0])
	if err != nil {
		return core.KnowledgeBase{}, core.ErrBadRequest.New(err, "reason", err.Error())
	}
	existing, err := l.List(ctx)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	return l.Create(ctx, core.NewKnowledgeBase{Name: library.NameFor(first, existing), Sources: paths})
}

// Rename renames a knowledge base.
func (l *Library) Rename(ctx context.Context, id int64, name string) (core.KnowledgeBase, error) {
	if err := l.ready(); err != nil {
		return core.KnowledgeBase{}, err
	}
	name, err := core.ValidName(name)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	if err := l.store.RenameKB(ctx, id, name); err != nil {
		return core.KnowledgeBase{}, err
	}
	l.changed(ctx)
	return l.store.KB(ctx, id)
}

// Configure saves a knowledge base's settings and syncs it: new patterns
// add and drop files, a new embedding model computes its vectors, and new
// chunk sizes cut every file again.
func (l *Library) Configure(ctx context.Context, id int64, cfg core.KBSettings) (core.KnowledgeBase, error) {
	if err := l.ready(); err != nil {
		return core.KnowledgeBase{}, err
	}
	cfg, err := cfg.Checked()
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	old, err := l.store.KB(ctx, id)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	if err := l.store.ConfigureKB(ctx, id, cfg, cfg.Chunking != old.Chunking); err != nil {
		return core.KnowledgeBase{}, err
	}
	l.changed(ctx)
	l.keeper.Start(id)
	return l.store.KB(ctx, id)
}

// Delete stops indexing a knowledge base and deletes it with its index.
// The files themselves are never touched.
func (l *Library) Delete(ctx context.Context, id int64) error {
	if err := l.ready(); err != nil {
		return err
	}
	l.keeper.Forget(id)
	if err := l.store.DeleteKB(ctx, id); err != nil {
		return err
	}
	if l.forget != nil {
		l.forget(id)
	}
	l.changed(ctx)
	return nil
}

// AddSources adds folders or files to a knowledge base and indexes them.
func (l *Library) AddSources(ctx context.Context, id int64, paths []string) (core.KnowledgeBase, error) {
	if err := l.ready(); err != nil {
		return core.KnowledgeBase{}, err
	}
	sources, err := l.paths.CheckSources(ctx, paths)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	if _, err := l.store.KB(ctx, id); err != nil {
		return core.KnowledgeBase{}, err
	}
	if err := l.store.AddSources(ctx, id, sources); err != nil {
		return core.KnowledgeBase{}, err
	}
	kb, err := l.store.KB(ctx, id)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	l.keeper.Watch(kb)
	l.changed(ctx)
	l.keeper.Start(id)
	return kb, nil
}

// Files lists a knowledge base's files with their status and reason.
func (l *Library) Files(ctx context.Context, id int64) ([]core.FileRecord, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	return l.store.Files(ctx, id)
}

// Sync starts bringing a knowledge base up to date in the background.
func (l *Library) Sync(ctx context.Context, id int64) error {
	if err := l.ready(); err != nil {
		return err
	}
	kb, err := l.store.KB(ctx, id)
	if err != nil {
		return err
	}
	if kb.Paused {
		if err := l.store.SetPaused(ctx, id, false); err != nil {
			return err
		}
		l.changed(ctx)
	}
	l.keeper.Start(id)
	return nil
}

// SyncAll starts a sync of every knowledge base, as at start-up.
func (l *Library) SyncAll(ctx context.Context) error {
	kbs, err := l.List(ctx)
	if err != nil {
		return err
	}
	for _, kb := range kbs {
		l.keeper.Watch(kb)
		l.keeper.Start(kb.ID)
	}
	return nil
}

// Cancel stops a knowledge base's sync; what it indexed so far is kept.
func (l *Library) Cancel(ctx context.Context, id int64) error {
	l.keeper.Cancel(id)
	return nil
}

// Pause stops a knowledge base's sync and keeps it from syncing on its own
// (on file changes, at start-up, when Ollama returns) until Resume or
// Sync, across restarts. What was indexed stays searchable.
func (l *Library) Pause(ctx context.Context, id int64) error {
	if err := l.ready(); err != nil {
		return err
	}
	if err := l.store.SetPaused(ctx, id, true); err != nil {
		return err
	}
	l.keeper.Pause(id)
	l.changed(ctx)
	return nil
}

// Resume lets a paused knowledge base sync again, and syncs it.
func (l *Library) Resume(ctx context.Context, id int64) error {
	return l.Sync(ctx, id)
}

// Wait blocks until a knowledge base's sync has finished and returns how
// it ended.
func (l *Library) Wait(ctx context.Context, id int64) (core.IndexProgress, error) {
	return l.keeper.Wait(ctx, id)
}

// Progress returns the latest progress of every knowledge base synced since
// start-up, by id, so a window opened mid-sync shows where it stands.
func (l *Library) Progress(ctx context.Context) ([]core.IndexProgress, error) {
	return l.keeper.Progress(), nil
}

// changed tells every window the knowledge bases changed.
func (l *Library) changed(ctx context.Context) {
	if kbs, err := l.List(ctx); err == nil {
		l.emitter.Emit(core.EventLibraryChanged, kbs)
	}
}
