package search

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/analyze"
	"github.com/zhiku-app/zhiku/backend/search/keyword"
	"github.com/zhiku-app/zhiku/backend/search/vector"
	"github.com/zhiku-app/zhiku/backend/store"
)

const (
	// MaxLimit caps a query's results.
	MaxLimit = 100
	// maxQueryRunes caps what is analysed and embedded of a query: a
	// pasted page searches by its beginning rather than stalling.
	maxQueryRunes = 2000
	// maxRanked is how many chunks each retriever ranks per knowledge
	// base, whatever the page asked for: every page of a query is cut from
	// the same ranking, so pages neither repeat nor skip a result. It is
	// how far the list of results goes.
	maxRanked = 500
	// candidateFactor is how many candidates are read per result wanted,
	// so folding duplicates and diversity have room to work.
	candidateFactor = 3
	// diversityPool is how many of the first candidates diversity
	// re-ranks: a fixed number, so every page sees the same order.
	diversityPool = 30
)

// candidate is a chunk found by one retriever or both.
type candidate struct {
	kb          core.KnowledgeBase
	ix          *kbIndex
	chunkID     int64
	score       float64 // fused
	keywordRank int
	vectorRank  int
	similarity  float64
	detail      store.ChunkDetail
	duplicates  int
	rerankScore *float64 // nil unless a reranker judged it
}

// Search runs one query over the chosen knowledge bases: its text and
// each of its variants through both retrievers, every ranking fused by
// reciprocal rank.
func (e *Engine) Search(ctx context.Context, q core.SearchQuery, rs core.RetrievalSettings) (core.SearchResult, error) {
	began := time.Now()
	res := core.SearchResult{Hits: []core.SearchHit{}, Mode: rs.Mode}
	if q.Mode != "" {
		res.Mode = q.Mode
	}
	texts := queryTexts(q)
	kbs, err := e.chosenKBs(ctx, q.KBIDs)
	if err != nil || len(texts) == 0 {
		return res, err
	}
	if q.Rerank != nil {
		for i := range kbs {
			kbs[i].Rerank = *q.Rerank
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = core.DefaultSearchLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(q.Offset, 0)
	cut := false // a retriever had more than maxRanked chunks to give

	var candidates []*candidate
	byChunk := map[int64]*candidate{}
	add := func(kb core.KnowledgeBase, ix *kbIndex, id int64, weight float64, rank int, fromVector bool, sim float64) {
		c := byChunk[id]
		if c == nil {
			c = &candidate{kb: kb, ix: ix, chunkID: id}
			byChunk[id] = c
			candidates = append(candidates, c)
		}
		c.score += weight / float64(rs.RRFK+rank)
		// A chunk several wordings find shows its best rank.
		if fromVector && (c.vectorRank == 0 || rank < c.vectorRank) {
			c.vectorRank, c.similarity = rank, sim
		} else if !fromVector && (c.keywordRank == 0 || rank < c.keywordRank) {
			c.keywordRank = rank
		}
	}
	// A ranking of the named files' passages only adds to their scores:
	// the ranks shown are those among all passages.
	boost := func(kb core.KnowledgeBase, ix *kbIndex, id int64, weight float64, rank int) {
		c := byChunk[id]
		if c == nil {
			c = &candidate{kb: kb, ix: ix, chunkID: id}
			byChunk[id] = c
			candidates = append(candidates, c)
		}
		c.score += weight / float64(rs.RRFK+rank)
	}
	useKeyword := res.Mode != core.RetrievalVector
	useVector := res.Mode != core.RetrievalKeyword
	queryVectors := map[string][]float32{}
	vectorsUsed, anyChunks := false, false
	for _, kb := range kbs {
		ix, catchingUp, notices, err := e.indexFor(ctx, kb)
		if err != nil {
			return res, err
		}
		res.CatchingUp = res.CatchingUp || catchingUp
		res.Notices = append(res.Notices, notices...)
		ix.mu.RLock()
		empty := ix.keyword.Len() == 0
		model, dim := "", 0
		if ix.vectors != nil {
			model, dim = ix.vectors.Model(), ix.vectors.Dim()
		}
		ix.mu.RUnlock()
		if empty {
			continue
		}
		anyChunks = true
		for i, text := range texts {
			var qv []float32
			if useVector {
				// Embedding the query calls Ollama: not while holding the index.
				var problem *core.Problem
				if qv, problem = e.queryVector(ctx, model, dim, text, queryVectors); problem != nil {
					res.VectorProblem = problem
				}
			}
			got, err := ix.retrieve(ctx, q, analyze.QueryText(text), qv, e.opts.Keyword, useKeyword)
			if err != nil {
				res.VectorProblem = core.ErrQueryVectorFailed.New(err, "model", model, "reason", err.Error())
			}
			if i == 0 { // the count is of the query's own words
				res.KeywordMatches += got.matched
			}
			cut = cut || got.matched > len(got.keyword) || len(got.vector) > maxRanked
			got.vector = got.vector[:min(len(got.vector), maxRanked)]
			for i, h := range got.keyword {
				add(kb, ix, h.ChunkID, rs.KeywordWeight, i+1, false, 0)
			}
			vectorsUsed = vectorsUsed || got.searched
			for i, h := range got.vector {
				add(kb, ix, h.ChunkID, rs.VectorWeight, i+1, true, h.Similarity)
			}
			// The passages of a file the query names rank among
			// themselves too, and that ranking is fused in: a strong
			// boost, yet other files still follow.
			for i, h := range got.focusedKeyword {
				boost(kb, ix, h.ChunkID, rs.KeywordWeight, i+1)
			}
			for i, h := range got.focusedVector {
				boost(kb, ix, h.ChunkID, rs.VectorWeight, i+1)
			}
			res.NamedFiles = appendNamed(res.NamedFiles, kb.ID, got.named)
		}
	}
	if useVector && !vectorsUsed && anyChunks {
		if res.VectorProblem == nil {
			res.VectorProblem = core.ErrNoVectors.New(nil)
		}
		if !useKeyword {
			// A vector-only search without vectors answers with keywords
			// rather than with nothing, and says so.
			q.Mode = core.RetrievalKeyword
			fallback, err := e.Search(ctx, q, rs)
			fallback.VectorProblem = res.VectorProblem
			return fallback, err
		}
		res.Mode = core.RetrievalKeyword
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		if candidates[i].score != candidates[j].score {
			return candidates[i].score > candidates[j].score
		}
		return candidates[i].chunkID < candidates[j].chunkID
	})
	// Keyword matches are counted to the last; vectors rank every chunk,
	// and variants find more, so with either the count is of the passages
	// ranked, and a lower bound when a retriever had more to give.
	res.Total, res.TotalExact = res.KeywordMatches, true
	if vectorsUsed || len(texts) > 1 {
		res.Total, res.TotalExact = max(len(candidates), res.KeywordMatches), !cut
	}
	// The reranker judges against the last wording: a follow-up's
	// standalone rewrite when there is one, which names what it asks.
	ranked, more, err := e.rankAndRerank(ctx, &res, kbs, texts[len(texts)-1], candidates, offset, offset+limit, rs)
	if err != nil {
		return res, err
	}
	res.More = more
	highlight := map[string]bool{}
	for _, text := range texts {
		maps.Copy(highlight, queryHighlights(analyze.QueryText(text)))
	}
	for _, c := range ranked[min(offset, len(ranked)):min(offset+limit, len(ranked))] {
		hit := c.hit(highlight)
		if rs.Neighbours > 0 {
			hit.Context = e.context(ctx, c.detail, rs.Neighbours)
		} else {
			hit.Context = hit.Text
		}
		res.Hits = append(res.Hits, hit)
	}
	res.Millis = float64(time.Since(began).Microseconds()) / 1000
	return res, nil
}

// queryTexts is what a query searches for: its text and then its
// variants, each trimmed and cut to maxQueryRunes, without empty or
// repeated ones. Nothing when the text itself is empty.
func queryTexts(q core.SearchQuery) []string {
	var texts []string
	for i, text := range append([]string{q.Text}, q.Variants...) {
		text = strings.TrimSpace(text)
		if utf8.RuneCountInString(text) > maxQueryRunes {
			text = string([]rune(text)[:maxQueryRunes])
		}
		if text == "" && i == 0 {
			return nil
		}
		if text != "" && !slices.Contains(texts, text) {
			texts = append(texts, text)
		}
	}
	return texts
}

// chosenKBs resolves the query's knowledge bases; none named means all.
func (e *Engine) chosenKBs(ctx context.Context, ids []int64) ([]core.KnowledgeBase, error) {
	all, err := e.st.KBs(ctx)
	if err != nil || len(ids) == 0 {
		return all, err
	}
	var out []core.KnowledgeBase
	for _, id := range ids {
		i := slices.IndexFunc(all, func(kb core.KnowledgeBase) bool { return kb.ID == id })
		if i < 0 {
			return nil, core.ErrKBNotFound.New(nil)
		}
		out = append(out, all[i])
	}
	return out, nil
}

// retrieved is what the retrievers found in one knowledge base for one
// wording of a query.
type retrieved struct {
	// keyword holds up to maxRanked hits, of matched in all.
	keyword []keyword.Hit
	matched int
	// vector holds up to one hit more than maxRanked, which says there
	// were more; searched says the vector search ran and answered.
	vector   []vector.Hit
	searched bool
	// named are the files the query names, and focusedKeyword and
	// focusedVector rank their passages among themselves.
	named          []namedFile
	focusedKeyword []keyword.Hit
	focusedVector  []vector.Hit
}

// namedFile is a file a query names, and by which of its names.
type namedFile struct {
	file store.IndexedFile
	unit *nameUnit
}

// retrieve runs the keyword and vector retrievers over one knowledge
// base's index, holding it for reading. Words that only name a document
// are left out of the keyword query over the other files' passages, which
// cite it more than they explain it; the named files' passages are
// searched with the whole query, where the words naming the document
// still tell its parts apart, and ranked once more on their own.
func (ix *kbIndex) retrieve(ctx context.Context, q core.SearchQuery, keywordText string, qv []float32,
	p keyword.Params, useKeyword bool) (got retrieved, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	keep := ix.filter(q)
	names := ix.names.match(keywordText)
	body := withoutNames(keywordText, names.spans)
	focus := ix.focus(names, keep)
	switch {
	case useKeyword && focus == nil:
		got.keyword, got.matched = ix.keyword.SearchCounted(keywordText, maxRanked, p, keep)
	case useKeyword:
		named, inNamed := ix.keyword.SearchCounted(keywordText, maxRanked, p, focus)
		others, inOthers := ix.keyword.SearchCounted(body, maxRanked, p, func(id int64) bool {
			return !focus(id) && (keep == nil || keep(id))
		})
		got.keyword, got.matched = keyword.Merge(named, others, maxRanked), inNamed+inOthers
		got.focusedKeyword = named
	}
	if focus != nil {
		got.named = ix.namedFiles(names)
	}
	if qv == nil || ix.vectors == nil {
		return got, nil
	}
	if got.vector, err = ix.vectors.Search(ctx, qv, maxRanked+1, keep); err != nil {
		return got, err
	}
	got.searched = true
	if focus != nil {
		for _, h := range got.vector {
			if focus(h.ChunkID) {
				got.focusedVector = append(got.focusedVector, h)
			}
		}
	}
	return got, nil
}

// queryVector embeds a query text with the index's model (of dim values),
// once per model and text.
func (e *Engine) queryVector(ctx context.Context, model string, dim int, text string, cache map[string][]float32) ([]float32, *core.Problem) {
	if model == "" {
		return nil, core.ErrNoVectors.New(nil)
	}
	key := model + "\x00" + text
	if v, ok := cache[key]; ok {
		return v, nil
	}
	if e.opts.Embed == nil {
		return nil, core.ErrNoVectors.New(nil)
	}
	vs, err := e.opts.Embed(ctx, model, []string{text})
	if err == nil && (len(vs) != 1 || len(vs[0]) != dim) {
		err = vector.ErrDimension
	}
	if err != nil {
		reason := err.Error()
		if p := core.AsProblem(err); p != nil {
			reason = p.In(core.LocaleEnglish)
		}
		return nil, core.ErrQueryVectorFailed.New(err, "model", model, "reason", reason)
	}
	cache[key] = vs[0]
	return vs[0], nil
}

// filter turns the query's folder, type and path conditions into a test of
// chunk ids; nil when there are none.
func (ix *kbIndex) filter(q core.SearchQuery) func(int64) bool {
	folder := core.ExpandUserPath(strings.TrimSpace(q.Folder)) // ~/notes, as a shell reads it
	path := foldCase(strings.TrimSpace(q.Path))
	var types []string
	for _, t := range q.Types {
		if t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), ".")); t != "" {
			types = append(types, t)
		}
	}
	if folder == "" && path == "" && len(types) == 0 {
		return nil
	}
	if folder != "" {
		folder = filepath.Clean(folder) + string(filepath.Separator)
	}
	// A person types a folder or a name as it reads, which for a file
	// named in GBK is not its bytes (core.DisplayPath); either matches.
	inFolder := func(p string) bool { return folder == "" || strings.HasPrefix(p, folder) }
	named := func(p string) bool { return path == "" || strings.Contains(foldCase(p), path) }
	allowed := make([]bool, len(ix.files))
	for i, f := range ix.files {
		shown := core.DisplayPath(f.Path)
		ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(f.Path)), ".")
		allowed[i] = (inFolder(f.Path) || inFolder(shown)) && (named(f.Path) || named(shown)) &&
			(len(types) == 0 || slices.Contains(types, ext) || slices.Contains(types, strings.ToLower(f.Format)))
	}
	return func(id int64) bool {
		n, ok := ix.fileOf[id]
		return ok && allowed[n]
	}
}

// foldCase lower-cases text for a match regardless of case. Bytes that are
// not UTF-8 are left as they are, so that they match only themselves:
// lower-casing would make every one of them U+FFFD.
func foldCase(s string) string {
	if !utf8.ValidString(s) {
		return s
	}
	return strings.ToLower(s)
}

// fillDetails reads the candidates' chunks from the store, dropping any
// deleted since the index was built.
func (e *Engine) fillDetails(ctx context.Context, candidates *[]*candidate) error {
	ids := make([]int64, len(*candidates))
	for i, c := range *candidates {
		ids[i] = c.chunkID
	}
	details, err := e.st.ChunkDetails(ctx, ids)
	if err != nil {
		return err
	}
	kept := (*candidates)[:0]
	for _, c := range *candidates {
		if d, ok := details[c.chunkID]; ok {
			c.detail = d
			kept = append(kept, c)
		}
	}
	*candidates = kept
	return nil
}

func (c *candidate) hit(highlight map[string]bool) core.SearchHit {
	d := c.detail
	headings := d.Headings
	if headings == nil {
		headings = []string{}
	}
	return core.SearchHit{
		ChunkID: d.ID, KBID: c.kb.ID, KBName: c.kb.Name, Path: d.Path, Format: d.Format, Page: d.Page,
		Headings: headings, Ordinal: d.Ordinal, Text: d.Text, Start: d.Start, End: d.End,
		Snippet: Snippet(d.Text, highlight, snippetColumns), Score: c.score,
		KeywordRank: c.keywordRank, VectorRank: c.vectorRank, Similarity: c.similarity, Duplicates: c.duplicates,
		RerankScore: c.rerankScore,
	}
}

// context joins a hit with its neighbours, without repeating the text
// consecutive chunks share.
func (e *Engine) context(ctx context.Context, d store.ChunkDetail, n int) string {
	around, err := e.st.ChunksAround(ctx, d.FileID, d.Ordinal-n, d.Ordinal+n)
	if err != nil || len(around) == 0 {
		return d.Text
	}
	var b strings.Builder
	end := -1
	for _, c := range around {
		runes := []rune(c.Text)
		from := 0
		if end > c.Start {
			from = min(end-c.Start, len(runes))
		}
		if b.Len() > 0 && from == 0 {
			b.WriteString("\n")
		}
		b.WriteString(string(runes[from:]))
		end = max(end, c.End)
	}
	return b.String()
}
