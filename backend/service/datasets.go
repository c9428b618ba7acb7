package service

import (
	"cmp"
	"context"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/datasets"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/pathguard"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/tasks"
)

// Datasets keeps fine-tuning data sets: built from chats and comparisons,
// imported, reviewed, checked and exported.
type Datasets struct {
	store    *store.Store
	chat     llm.ChatFunc
	emitter  core.Emitter
	defaults *defaultModels
	jobs     tasks.Runner[string]
	paths    *pathguard.Guard
	// exportsDir is where exports go unless the person chose a folder.
	exportsDir string
}

func (d *Datasets) ready() error {
	if d.store == nil {
		return core.ErrNotReady.New(nil)
	}
	return nil
}

// List returns the data sets with their sizes.
func (d *Datasets) List(ctx context.Context) ([]core.Dataset, error) {
	if err := d.ready(); err != nil {
		return nil, err
	}
	return d.store.Datasets(ctx)
}

// Create makes an empty data set.
func (d *Datasets) Create(ctx context.Context, name string) (core.Dataset, error) {
	if err := d.ready(); err != nil {
		return core.Dataset{}, err
	}
	name, err := core.ValidName(name)
	if err != nil {
		return core.Dataset{}, err
	}
	return d.store.CreateDataset(ctx, name)
}

// Delete removes a data set with its records.
func (d *Datasets) Delete(ctx context.Context, id int64) error {
	if err := d.ready(); err != nil {
		return err
	}
	return d.store.DeleteDataset(ctx, id)
}

// Records returns a data set's records.
func (d *Datasets) Records(ctx context.Context, id int64) ([]core.Record, error) {
	if err := d.ready(); err != nil {
		return nil, err
	}
	return d.store.Records(ctx, id)
}

// Add appends records, each checked for what its kind needs.
func (d *Datasets) Add(ctx context.Context, id int64, records []core.Record) ([]core.Record, error) {
	if err := d.ready(); err != nil {
		return nil, err
	}
	for _, r := range records {
		if err := datasets.Validate(r); err != nil {
			return nil, err
		}
	}
	return d.store.AddRecords(ctx, id, records)
}

// Update saves an edited or reviewed record.
func (d *Datasets) Update(ctx context.Context, r core.Record) error {
	if err := d.ready(); err != nil {
		return err
	}
	if err := datasets.Validate(r); err != nil {
		return err
	}
	return d.store.UpdateRecord(ctx, r)
}

// Remove deletes one record.
func (d *Datasets) Remove(ctx context.Context, recordID int64) error {
	if err := d.ready(); err != nil {
		return err
	}
	return d.store.DeleteRecord(ctx, recordID)
}

// Import adds the records of a JSONL file in a format; a file with a bad
// line adds nothing.
func (d *Datasets) Import(ctx context.Context, id int64, path, format string) (int, error) {
	if err := d.ready(); err != nil {
		return 0, err
	}
	path, err := d.paths.CheckRead(ctx, path)
	if err != nil {
		return 0, err
	}
	records, err := datasets.ReadFile(path, datasets.Format(format))
	if err != nil {
		return 0, err
	}
	added, err := d.Add(ctx, id, records)
	return len(added), err
}

// ExportRequest says how to write a data set.
type ExportRequest struct {
	Format datasets.Format `json:"format"`
	// Dir is the folder to write into; empty means the data folder's
	// exports/.
	Dir string `json:"dir"`
	// Validation is the share held out for validation, from 0 (none) to
	// below 1.
	Validation float64 `json:"validation"`
	// AcceptedOnly leaves out records not accepted in review.
	AcceptedOnly bool `json:"acceptedOnly"`
}

// Export writes a data set's records of the kinds the format holds, with
// a train/validation split and dataset_info.json, and returns the files.
func (d *Datasets) Export(ctx context.Context, id int64, req ExportRequest) ([]string, error) {
	if err := d.ready(); err != nil {
		return nil, err
	}
	set, err := d.store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	records, err := d.store.Records(ctx, id)
	if err != nil {
		return nil, err
	}
	chosen := datasets.Writable(records, req.Format, req.AcceptedOnly)
	if len(chosen) == 0 {
		return nil, core.ErrBadRequest.New(nil, "reason", "no record of this data set can be written as "+string(req.Format))
	}
	if req.Validation < 0 || req.Validation >= 1 {
		return nil, core.ErrBadRequest.New(nil, "reason", "the validation share must be at least 0 and below 1")
	}
	dir, err := d.paths.CheckWrite(ctx, cmp.Or(strings.TrimSpace(req.Dir), d.exportsDir))
	if err != nil {
		return nil, err
	}
	return datasets.Export(dir, fileName(set.Name), req.Format, chosen, req.Validation)
}

func fileName(name string) string {
	return strings.NewReplacer(" ", "_", "/", "_", "\\", "_", ":", "_").Replace(core.FileStem(name, "dataset"))
}

// Check reports on a data set's quality.
func (d *Datasets) Check(ctx context.Context, id int64) (datasets.Report, error) {
	records, err := d.Records(ctx, id)
	if err != nil {
		return datasets.Report{}, err
	}
	return datasets.Check(records), nil
}

// FromChat adds a chat to a data set: the conversation as it went (each
// question with the answer chosen), and, for every question answered more
// than once, its answers ranked: thumbs up first, then the chosen, then
// the rest, thumbs down last.
func (d *Datasets) FromChat(ctx context.Context, id, chatID int64) (int, error) {
	if err := d.ready(); err != nil {
		return 0, err
	}
	chat, err := d.store.Chat(ctx, chatID)
	if err != nil {
		return 0, err
	}
	added, err := d.Add(ctx, id, datasets.FromChat(chat))
	return len(added), err
}

// FromPreferences adds the prompt studio's marked comparisons as ranked
// records.
func (d *Datasets) FromPreferences(ctx context.Context, id int64) (int, error) {
	if err := d.ready(); err != nil {
		return 0, err
	}
	prefs, err := d.store.Preferences(ctx)
	if err != nil {
		return 0, err
	}
	added, err := d.Add(ctx, id, datasets.FromPreferences(prefs))
	return len(added), err
}
