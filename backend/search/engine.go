// Package search answers queries over knowledge bases with three
// retrievers: BM25 keyword search with Chinese-aware analysis, vector
// search in chromem-go, and reciprocal-rank fusion of the two. Each
// knowledge base's indexes live in memory, built from the durable store
// and kept in a snapshot file so the next start opens them quickly; the
// store's revisions say when either is stale.
package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/keyword"
	"github.com/zhiku-app/zhiku/backend/search/vector"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Options connect the engine to the rest of the app.
type Options struct {
	// Dir holds the snapshot files; "" keeps indexes in memory only.
	Dir string
	// Embed computes query vectors; nil means keyword search only.
	Embed func(ctx context.Context, model string, texts []string) ([][]float32, error)
	// DefaultEmbedModel is the model of knowledge bases that name none.
	DefaultEmbedModel func() string
	// Keyword tunes BM25; zero means keyword.DefaultParams.
	Keyword keyword.Params
}

// Engine searches the knowledge bases of one store. It is safe for
// concurrent use.
type Engine struct {
	st   *store.Store
	opts Options

	mu      sync.Mutex
	entries map[int64]*entry
	builds  sync.WaitGroup
}

// entry is one knowledge base's indexes and their upkeep.
type entry struct {
	mu       sync.Mutex
	current  *kbIndex
	building bool
	notices  []core.Problem // told once, with the next search
}

// kbIndex is one knowledge base's indexes at one revision.
type kbIndex struct {
	rev     store.Revisions
	model   string // the vector model wanted when it was built
	keyword *keyword.Index
	vectors *vector.Index // nil without vectors
	files   []store.IndexedFile
	fileOf  map[int64]uint32 // chunk id to index in files
}

// New makes an engine over st.
func New(st *store.Store, opts Options) *Engine {
	if opts.Keyword == (keyword.Params{}) {
		opts.Keyword = keyword.DefaultParams
	}
	return &Engine{st: st, opts: opts, entries: map[int64]*entry{}}
}

// Wait blocks until background rebuilds are done; for shutdown and tests.
func (e *Engine) Wait() { e.builds.Wait() }

func (e *Engine) entry(kbID int64) *entry {
	e.mu.Lock()
	defer e.mu.Unlock()
	en := e.entries[kbID]
	if en == nil {
		en = &entry{}
		e.entries[kbID] = en
	}
	return en
}

// Forget drops a deleted knowledge base's indexes and snapshot.
func (e *Engine) Forget(kbID int64) {
	e.mu.Lock()
	delete(e.entries, kbID)
	e.mu.Unlock()
	if e.opts.Dir != "" {
		os.Remove(e.snapshotPath(kbID))
	}
}

// RemoveOrphans deletes snapshots of knowledge bases that no longer exist.
func (e *Engine) RemoveOrphans(kbs []core.KnowledgeBase) {
	if e.opts.Dir == "" {
		return
	}
	live := map[int64]bool{}
	for _, kb := range kbs {
		live[kb.ID] = true
	}
	names, _ := filepath.Glob(filepath.Join(e.opts.Dir, "kb-*.idx"))
	for _, name := range names {
		if m := snapshotName.FindStringSubmatch(filepath.Base(name)); m != nil {
			if id, _ := strconv.ParseInt(m[1], 10, 64); !live[id] {
				os.Remove(name)
			}
		}
	}
}

var snapshotName = regexp.MustCompile(`^kb-(\d+)\.idx$`)

func (e *Engine) snapshotPath(kbID int64) string {
	return filepath.Join(e.opts.Dir, fmt.Sprintf("kb-%d.idx", kbID))
}

// vectorModel is the model whose vectors answer kb's queries: the one all
// its chunks were last fully embedded with, else the one being filled in.
func (e *Engine) vectorModel(kb core.KnowledgeBase) string {
	if kb.VectorModel != "" {
		return kb.VectorModel
	}
	if kb.EmbedModel != "" {
		return kb.EmbedModel
	}
	if e.opts.DefaultEmbedModel != nil {
		return e.opts.DefaultEmbedModel()
	}
	return ""
}

// indexFor returns kb's indexes. A fresh index is returned as is; a stale
// one is returned too, marked as catching up, while a rebuild runs in the
// background, so typing in the search box never waits for a rebuild. Only
// the first search of a knowledge base waits, for a snapshot or a build.
func (e *Engine) indexFor(ctx context.Context, kb core.KnowledgeBase) (ix *kbIndex, catchingUp bool, notices []core.Problem, err error) {
	rev, err := e.st.Revisions(ctx, kb.ID)
	if err != nil {
		return nil, false, nil, err
	}
	model := e.vectorModel(kb)
	en := e.entry(kb.ID)
	en.mu.Lock()
	defer en.mu.Unlock()
	notices, en.notices = en.notices, nil
	if cur := en.current; cur != nil {
		if cur.rev == rev && cur.model == model {
			return cur, false, notices, nil
		}
		if !en.building {
			en.building = true
			e.builds.Go(func() { e.rebuild(kb, model, en) })
		}
		return cur, true, notices, nil
	}
	ix, problem := e.loadSnapshot(kb.ID, rev, model)
	if problem != nil {
		notices = append(notices, *problem)
	}
	if ix == nil {
		if ix, err = e.build(ctx, kb.ID, model); err != nil {
			return nil, false, notices, err
		}
		e.builds.Go(func() { e.saveSnapshot(kb.ID, ix) })
	}
	en.current = ix
	return ix, false, notices, nil
}

// rebuild replaces a stale index in the background.
func (e *Engine) rebuild(kb core.KnowledgeBase, model string, en *entry) {
	ix, err := e.build(context.Background(), kb.ID, model)
	en.mu.Lock()
	en.building = false
	if err == nil {
		en.current = ix
	}
	en.mu.Unlock()
	if err == nil {
		e.saveSnapshot(kb.ID, ix)
	}
}

// build reads a knowledge base's chunks and vectors from the store. The
// revisions are read first: a change made while building leaves the index
// older than the store, so the next search rebuilds it again.
func (e *Engine) build(ctx context.Context, kbID int64, model string) (*kbIndex, error) {
	rev, err := e.st.Revisions(ctx, kbID)
	if err != nil {
		return nil, err
	}
	ix := &kbIndex{rev: rev, model: model, fileOf: map[int64]uint32{}}
	fileNumbers := map[int64]uint32{}
	err = e.st.EachIndexedFile(ctx, kbID, func(f store.IndexedFile) error {
		fileNumbers[f.ID] = uint32(len(ix.files))
		ix.files = append(ix.files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	kb := keyword.NewBuilder()
	err = e.st.EachChunk(ctx, kbID, func(c store.IndexedChunk) error {
		n, ok := fileNumbers[c.FileID]
		if !ok { // a file committed after the file list was read
			return nil
		}
		kb.Add(c.ID, n, c.Text)
		ix.fileOf[c.ID] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	ix.keyword = kb.Build()
	if model != "" {
		vb := vector.NewBuilder(model)
		err = e.st.EachVector(ctx, kbID, model, func(id int64, v []float32) error {
			if _, ok := ix.fileOf[id]; !ok {
				return nil
			}
			return vb.Add(id, v)
		})
		if errors.Is(err, vector.ErrDimension) {
			// Vectors of one model with two sizes: the model was replaced
			// under the same name. Keyword search goes on; the next sync
			// embeds again.
			err = nil
			vb = nil
		}
		if err != nil {
			return nil, fmt.Errorf("build vector index: %w", err)
		}
		if vb != nil {
			if vx := vb.Build(); vx.Len() > 0 {
				ix.vectors = vx
			}
		}
	}
	return ix, nil
}

// Warm loads every knowledge base's indexes (from their snapshots where
// they are fresh), so the first search does not wait for them.
func (e *Engine) Warm(ctx context.Context) error {
	kbs, err := e.st.KBs(ctx)
	if err != nil {
		return err
	}
	for _, kb := range kbs {
		if _, _, _, err := e.indexFor(ctx, kb); err != nil {
			return fmt.Errorf("load the search index of %s: %w", kb.Name, err)
		}
	}
	return nil
}
