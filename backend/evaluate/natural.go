package evaluate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/library"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
)

// NaturalScore is one retriever's figures on a natural-question set.
// FileAt1 and FileAt5 count questions whose file is the first hit or among
// the first five; PageAt5 those whose file and page are among the first
// five; MRR is by file (1/rank of the first hit from the question's file,
// over the first ten).
type NaturalScore struct {
	Mode      string  `json:"mode"`
	FileAt1   float64 `json:"fileAt1"`
	FileAt5   float64 `json:"fileAt5"`
	PageAt5   float64 `json:"pageAt5"`
	MRR       float64 `json:"mrr10"`
	P50Millis float64 `json:"p50Millis"`
	P95Millis float64 `json:"p95Millis"`
	// Misses are the questions whose page was not among the first five.
	Misses []NaturalMiss `json:"misses"`
}

// NaturalMiss is a question answered too low or not at all, with what
// came first instead.
type NaturalMiss struct {
	ID       string       `json:"id"`
	Question string       `json:"question"`
	Want     NaturalPlace `json:"want"`
	// Rank is where the question's page came, 0 when not in the first ten.
	Rank int            `json:"rank"`
	Top  []NaturalPlace `json:"top"`
}

// NaturalPlace is where a passage is: its file, relative to the set's
// docs/, and its page (0 for formats without pages).
type NaturalPlace struct {
	File string `json:"file"`
	Page int    `json:"page"`
}

// NaturalReport is a whole evaluation on a natural-question set.
type NaturalReport struct {
	Files     int `json:"files"`
	Chunks    int `json:"chunks"`
	Questions int `json:"questions"`
	MaxTokens int `json:"maxTokens"`
	Overlap   int `json:"overlapTokens"`
	// Scores are Zhiku's retrievers: keyword, and vector and hybrid with
	// an embedding model.
	Scores []NaturalScore `json:"scores"`
	// Baseline is bare character-bigram BM25 over the same chunks.
	Baseline      NaturalScore  `json:"baseline"`
	VectorProblem *core.Problem `json:"vectorProblem,omitempty"`
}

// naturalCutoff is the rank the page must reach; the ranking is read to
// naturalDepth for MRR.
const (
	naturalCutoff = 5
	naturalDepth  = 10
)

// RunNatural indexes the set's folder into a new knowledge base of st
// through the library, as a folder a person adds is indexed (every format
// parsed and chunked as for them), and asks every question.
func RunNatural(ctx context.Context, st *store.Store, set *NaturalSet, opts Options) (NaturalReport, error) {
	chunking := core.DefaultChunking
	if opts.MaxTokens > 0 {
		chunking = core.ChunkSettings{MaxTokens: opts.MaxTokens, OverlapTokens: opts.OverlapTokens}
	}
	rep := NaturalReport{Questions: len(set.Questions), MaxTokens: chunking.MaxTokens, Overlap: chunking.OverlapTokens}
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: fmt.Sprintf("natural %d", time.Now().UnixNano()),
		Sources: []string{set.Docs}, Chunking: chunking})
	if err != nil {
		return rep, err
	}
	progress, err := library.Sync(ctx, st, kb, library.Options{})
	if err != nil {
		return rep, fmt.Errorf("index %s: %w", set.Docs, err)
	}
	if len(progress.Failures) > 0 {
		f := progress.Failures[0]
		return rep, fmt.Errorf("index %s: %s: %w", set.Docs, f.Path, f.Problem)
	}
	chunks, err := naturalChunks(ctx, st, kb.ID, set.Docs)
	if err != nil {
		return rep, err
	}
	rep.Chunks = len(chunks)
	files := map[string]bool{}
	for _, c := range chunks {
		files[c.File] = true
	}
	rep.Files = len(files)

	modes := []core.RetrievalMode{core.RetrievalKeyword}
	if opts.EmbedModel != "" && opts.Embed != nil {
		if err := embedAll(ctx, st, kb.ID, opts); err != nil {
			rep.VectorProblem = core.ErrQueryVectorFailed.New(err, "model", opts.EmbedModel, "reason", err.Error())
		} else {
			modes = append(modes, core.RetrievalVector, core.RetrievalHybrid)
		}
	}
	engine := search.New(st, search.Options{Keyword: opts.Keyword, Embed: opts.Embed, DefaultEmbedModel: func() string { return opts.EmbedModel }})
	rs := core.DefaultRetrieval
	rs.Neighbours = 0
	for _, mode := range modes {
		score, err := askNatural(set, string(mode), func(question string) ([]place, error) {
			res, err := engine.Search(ctx, core.SearchQuery{Text: question, KBIDs: []int64{kb.ID}, Limit: naturalDepth, Mode: mode}, rs)
			if err != nil {
				return nil, err
			}
			if res.Mode != mode {
				return nil, fmt.Errorf("asked for %s search, got %s: %v", mode, res.Mode, res.VectorProblem)
			}
			places := make([]place, len(res.Hits))
			for i, h := range res.Hits {
				places[i] = place{File: relativeTo(set.Docs, h.Path), Page: h.Page}
			}
			return places, nil
		})
		if err != nil {
			return rep, err
		}
		rep.Scores = append(rep.Scores, score)
	}
	baseline := newBigramBM25(chunks)
	rep.Baseline, err = askNatural(set, "bigram-bm25", func(question string) ([]place, error) {
		return baseline.search(question, naturalDepth), nil
	})
	return rep, err
}

type place = NaturalPlace

// askNatural asks every question of set through search and scores the
// places it returns.
func askNatural(set *NaturalSet, mode string, search func(question string) ([]place, error)) (NaturalScore, error) {
	score := NaturalScore{Mode: mode, Misses: []NaturalMiss{}}
	var took []float64
	for _, q := range set.Questions {
		began := time.Now()
		places, err := search(q.Question)
		if err != nil {
			return score, fmt.Errorf("question %s: %w", q.ID, err)
		}
		took = append(took, float64(time.Since(began).Microseconds())/1000)
		want := place{File: q.File, Page: q.Page}
		fileRank := slices.IndexFunc(places, func(p place) bool { return p.File == want.File }) + 1
		pageRank := slices.IndexFunc(places, func(p place) bool { return p == want }) + 1
		if fileRank == 1 {
			score.FileAt1++
		}
		if fileRank > 0 && fileRank <= naturalCutoff {
			score.FileAt5++
		}
		if fileRank > 0 {
			score.MRR += 1 / float64(fileRank)
		}
		if pageRank > 0 && pageRank <= naturalCutoff {
			score.PageAt5++
			continue
		}
		miss := NaturalMiss{ID: q.ID, Question: q.Question, Want: want, Rank: pageRank, Top: places[:min(3, len(places))]}
		score.Misses = append(score.Misses, miss)
	}
	if n := float64(len(set.Questions)); n > 0 {
		score.FileAt1 /= n
		score.FileAt5 /= n
		score.PageAt5 /= n
		score.MRR /= n
	}
	slices.Sort(took)
	if len(took) > 0 {
		score.P50Millis = took[len(took)/2]
		score.P95Millis = took[len(took)*95/100]
	}
	return score, nil
}

// naturalChunk is a stored chunk with its place.
type naturalChunk struct {
	place
	text string
}

// naturalChunks reads back every chunk the library stored for the set.
func naturalChunks(ctx context.Context, st *store.Store, kbID int64, docs string) ([]naturalChunk, error) {
	files, err := st.Files(ctx, kbID)
	if err != nil {
		return nil, err
	}
	var out []naturalChunk
	for _, f := range files {
		records, err := st.Chunks(ctx, kbID, f.Path)
		if err != nil {
			return nil, err
		}
		for _, r := range records {
			out = append(out, naturalChunk{place: place{File: relativeTo(docs, f.Path), Page: r.Page}, text: r.Text})
		}
	}
	return out, nil
}

// relativeTo is path relative to dir with forward slashes, as questions
// name files.
func relativeTo(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}

// RunNaturalDir evaluates the natural-question set in dir, in a store of
// its own removed afterwards, so no data folder is touched.
func RunNaturalDir(ctx context.Context, dir string, opts Options) (NaturalReport, error) {
	set, err := LoadNatural(dir)
	if err != nil {
		return NaturalReport{}, err
	}
	if len(set.Questions) == 0 {
		return NaturalReport{}, errors.New("the set has no questions")
	}
	work, err := os.MkdirTemp("", "zhiku-eval-*")
	if err != nil {
		return NaturalReport{}, fmt.Errorf("make a folder for the evaluation's store: %w", err)
	}
	defer os.RemoveAll(work)
	st, err := store.Open(ctx, work, store.NewHolder("eval", ""))
	if err != nil {
		return NaturalReport{}, err
	}
	defer st.Close()
	return RunNatural(ctx, st, set, opts)
}
