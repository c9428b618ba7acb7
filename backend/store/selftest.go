package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// AddSelfTestRun keeps a finished check-up in its knowledge base's
// history and returns it with its id and time.
func (s *Store) AddSelfTestRun(ctx context.Context, run core.SelfTestRun) (core.SelfTestRun, error) {
	run.ID, run.Stale = 0, false
	if run.CreatedAt == "" {
		run.CreatedAt = time.Now().UTC().Format(timeLayout)
	}
	res, err := s.writer.ExecContext(ctx, `INSERT INTO selftest_runs (kb_id, body, created_at) VALUES (?, ?, ?)`,
		run.KBID, jsonOf(run), run.CreatedAt)
	if err != nil {
		return run, fmt.Errorf("save check-up: %w", err)
	}
	run.ID, err = res.LastInsertId()
	return run, err
}

// SelfTestRuns lists a knowledge base's check-ups, newest first.
func (s *Store) SelfTestRuns(ctx context.Context, kbID int64) ([]core.SelfTestRun, error) {
	return queryAll(ctx, s.db, "list check-ups", scanSelfTestRun,
		`SELECT id, body FROM selftest_runs WHERE kb_id = ? ORDER BY id DESC`, kbID)
}

// SelfTestRun reads one check-up, or says it is gone.
func (s *Store) SelfTestRun(ctx context.Context, id int64) (core.SelfTestRun, error) {
	run, err := scanSelfTestRun(s.db.QueryRowContext(ctx, `SELECT id, body FROM selftest_runs WHERE id = ?`, id))
	if err != nil && !core.ErrSelfTestRunNotFound.Is(err) {
		return run, fmt.Errorf("read check-up %d: %w", id, err)
	}
	return run, err
}

func scanSelfTestRun(row scanner) (core.SelfTestRun, error) {
	var run core.SelfTestRun
	var id int64
	var body string
	if err := row.Scan(&id, &body); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return run, core.ErrSelfTestRunNotFound.New(nil)
		}
		return run, err
	}
	if err := json.Unmarshal([]byte(body), &run); err != nil {
		return run, fmt.Errorf("read check-up %d: %w", id, err)
	}
	run.ID = id
	return run, nil
}
