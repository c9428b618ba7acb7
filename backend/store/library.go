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

const timeLayout = time.RFC3339Nano

// CreateKB stores a new knowledge base with its sources.
func (s *Store) CreateKB(ctx context.Context, kb core.KnowledgeBase) (core.KnowledgeBase, error) {
	kb.CreatedAt = time.Now().UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO knowledge_bases
			(name, created_at, embed_model, chunk_max_tokens, chunk_overlap_tokens, include_patterns, exclude_patterns)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			kb.Name, kb.CreatedAt.Format(timeLayout), kb.EmbedModel, kb.Chunking.MaxTokens, kb.Chunking.OverlapTokens,
			jsonList(kb.Include), jsonList(kb.Exclude))
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed") {
				return core.ErrKBNameTaken.New(nil, "name", kb.Name)
			}
			return fmt.Errorf("insert knowledge base: %w", err)
		}
		if kb.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, src := range kb.Sources {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sources (kb_id, path) VALUES (?, ?)`, kb.ID, src); err != nil {
				return fmt.Errorf("insert source %s: %w", src, err)
			}
		}
		return nil
	})
	return kb, err
}

// AddSources adds folders or files to a knowledge base; ones it has are kept once.
func (s *Store) AddSources(ctx context.Context, kbID int64, paths []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range paths {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sources (kb_id, path) VALUES (?, ?)`, kbID, p); err != nil {
				return fmt.Errorf("insert source %s: %w", p, err)
			}
		}
		return nil
	})
}

const kbColumns = `SELECT id, name, created_at, embed_model, vector_model, paused, chunk_max_tokens,
	chunk_overlap_tokens, include_patterns, exclude_patterns, rerank FROM knowledge_bases`

// KBs lists the knowledge bases with their statistics, by name.
func (s *Store) KBs(ctx context.Context) ([]core.KnowledgeBase, error) {
	kbs, err := queryAll(ctx, s.db, "list knowledge bases", scanKB, kbColumns+` ORDER BY name`)
	if err != nil {
		return nil, err
	}
	for i := range kbs {
		if err := s.fillKB(ctx, &kbs[i]); err != nil {
			return nil, err
		}
	}
	return kbs, nil
}

// KB returns one knowledge base with its statistics, or ErrKBNotFound.
func (s *Store) KB(ctx context.Context, id int64) (core.KnowledgeBase, error) {
	kb, err := scanKB(s.db.QueryRowContext(ctx, kbColumns+` WHERE id = ?`, id))
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	if err := s.fillKB(ctx, &kb); err != nil {
		return core.KnowledgeBase{}, err
	}
	return kb, nil
}

// scanKB reads one row of kbColumns; its sources and statistics are filled
// in by fillKB.
func scanKB(row scanner) (core.KnowledgeBase, error) {
	var kb core.KnowledgeBase
	var created, include, exclude string
	if err := row.Scan(&kb.ID, &kb.Name, &created, &kb.EmbedModel, &kb.VectorModel, &kb.Paused, &kb.Chunking.MaxTokens,
		&kb.Chunking.OverlapTokens, &include, &exclude, &kb.Rerank); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return kb, core.ErrKBNotFound.New(nil)
		}
		return kb, fmt.Errorf("read knowledge base: %w", err)
	}
	kb.CreatedAt, _ = time.Parse(timeLayout, created)
	json.Unmarshal([]byte(include), &kb.Include)
	json.Unmarshal([]byte(exclude), &kb.Exclude)
	return kb, nil
}

func (s *Store) fillKB(ctx context.Context, kb *core.KnowledgeBase) error {
	rows, err := s.db.QueryContext(ctx, `SELECT path FROM sources WHERE kb_id = ? ORDER BY path`, kb.ID)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	kb.Sources = []string{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		kb.Sources = append(kb.Sources, p)
	}
	st := &kb.Stats
	return s.db.QueryRowContext(ctx, `SELECT count(*),
			coalesce(sum(status = 'indexed'), 0), coalesce(sum(status = 'skipped'), 0),
			coalesce(sum(status = 'failed'), 0), coalesce(sum(status = 'needsOcr'), 0),
			coalesce(sum(chunks), 0), coalesce(sum(size), 0)
		FROM files WHERE kb_id = ?`, kb.ID).
		Scan(&st.Files, &st.Indexed, &st.Skipped, &st.Failed, &st.NeedsOCR, &st.Chunks, &st.Bytes)
}

// SetPaused records whether a knowledge base is paused.
func (s *Store) SetPaused(ctx context.Context, id int64, paused bool) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE knowledge_bases SET paused = ? WHERE id = ?`, paused, id)
	if err != nil {
		return fmt.Errorf("pause knowledge base: %w", err)
	}
	return affected(res)
}

// RenameKB renames a knowledge base.
func (s *Store) RenameKB(ctx context.Context, id int64, name string) error {
	res, err := s.writer.ExecContext(ctx, `UPDATE knowledge_bases SET name = ? WHERE id = ?`, name, id)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return core.ErrKBNameTaken.New(nil, "name", name)
		}
		return fmt.Errorf("rename knowledge base: %w", err)
	}
	return affected(res)
}

// ConfigureKB saves a knowledge base's settings. When its chunk sizes
// change, every file's recorded date and content hash are cleared, so the
// next sync cuts them all again rather than finding them unchanged.
func (s *Store) ConfigureKB(ctx context.Context, id int64, cfg core.KBSettings, rechunk bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE knowledge_bases SET embed_model = ?, chunk_max_tokens = ?,
			chunk_overlap_tokens = ?, include_patterns = ?, exclude_patterns = ?, rerank = ? WHERE id = ?`,
			cfg.EmbedModel, cfg.Chunking.MaxTokens, cfg.Chunking.OverlapTokens, jsonList(cfg.Include), jsonList(cfg.Exclude), cfg.Rerank, id)
		if err != nil {
			return fmt.Errorf("save knowledge base settings: %w", err)
		}
		if err := affected(res); err != nil {
			return err
		}
		if rechunk {
			if _, err := tx.ExecContext(ctx, `UPDATE files SET mtime_ns = 0, hash = '' WHERE kb_id = ?`, id); err != nil {
				return fmt.Errorf("mark files for re-chunking: %w", err)
			}
		}
		return nil
	})
}

// DeleteKB deletes a knowledge base and everything indexed in it (never
// the files themselves).
func (s *Store) DeleteKB(ctx context.Context, id int64) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM knowledge_bases WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete knowledge base: %w", err)
	}
	return s.reclaimAfter(ctx, affected(res))
}

func affected(res sql.Result) error {
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return core.ErrKBNotFound.New(nil)
	}
	return nil
}

// Manifest returns what the store knows of each file of a knowledge base,
// by path, for deciding what changed.
func (s *Store) Manifest(ctx context.Context, kbID int64) (map[string]core.FileRecord, error) {
	files, err := s.Files(ctx, kbID)
	if err != nil {
		return nil, err
	}
	m := make(map[string]core.FileRecord, len(files))
	for _, f := range files {
		m[f.Path] = f
	}
	return m, nil
}

// Files lists a knowledge base's files by path.
func (s *Store) Files(ctx context.Context, kbID int64) ([]core.FileRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path, size, mtime_ns, hash, status, reason, format, encoding, chunks
		FROM files WHERE kb_id = ? ORDER BY path`, kbID)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	defer rows.Close()
	files := []core.FileRecord{}
	for rows.Next() {
		var f core.FileRecord
		var mtime int64
		var reason string
		if err := rows.Scan(&f.Path, &f.Size, &mtime, &f.Hash, &f.Status, &reason, &f.Format, &f.Encoding, &f.Chunks); err != nil {
			return nil, fmt.Errorf("read file record: %w", err)
		}
		f.ModTime = time.Unix(0, mtime).UTC()
		if reason != "" {
			var p core.Problem
			if json.Unmarshal([]byte(reason), &p) == nil {
				f.Reason = &p
			}
		}
		files = append(files, f)
	}
	return files, rows.Err()
}

// PutFile records a file and replaces its chunks in one transaction, so a
// crash leaves either the old version of the file or the new, whole.
func (s *Store) PutFile(ctx context.Context, kbID int64, f core.FileRecord, chunks []core.ChunkRecord) error {
	f.Chunks = len(chunks)
	reason := ""
	if f.Reason != nil {
		b, _ := json.Marshal(f.Reason)
		reason = string(b)
	}
	return s.reclaimAfter(ctx, s.inTx(ctx, func(tx *sql.Tx) error {
		var fileID int64
		err := tx.QueryRowContext(ctx, `INSERT INTO files (kb_id, path, size, mtime_ns, hash, status, reason, format, encoding, chunks)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (kb_id, path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
				hash = excluded.hash, status = excluded.status, reason = excluded.reason, format = excluded.format,
				encoding = excluded.encoding, chunks = excluded.chunks
			RETURNING id`,
			kbID, f.Path, f.Size, f.ModTime.UnixNano(), f.Hash, string(f.Status), reason, f.Format, f.Encoding, f.Chunks).Scan(&fileID)
		if err != nil {
			return fmt.Errorf("record %s: %w", f.Path, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE file_id = ?`, fileID); err != nil {
			return fmt.Errorf("drop old chunks of %s: %w", f.Path, err)
		}
		return insertChunks(ctx, tx, fileID, f.Path, chunks)
	}))
}

func insertChunks(ctx context.Context, tx *sql.Tx, fileID int64, path string, chunks []core.ChunkRecord) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO chunks (file_id, ordinal, text, hash, page, headings, start, end, tokens)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range chunks {
		if _, err := stmt.ExecContext(ctx, fileID, c.Ordinal, c.Text, c.Hash, c.Page, jsonList(c.Headings), c.Start, c.End, c.Tokens); err != nil {
			return fmt.Errorf("store chunk %d of %s: %w", c.Ordinal, path, err)
		}
	}
	return nil
}

// BeginLargeFile starts writing a very large file's chunks in batches: its
// old chunks go, and it is marked as being indexed (with no hash, so a
// crash before FinishLargeFile makes the next sync index it again).
func (s *Store) BeginLargeFile(ctx context.Context, kbID int64, f core.FileRecord) error {
	f.Status, f.Hash, f.Reason = core.FileIndexing, "", nil
	return s.PutFile(ctx, kbID, f, nil)
}

// AppendChunks adds a batch of chunks to a file begun with BeginLargeFile.
func (s *Store) AppendChunks(ctx context.Context, kbID int64, path string, chunks []core.ChunkRecord) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var fileID int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM files WHERE kb_id = ? AND path = ?`, kbID, path).Scan(&fileID); err != nil {
			return fmt.Errorf("find %s: %w", path, err)
		}
		if err := insertChunks(ctx, tx, fileID, path, chunks); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE files SET chunks = chunks + ? WHERE id = ?`, len(chunks), fileID)
		return err
	})
}

// FinishLargeFile records a file begun with BeginLargeFile as complete.
func (s *Store) FinishLargeFile(ctx context.Context, kbID int64, f core.FileRecord) error {
	_, err := s.writer.ExecContext(ctx, `UPDATE files SET size = ?, mtime_ns = ?, hash = ?, status = ?, format = ?, encoding = ?,
		chunks = (SELECT count(*) FROM chunks WHERE file_id = files.id) WHERE kb_id = ? AND path = ?`,
		f.Size, f.ModTime.UnixNano(), f.Hash, string(f.Status), f.Format, f.Encoding, kbID, f.Path)
	return err
}

// TouchFile records a new modification time for a file whose content did
// not change (it was saved again, or copied back), keeping its chunks.
func (s *Store) TouchFile(ctx context.Context, kbID int64, path string, modTime time.Time) error {
	_, err := s.writer.ExecContext(ctx, `UPDATE files SET mtime_ns = ? WHERE kb_id = ? AND path = ?`, modTime.UnixNano(), kbID, path)
	return err
}

// MoveFile gives a file a new path, keeping its chunks: a renamed or moved
// file is recognised by its content and not indexed again.
func (s *Store) MoveFile(ctx context.Context, kbID int64, from, to string, modTime time.Time) error {
	_, err := s.writer.ExecContext(ctx, `UPDATE files SET path = ?, mtime_ns = ? WHERE kb_id = ? AND path = ?`,
		to, modTime.UnixNano(), kbID, from)
	return err
}

// RemoveFiles forgets files that are gone from the sources, with their chunks.
func (s *Store) RemoveFiles(ctx context.Context, kbID int64, paths []string) error {
	return s.reclaimAfter(ctx, s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range paths {
			if _, err := tx.ExecContext(ctx, `DELETE FROM files WHERE kb_id = ? AND path = ?`, kbID, p); err != nil {
				return fmt.Errorf("remove %s: %w", p, err)
			}
		}
		return nil
	}))
}

// Chunks returns a file's chunks in order.
func (s *Store) Chunks(ctx context.Context, kbID int64, path string) ([]core.ChunkRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.ordinal, c.text, c.hash, c.page, c.headings, c.start, c.end, c.tokens
		FROM chunks c JOIN files f ON f.id = c.file_id WHERE f.kb_id = ? AND f.path = ? ORDER BY c.ordinal`, kbID, path)
	if err != nil {
		return nil, fmt.Errorf("read chunks of %s: %w", path, err)
	}
	defer rows.Close()
	chunks := []core.ChunkRecord{}
	for rows.Next() {
		var c core.ChunkRecord
		var headings string
		if err := rows.Scan(&c.Ordinal, &c.Text, &c.Hash, &c.Page, &headings, &c.Start, &c.End, &c.Tokens); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(headings), &c.Headings)
		chunks = append(chunks, c)
	}
	return chunks, rows.Err()
}

func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func jsonList(items []string) string {
	if items == nil {
		items = []string{}
	}
	b, _ := json.Marshal(items)
	return string(b)
}
