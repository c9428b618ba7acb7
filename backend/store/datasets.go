package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// CreateDataset stores a new, empty data set.
func (s *Store) CreateDataset(ctx context.Context, name string) (core.Dataset, error) {
	d := core.Dataset{Name: name, CreatedAt: time.Now().UTC().Format(timeLayout)}
	res, err := s.writer.ExecContext(ctx, `INSERT INTO datasets (name, created_at) VALUES (?, ?)`, d.Name, d.CreatedAt)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return d, core.ErrDatasetName.New(nil, "name", name)
		}
		return d, fmt.Errorf("insert data set: %w", err)
	}
	d.ID, err = res.LastInsertId()
	return d, err
}

// Datasets lists the data sets with their record counts, by name.
func (s *Store) Datasets(ctx context.Context) ([]core.Dataset, error) {
	return queryAll(ctx, s.db, "list data sets", scanDataset, datasetColumns+` ORDER BY d.name`)
}

// datasetColumns select what scanDataset reads of datasets d.
const datasetColumns = `SELECT d.id, d.name, d.created_at,
	(SELECT COUNT(*) FROM dataset_records r WHERE r.dataset_id = d.id) FROM datasets d`

func scanDataset(row scanner) (core.Dataset, error) {
	var d core.Dataset
	err := row.Scan(&d.ID, &d.Name, &d.CreatedAt, &d.Records)
	if errors.Is(err, sql.ErrNoRows) {
		return core.Dataset{}, core.ErrDatasetNotFound.New(nil)
	}
	return d, err
}

// Dataset reads one data set, or says it is gone.
func (s *Store) Dataset(ctx context.Context, id int64) (core.Dataset, error) {
	d, err := scanDataset(s.db.QueryRowContext(ctx, datasetColumns+` WHERE d.id = ?`, id))
	if err != nil && !core.ErrDatasetNotFound.Is(err) {
		return core.Dataset{}, fmt.Errorf("read data set: %w", err)
	}
	return d, err
}

// DeleteDataset removes a data set and its records.
func (s *Store) DeleteDataset(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM datasets WHERE id = ?`, id)
	return s.reclaimAfter(ctx, affectedOne(res, err, core.ErrDatasetNotFound))
}

// AddRecords appends records to a data set in one transaction: all or none.
func (s *Store) AddRecords(ctx context.Context, datasetID int64, records []core.Record) ([]core.Record, error) {
	out := make([]core.Record, len(records))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM datasets WHERE id = ?`, datasetID).Scan(&exists); err != nil || exists == 0 {
			return core.ErrDatasetNotFound.New(err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO dataset_records (dataset_id, body) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, r := range records {
			r.ID = 0
			res, err := stmt.ExecContext(ctx, datasetID, jsonOf(r))
			if err != nil {
				return fmt.Errorf("insert record: %w", err)
			}
			if r.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			out[i] = r
		}
		return nil
	})
	return out, err
}

// Records returns a data set's records, oldest first.
func (s *Store) Records(ctx context.Context, datasetID int64) ([]core.Record, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, body FROM dataset_records WHERE dataset_id = ? ORDER BY id`, datasetID)
	if err != nil {
		return nil, fmt.Errorf("list records: %w", err)
	}
	defer rows.Close()
	out := []core.Record{}
	for rows.Next() {
		var r core.Record
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("read record %d: %w", id, err)
		}
		r.ID = id
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateRecord replaces a record's content (its edits and review state).
func (s *Store) UpdateRecord(ctx context.Context, r core.Record) error {
	id := r.ID
	r.ID = 0
	res, err := s.writer.ExecContext(ctx, `UPDATE dataset_records SET body = ? WHERE id = ?`, jsonOf(r), id)
	return affectedOne(res, err, core.ErrDatasetNotFound)
}

// DeleteRecord removes one record.
func (s *Store) DeleteRecord(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM dataset_records WHERE id = ?`, id)
	return affectedOne(res, err, core.ErrDatasetNotFound)
}
