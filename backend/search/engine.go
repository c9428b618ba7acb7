// Package search answers queries over knowledge bases with three
// retrievers: BM25 keyword search with Chinese-aware analysis, vector
// search in chromem-go, and reciprocal-rank fusion of the two; where a
// knowledge base asks for it, a reranker model then orders the first
// results (reranker.go). Each knowledge base's indexes live in memory,
// built from the durable store and kept in a snapshot file so the next
// start opens them quickly; the store's revisions say when either is
// stale.
package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

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
	Embed core.EmbedFunc
	// DefaultEmbedModel is the model of knowledge bases that name none.
	DefaultEmbedModel func() string
	// Keyword tunes BM25; zero means keyword.DefaultParams.
	Keyword keyword.Params
	// ScorePair asks a reranker model about one query and passage; nil
	// means no reranking. RerankModel is the model knowledge bases with
	// reranking on use, and RerankBudget the time it may add to a search
	// (zero: DefaultRerankBudget).
	ScorePair    core.ScorePairFunc
	RerankModel  func() string
	RerankBudget time.Duration
}

// Engine searches the knowledge bases of one store. It is safe for
// concurrent use.
type Engine struct {
	st   *store.Store
	opts Options

	mu      sync.Mutex
	entries map[int64]*entry
	builds  sync.WaitGroup
	scores  scoreCache
}

// entry is one knowledge base's indexes and their upkeep.
type entry struct {
	mu       sync.Mutex
	current  *kbIndex
	building bool
	// unsaved is set when the index changed since its snapshot was
	// written; savedAt is when that was.
	unsaved bool
	savedAt time.Time
}

// kbIndex is one knowledge base's indexes. Searches hold mu for reading;
// bringing the index up to date holds it for writing, briefly.
type kbIndex struct {
	mu      sync.RWMutex
	rev     store.Revisions
	model   string // the vector model wanted when it was built
	keyword *keyword.Index
	vectors *vector.Index // nil without vectors
	files   []store.IndexedFile
	fileNum map[int64]uint32 // file id to index in files
	fileOf  map[int64]uint32 // chunk id to index in files
	// gone marks files, by index in files, that have no chunks any more.
	gone []bool
	// titles are each file's distinct top headings, by index in files;
	// roots are the knowledge base's sources; names indexes both with
	// the files' paths.
	titles map[uint32][]string
	roots  []string
	names  *nameIndex
	// namedRoots are the roots names was built with.
	namedRoots []string
}

// noteHeadings records a chunk's top heading among its file's titles; a
// file's first chunk starts them afresh, as the file was indexed again.
func (ix *kbIndex) noteHeadings(file uint32, ordinal int, headings []string) {
	if ordinal == 0 {
		delete(ix.titles, file)
	}
	if len(headings) == 0 || strings.TrimSpace(headings[0]) == "" {
		return
	}
	if t := ix.titles[file]; len(t) < maxTitles && !slices.Contains(t, headings[0]) {
		ix.titles[file] = append(t, headings[0])
	}
}

// indexNames rebuilds the name index from the files and their titles.
func (ix *kbIndex) indexNames() {
	ix.names = buildNames(ix.nameSources(), ix.roots)
	ix.namedRoots = ix.roots
}

// nameSources are what the name index is built from.
func (ix *kbIndex) nameSources() []nameSource {
	sources := make([]nameSource, len(ix.files))
	for i, f := range ix.files {
		sources[i] = nameSource{path: f.Path, live: i >= len(ix.gone) || !ix.gone[i], titles: ix.titles[uint32(i)]}
	}
	return sources
}

// fileNumber numbers a file the index has not seen, or updates what it
// knows of one it has (a moved file keeps its id and changes its path).
func (ix *kbIndex) fileNumber(f store.IndexedFile) uint32 {
	if n, ok := ix.fileNum[f.ID]; ok {
		ix.files[n] = f
		return n
	}
	n := uint32(len(ix.files))
	ix.fileNum[f.ID] = n
	ix.files = append(ix.files, f)
	if ix.gone != nil {
		ix.gone = append(ix.gone, false)
	}
	return n
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
// one is returned too, marked as catching up, while it is brought up to
// date in the background, so typing in the search box never waits. Only
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
	if en.current == nil {
		loaded, problem := e.loadSnapshot(kb.ID, model)
		if problem != nil {
			notices = append(notices, *problem)
		}
		if loaded == nil {
			if loaded, err = e.build(ctx, kb, model); err != nil {
				return nil, false, notices, err
			}
			en.unsaved = true
			e.builds.Go(func() { e.saveSnapshot(kb.ID, en) })
		} else {
			en.savedAt = time.Now()
		}
		en.current = loaded
	}
	cur := en.current
	cur.mu.RLock()
	fresh := cur.rev == rev && cur.model == model
	cur.mu.RUnlock()
	if fresh {
		return cur, false, notices, nil
	}
	if !en.building {
		en.building = true
		e.builds.Go(func() { e.catchUp(kb, model, en) })
	}
	return cur, true, notices, nil
}

// catchUp brings a stale index up to date in the background: in place
// when only chunks changed, by a rebuild when the vector model changed or
// removed chunks have piled up in the keyword index.
func (e *Engine) catchUp(kb core.KnowledgeBase, model string, en *entry) {
	kbID := kb.ID
	en.mu.Lock()
	cur := en.current
	en.mu.Unlock()
	ctx := context.Background()
	var err error
	if cur.model != model || cur.keyword.Removed() > cur.keyword.Len()/4+100 {
		var built *kbIndex
		if built, err = e.build(ctx, kb, model); err == nil {
			en.mu.Lock()
			en.current = built
			en.mu.Unlock()
		}
	} else {
		err = e.update(ctx, kb, cur)
	}
	en.mu.Lock()
	en.building = false
	if err == nil {
		en.unsaved = true
	}
	save := err == nil && time.Since(en.savedAt) > snapshotInterval
	en.mu.Unlock()
	if err != nil {
		log.Printf("search index of knowledge base %d: %v", kbID, err)
	}
	if save {
		e.saveSnapshot(kbID, en)
	}
}

// snapshotInterval spaces snapshot writes while a knowledge base keeps
// changing; Close writes the last one.
const snapshotInterval = 30 * time.Second

// update applies what changed in the store since ix was built: chunks
// removed and added (a changed file's chunks are both), files moved, and
// vectors computed since.
func (e *Engine) update(ctx context.Context, kb core.KnowledgeBase, ix *kbIndex) error {
	kbID := kb.ID
	rev, err := e.st.Revisions(ctx, kbID)
	if err != nil {
		return err
	}
	var files []store.IndexedFile
	if err := e.st.EachIndexedFile(ctx, kbID, func(f store.IndexedFile) error {
		files = append(files, f)
		return nil
	}); err != nil {
		return err
	}
	refs, err := e.st.ChunkRefs(ctx, kbID)
	if err != nil {
		return err
	}
	inStore := make(map[int64]bool, len(refs))
	var added []int64
	ix.mu.RLock()
	for _, r := range refs {
		inStore[r.ID] = true
		if !ix.keyword.Has(r.ID) {
			added = append(added, r.ID)
		}
	}
	// A moved file's chunks are indexed again: its name is part of their
	// heading field.
	moved := map[uint32]bool{}
	for _, f := range files {
		if n, ok := ix.fileNum[f.ID]; ok && ix.files[n].Path != f.Path {
			moved[n] = true
		}
	}
	var removed []int64
	for id, n := range ix.fileOf {
		if !inStore[id] {
			removed = append(removed, id)
		} else if moved[n] {
			added = append(added, id)
		}
	}
	ix.mu.RUnlock()
	var texts []store.IndexedChunk
	if err := e.st.ChunkTexts(ctx, added, func(c store.IndexedChunk) error {
		texts = append(texts, c)
		return nil
	}); err != nil {
		return err
	}
	vectors := map[int64][]float32{}
	if ix.model != "" {
		withVectors, err := e.st.VectorChunkIDs(ctx, kbID, ix.model)
		if err != nil {
			return err
		}
		var missing []int64
		ix.mu.RLock()
		for _, id := range withVectors {
			if ix.vectors == nil || !ix.vectors.Has(id) {
				missing = append(missing, id)
			}
		}
		ix.mu.RUnlock()
		if err := e.st.VectorsOf(ctx, ix.model, missing, func(id int64, v []float32) error {
			vectors[id] = v
			return nil
		}); err != nil {
			return err
		}
	}

	// A file's titles start afresh with its first chunk.
	slices.SortFunc(texts, func(a, b store.IndexedChunk) int {
		return cmp.Or(cmp.Compare(a.FileID, b.FileID), cmp.Compare(a.Ordinal, b.Ordinal))
	})

	ix.mu.Lock()
	defer ix.mu.Unlock()
	// The name index is rebuilt when a name, a title or the files
	// changed, not for every edit.
	names := ix.nameSources()
	ix.gone = make([]bool, len(ix.files))
	for i := range ix.gone {
		ix.gone[i] = true
	}
	for _, f := range files {
		ix.gone[ix.fileNumber(f)] = false
	}
	ix.roots = kb.Sources
	defer func() {
		if !slices.EqualFunc(names, ix.nameSources(), nameSource.equal) || !slices.Equal(ix.namedRoots, ix.roots) {
			ix.indexNames()
		}
	}()
	for _, id := range removed {
		ix.keyword.Remove(id)
		delete(ix.fileOf, id)
	}
	if ix.vectors != nil {
		if err := ix.vectors.Remove(removed...); err != nil {
			return err
		}
	}
	for _, c := range texts {
		n, ok := ix.fileNum[c.FileID]
		if !ok { // a file committed after the file list was read
			continue
		}
		ix.keyword.AddWithHeading(c.ID, n, c.Text, headingField(ix.files[n].Path, c.Headings))
		ix.fileOf[c.ID] = n
		ix.noteHeadings(n, c.Ordinal, c.Headings)
	}
	for id, v := range vectors {
		if _, ok := ix.fileOf[id]; !ok {
			continue
		}
		if ix.vectors == nil {
			ix.vectors = vector.New(ix.model)
		}
		if err := ix.vectors.Add(id, v); errors.Is(err, vector.ErrDimension) {
			ix.rev = store.Revisions{} // vectors of two sizes under one name: rebuild next time
			return nil
		} else if err != nil {
			return err
		}
	}
	ix.rev = rev
	return nil
}

// build reads a knowledge base's chunks and vectors from the store. The
// revisions are read first: a change made while building leaves the index
// older than the store, so the next search brings it up to date.
func (e *Engine) build(ctx context.Context, kb core.KnowledgeBase, model string) (*kbIndex, error) {
	kbID := kb.ID
	rev, err := e.st.Revisions(ctx, kbID)
	if err != nil {
		return nil, err
	}
	ix := &kbIndex{rev: rev, model: model, keyword: keyword.New(), fileNum: map[int64]uint32{}, fileOf: map[int64]uint32{},
		titles: map[uint32][]string{}, roots: kb.Sources}
	defer ix.indexNames()
	err = e.st.EachIndexedFile(ctx, kbID, func(f store.IndexedFile) error {
		ix.fileNumber(f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	err = e.st.EachChunk(ctx, kbID, func(c store.IndexedChunk) error {
		n, ok := ix.fileNum[c.FileID]
		if !ok { // a file committed after the file list was read
			return nil
		}
		ix.keyword.AddWithHeading(c.ID, n, c.Text, headingField(ix.files[n].Path, c.Headings))
		ix.fileOf[c.ID] = n
		ix.noteHeadings(n, c.Ordinal, c.Headings)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	if model == "" {
		return ix, nil
	}
	vx := vector.New(model)
	err = e.st.EachVector(ctx, kbID, model, func(id int64, v []float32) error {
		if _, ok := ix.fileOf[id]; !ok {
			return nil
		}
		return vx.Add(id, v)
	})
	switch {
	case errors.Is(err, vector.ErrDimension):
		// Vectors of one model with two sizes: the model was replaced
		// under the same name. Keyword search goes on; the next sync
		// embeds again.
	case err != nil:
		return nil, fmt.Errorf("build vector index: %w", err)
	case vx.Len() > 0:
		ix.vectors = vx
	}
	return ix, nil
}

// Close writes the snapshots of indexes changed since their last one.
func (e *Engine) Close() {
	e.builds.Wait()
	e.mu.Lock()
	entries := make(map[int64]*entry, len(e.entries))
	for id, en := range e.entries {
		entries[id] = en
	}
	e.mu.Unlock()
	for id, en := range entries {
		en.mu.Lock()
		unsaved := en.unsaved && en.current != nil
		en.mu.Unlock()
		if unsaved {
			e.saveSnapshot(id, en)
		}
	}
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
