// Package evaluate measures retrieval on a SQuAD-style question set (such
// as CMRC 2018): every paragraph becomes a document, cut into chunks no
// longer than a cap, and every question is searched for. A question is
// answered at rank k when the k-th result contains one of its gold answers.
// Capping the chunk length keeps the figures comparable with published
// ones; bigger chunks would win recall by holding more text.
//
// It also measures retrieval on a natural-question set (RunNatural): a
// folder of documents indexed as a person's folder is, with questions
// asked as people ask them, scored by the file and page that answer.
package evaluate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/search/keyword"
	"github.com/zhiku-app/zhiku/backend/squad"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Options choose what to measure.
type Options struct {
	// MaxTokens and MaxChars cap every chunk's size (MaxChars 0: no cap
	// in characters); OverlapTokens is the overlap.
	MaxTokens     int
	MaxChars      int
	OverlapTokens int
	// EmbedModel, when set, adds vector and hybrid retrieval, with Embed
	// computing the vectors.
	EmbedModel string
	Embed      core.EmbedFunc
	// Progress, when set, is told how far embedding has got.
	Progress func(done, total int)
	// Keyword tunes BM25 (for tuning runs); zero means the defaults.
	Keyword keyword.Params
}

// Ks are the cut-offs recall is reported at.
var Ks = []int{1, 3, 5, 10}

// Score is one retrieval mode's figures.
type Score struct {
	Mode      core.RetrievalMode `json:"mode"`
	Recall    map[int]float64    `json:"recall"` // by k
	MRR       float64            `json:"mrr10"`
	P50Millis float64            `json:"p50Millis"`
	P95Millis float64            `json:"p95Millis"`
}

// Report is a whole evaluation.
type Report struct {
	Paragraphs    int     `json:"paragraphs"`
	Questions     int     `json:"questions"`
	Chunks        int     `json:"chunks"`
	MeanChunkLen  float64 `json:"meanChunkChars"`
	MaxTokens     int     `json:"maxTokens"`
	MaxChars      int     `json:"maxChars"`
	OverlapTokens int     `json:"overlapTokens"`
	Scores        []Score `json:"scores"`
	// VectorProblem says why vector retrieval was left out, if it was.
	VectorProblem *core.Problem `json:"vectorProblem,omitempty"`
}

// Run indexes set into a knowledge base of st and asks its questions.
func Run(ctx context.Context, st *store.Store, set *squad.Set, opts Options) (Report, error) {
	if opts.MaxTokens <= 0 {
		opts.MaxTokens = core.DefaultChunking.MaxTokens
	}
	rep := Report{MaxTokens: opts.MaxTokens, MaxChars: opts.MaxChars, OverlapTokens: opts.OverlapTokens}
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: fmt.Sprintf("eval %d", time.Now().UnixNano()), Chunking: core.DefaultChunking})
	if err != nil {
		return rep, err
	}
	chars := 0
	for ai, a := range set.Data {
		for pi, p := range a.Paragraphs {
			rep.Paragraphs++
			rep.Questions += len(p.QAs)
			chunks := chunk.Split([]chunk.Section{{Text: p.Context, Headings: []string{a.Title}}},
				chunk.Options{MaxTokens: opts.MaxTokens, OverlapTokens: opts.OverlapTokens, MaxChars: opts.MaxChars})
			records := make([]core.ChunkRecord, len(chunks))
			for i, c := range chunks {
				sum := sha256.Sum256([]byte(c.Text))
				records[i] = core.ChunkRecord{Ordinal: i, Text: c.Text, Hash: hex.EncodeToString(sum[:]),
					Headings: c.Headings, Start: c.Start, End: c.End, Tokens: c.Tokens}
				chars += len([]rune(c.Text))
			}
			rep.Chunks += len(chunks)
			path := fmt.Sprintf("/eval/%04d-%s/%d.txt", ai, strings.ReplaceAll(a.Title, "/", "／"), pi)
			if err := st.PutFile(ctx, kb.ID, core.FileRecord{Path: path, Hash: path, Status: core.FileIndexed, Format: "text"}, records); err != nil {
				return rep, err
			}
		}
	}
	if rep.Chunks > 0 {
		rep.MeanChunkLen = float64(chars) / float64(rep.Chunks)
	}
	modes := []core.RetrievalMode{core.RetrievalKeyword}
	if opts.EmbedModel != "" && opts.Embed != nil {
		if err := embedAll(ctx, st, kb.ID, opts); err != nil {
			rep.VectorProblem = core.ErrQueryVectorFailed.New(err, "model", opts.EmbedModel, "reason", err.Error())
		} else {
			modes = append(modes, core.RetrievalVector, core.RetrievalHybrid)
		}
	}
	engine := search.New(st, search.Options{Keyword: opts.Keyword, Embed: opts.Embed, DefaultEmbedModel: func() string { return opts.EmbedModel }})
	for _, mode := range modes {
		score, err := ask(ctx, engine, kb.ID, set, mode)
		if err != nil {
			return rep, err
		}
		rep.Scores = append(rep.Scores, score)
	}
	return rep, nil
}

// embedAll computes every chunk's vector in batches.
func embedAll(ctx context.Context, st *store.Store, kbID int64, opts Options) error {
	_, total, err := st.CountEmbedded(ctx, kbID, opts.EmbedModel)
	if err != nil {
		return err
	}
	done := 0
	for {
		pending, err := st.PendingEmbeddings(ctx, kbID, opts.EmbedModel, 64)
		if err != nil || len(pending) == 0 {
			if err == nil {
				err = st.SetVectorModel(ctx, kbID, opts.EmbedModel)
			}
			return err
		}
		texts := make([]string, len(pending))
		hashes := make([]string, len(pending))
		for i, p := range pending {
			texts[i], hashes[i] = p.Text, p.Hash
		}
		vectors, err := opts.Embed(ctx, opts.EmbedModel, texts)
		if err != nil {
			return err
		}
		if err := st.PutEmbeddings(ctx, opts.EmbedModel, hashes, vectors); err != nil {
			return err
		}
		done += len(pending)
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
}

// ask searches every question in one mode.
func ask(ctx context.Context, engine *search.Engine, kbID int64, set *squad.Set, mode core.RetrievalMode) (Score, error) {
	score := Score{Mode: mode, Recall: map[int]float64{}}
	rs := core.DefaultRetrieval
	rs.Neighbours = 0
	maxK := slices.Max(Ks)
	var took []float64
	n := 0
	for _, a := range set.Data {
		for _, p := range a.Paragraphs {
			for _, qa := range p.QAs {
				began := time.Now()
				res, err := engine.Search(ctx, core.SearchQuery{Text: qa.Question, KBIDs: []int64{kbID}, Limit: maxK, Mode: mode}, rs)
				if err != nil {
					return score, fmt.Errorf("question %s: %w", qa.ID, err)
				}
				took = append(took, float64(time.Since(began).Microseconds())/1000)
				if res.Mode != mode {
					return score, fmt.Errorf("asked for %s search, got %s: %v", mode, res.Mode, res.VectorProblem)
				}
				n++
				rank := answerRank(res.Hits, qa.Answers)
				for _, k := range Ks {
					if rank > 0 && rank <= k {
						score.Recall[k]++
					}
				}
				if rank > 0 {
					score.MRR += 1 / float64(rank)
				}
			}
		}
	}
	if n > 0 {
		for k := range score.Recall {
			score.Recall[k] /= float64(n)
		}
		score.MRR /= float64(n)
	}
	slices.Sort(took)
	if len(took) > 0 {
		score.P50Millis = took[len(took)/2]
		score.P95Millis = took[len(took)*95/100]
	}
	return score, nil
}

// answerRank is the 1-based rank of the first hit holding an answer; 0
// when none does.
func answerRank(hits []core.SearchHit, answers []squad.Answer) int {
	for i, h := range hits {
		for _, a := range answers {
			if a.Text != "" && strings.Contains(h.Text, a.Text) {
				return i + 1
			}
		}
	}
	return 0
}

// RunFile evaluates the SQuAD-style question set in the file at path. Its
// paragraphs are indexed into a store of its own, removed afterwards, so
// no data folder is touched.
func RunFile(ctx context.Context, path string, opts Options) (Report, error) {
	set, err := squad.Load(path)
	if err != nil {
		return Report{}, err
	}
	dir, err := os.MkdirTemp("", "zhiku-eval-*")
	if err != nil {
		return Report{}, fmt.Errorf("make a folder for the evaluation's store: %w", err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, dir, store.NewHolder("eval", ""))
	if err != nil {
		return Report{}, err
	}
	defer st.Close()

	return Run(ctx, st, set, opts)
}
