package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FileRetry is a failed file's next attempt: not before At, unless what
// made it fail has changed since (its permissions, or the free space on
// the data folder's disk).
type FileRetry struct {
	Attempts  int
	At        time.Time
	Mode      uint32
	FreeBytes uint64
}

// FileRetries returns the retries of a knowledge base's failed files, by
// path.
func (s *Store) FileRetries(ctx context.Context, kbID int64) (map[string]FileRetry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.path, r.attempts, r.retry_at_ns, r.mode, r.free_bytes
		FROM file_retries r JOIN files f ON f.id = r.file_id WHERE f.kb_id = ?`, kbID)
	if err != nil {
		return nil, fmt.Errorf("list file retries: %w", err)
	}
	defer rows.Close()
	retries := map[string]FileRetry{}
	for rows.Next() {
		var path string
		var r FileRetry
		var at int64
		if err := rows.Scan(&path, &r.Attempts, &at, &r.Mode, &r.FreeBytes); err != nil {
			return nil, fmt.Errorf("read file retries: %w", err)
		}
		r.At = time.Unix(0, at).UTC()
		retries[path] = r
	}
	return retries, rows.Err()
}

// SetFileRetry records when a failed file is tried next.
func (s *Store) SetFileRetry(ctx context.Context, kbID int64, path string, r FileRetry) error {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO file_retries (file_id, attempts, retry_at_ns, mode, free_bytes)
		SELECT id, ?, ?, ?, ? FROM files WHERE kb_id = ? AND path = ?
		ON CONFLICT (file_id) DO UPDATE SET attempts = excluded.attempts, retry_at_ns = excluded.retry_at_ns,
			mode = excluded.mode, free_bytes = excluded.free_bytes`,
		r.Attempts, r.At.UnixNano(), r.Mode, r.FreeBytes, kbID, path)
	if err != nil {
		return fmt.Errorf("record when to retry %s: %w", path, err)
	}
	return nil
}

// ClearFileRetry forgets a file's retries once it no longer fails.
func (s *Store) ClearFileRetry(ctx context.Context, kbID int64, path string) error {
	_, err := s.writer.ExecContext(ctx, `DELETE FROM file_retries
		WHERE file_id = (SELECT id FROM files WHERE kb_id = ? AND path = ?)`, kbID, path)
	if err != nil {
		return fmt.Errorf("forget the retries of %s: %w", path, err)
	}
	return nil
}

// NextFileRetry returns the soonest retry of a knowledge base's failed
// files; false when none waits.
func (s *Store) NextFileRetry(ctx context.Context, kbID int64) (time.Time, bool, error) {
	var at sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT min(r.retry_at_ns) FROM file_retries r JOIN files f ON f.id = r.file_id
		WHERE f.kb_id = ?`, kbID).Scan(&at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("find the next file retry: %w", err)
	}
	return time.Unix(0, at.Int64).UTC(), at.Valid, nil
}
