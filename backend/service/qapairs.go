package service

import (
	"cmp"
	"context"
	"fmt"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/datasets"
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
	if _, err := d.store.Dataset(ctx, req.DatasetID); err != nil {
		return err
	}
	chunks, err := datasets.SampleChunks(ctx, d.store, req.KBID, cmp.Or(req.Chunks, 50))
	if err != nil {
		return err
	}
	run := datasets.QARun{DatasetID: req.DatasetID, Model: req.Model, Chunks: chunks}
	d.jobs.Start(fmt.Sprint(req.DatasetID), func(ctx context.Context) {
		datasets.WriteQAPairs(ctx, d.store, d.chat, run, func(p core.GenerateProgress) {
			d.emitter.Emit(core.EventDatasetProgress, p)
		})
	})
	return nil
}

// CancelGenerate stops generation into a data set; pairs added so far stay.
func (d *Datasets) CancelGenerate(ctx context.Context, datasetID int64) error {
	d.jobs.Cancel(fmt.Sprint(datasetID))
	return nil
}
