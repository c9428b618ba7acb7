package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Assistants lists the saved assistants, by name.
func (s *Store) Assistants(ctx context.Context) ([]core.Assistant, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, body FROM assistants ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list assistants: %w", err)
	}
	defer rows.Close()
	out := []core.Assistant{}
	for rows.Next() {
		var a core.Assistant
		var body string
		if err := rows.Scan(&a.ID, &body); err != nil {
			return nil, err
		}
		id := a.ID
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return nil, fmt.Errorf("read assistant %d: %w", id, err)
		}
		a.ID, a.Builtin = id, false
		out = append(out, a)
	}
	return out, rows.Err()
}

// SaveAssistant stores a new assistant (ID 0) or replaces one.
func (s *Store) SaveAssistant(ctx context.Context, a core.Assistant) (core.Assistant, error) {
	a.Builtin = false
	now := time.Now().UTC().Format(timeLayout)
	if a.ID > 0 {
		res, err := s.writer.ExecContext(ctx, `UPDATE assistants SET body = ?, updated_at = ? WHERE id = ?`, jsonOf(a), now, a.ID)
		return a, affectedOne(res, err, core.ErrAssistantNotFound)
	}
	a.ID = 0
	res, err := s.writer.ExecContext(ctx, `INSERT INTO assistants (body, updated_at) VALUES (?, ?)`, jsonOf(a), now)
	if err != nil {
		return a, fmt.Errorf("insert assistant: %w", err)
	}
	a.ID, err = res.LastInsertId()
	return a, err
}

// DeleteAssistant removes a saved assistant.
func (s *Store) DeleteAssistant(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM assistants WHERE id = ?`, id)
	return affectedOne(res, err, core.ErrAssistantNotFound)
}

// AddPreference stores a preference record.
func (s *Store) AddPreference(ctx context.Context, p core.Preference) (core.Preference, error) {
	p.CreatedAt = time.Now().UTC().Format(timeLayout)
	res, err := s.writer.ExecContext(ctx, `INSERT INTO preferences (body, created_at) VALUES (?, ?)`, jsonOf(p), p.CreatedAt)
	if err != nil {
		return p, fmt.Errorf("insert preference: %w", err)
	}
	p.ID, err = res.LastInsertId()
	return p, err
}

// Preferences lists the preference records, oldest first.
func (s *Store) Preferences(ctx context.Context) ([]core.Preference, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, body FROM preferences ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list preferences: %w", err)
	}
	defer rows.Close()
	out := []core.Preference{}
	for rows.Next() {
		var p core.Preference
		var body string
		if err := rows.Scan(&p.ID, &body); err != nil {
			return nil, err
		}
		id := p.ID
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return nil, fmt.Errorf("read preference %d: %w", id, err)
		}
		p.ID = id
		out = append(out, p)
	}
	return out, rows.Err()
}
