package service

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/datasets"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/prompts"
	"github.com/zhiku-app/zhiku/backend/store"
)

// GenerateRequest asks for question–answer pairs written from a knowledge
// base's chunks by a local model.
type GenerateRequest struct {
	DatasetID int64  `json:"datasetId"`
	KBID      int64  `json:"kbId"`
	Model     string `json:"model"`
	// Chunks is how many chunks to write about, spread evenly over the
	// knowledge base; 0 means 50.
	Chunks int `json:"chunks"`
}

// qaWriter is the built-in Q&A-pair writer's index in prompts.Builtins.
const qaWriter = 6

// Generate starts writing question–answer pairs from a knowledge base into
// a data set with the built-in Q&A-pair writer, and returns at once;
// EventDatasetProgress tells how far it is. Each answer is checked against
// its chunk, and one that fails is kept, flagged, for review.
func (d *Datasets) Generate(ctx context.Context, req GenerateRequest) error {
	if err := d.ready(); err != nil {
		return err
	}
	model, err := d.defaults.chat(ctx, req.Model)
	if err != nil {
		return err
	}
	req.Model = model
	if _, err := d.store.KB(ctx, req.KBID); err != nil {
		return err
	}
	sets, err := d.store.Datasets(ctx)
	if err != nil {
		return err
	}
	if !containsSet(sets, req.DatasetID) {
		return core.ErrDatasetNotFound.New(nil)
	}
	chunks, err := sampleChunks(ctx, d.store, req.KBID, cmp.Or(req.Chunks, 50))
	if err != nil {
		return err
	}
	key := fmt.Sprint(req.DatasetID)
	d.jobs.Start(key, func(ctx context.Context) { d.generate(ctx, req, chunks) })
	return nil
}

// CancelGenerate stops generation into a data set; pairs added so far stay.
func (d *Datasets) CancelGenerate(ctx context.Context, datasetID int64) error {
	d.jobs.Cancel(fmt.Sprint(datasetID))
	return nil
}

func containsSet(sets []core.Dataset, id int64) bool {
	for _, s := range sets {
		if s.ID == id {
			return true
		}
	}
	return false
}

// sampleChunks takes n chunks spread evenly over a knowledge base.
func sampleChunks(ctx context.Context, st *store.Store, kbID int64, n int) ([]store.IndexedChunk, error) {
	var all []store.IndexedChunk
	err := st.EachChunk(ctx, kbID, func(c store.IndexedChunk) error {
		if strings.TrimSpace(c.Text) != "" {
			all = append(all, c)
		}
		return nil
	})
	if err != nil || len(all) <= n {
		return all, err
	}
	out := make([]store.IndexedChunk, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out, nil
}

func (d *Datasets) generate(ctx context.Context, req GenerateRequest, chunks []store.IndexedChunk) {
	p := core.GenerateProgress{DatasetID: req.DatasetID, Total: len(chunks)}
	temperature := float32(0.3)
	for _, c := range chunks {
		if ctx.Err() != nil {
			break
		}
		lang := core.LocaleEnglish
		if datasets.MainLanguage(c.Text) == "zh" {
			lang = core.LocaleChinese
		}
		writer := prompts.Builtins(string(lang))[qaWriter]
		var reply strings.Builder
		err := d.client().Chat(ctx, llm.ChatRequest{Model: req.Model,
			Messages: []core.ChatMessage{{Role: core.RoleSystem, Content: prompts.Render(writer)}, {Role: core.RoleUser, Content: prompts.Delimit(c.Text, writer.Delimiter)}},
			Options:  llm.Options{Temperature: &temperature, NumPredict: 512, NumCtx: core.DefaultNumCtx / 2}},
			func(ch llm.Chunk) error {
				reply.WriteString(ch.Content)
				return nil
			})
		if err != nil {
			if ctx.Err() == nil {
				p.Problem = core.AsProblem(err)
			}
			break
		}
		p.Done++
		pairs, ok := datasets.ParsePairs(reply.String())
		if !ok || len(pairs) == 0 {
			p.Unparsed++
		} else {
			records := datasets.QARecords(pairs, c.Text, fmt.Sprintf("chunk:%d", c.ID))
			if _, err := d.store.AddRecords(context.Background(), req.DatasetID, records); err != nil {
				p.Problem = core.AsProblem(err)
				break
			}
			for _, r := range records {
				p.Added++
				if !*r.Grounded {
					p.Ungrounded++
				}
			}
		}
		d.emitter.Emit(core.EventDatasetProgress, p)
	}
	p.Finished, p.Cancelled = true, ctx.Err() != nil
	d.emitter.Emit(core.EventDatasetProgress, p)
}
