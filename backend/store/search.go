package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Revisions are the counters search indexes compare to know they are stale.
type Revisions struct {
	// KB moves when the knowledge base's files or chunks change.
	KB int64 `json:"kb"`
	// Embeddings moves when any vector is added.
	Embeddings int64 `json:"embeddings"`
}

// Revisions reads a knowledge base's revisions.
func (s *Store) Revisions(ctx context.Context, kbID int64) (Revisions, error) {
	var r Revisions
	var emb string
	err := s.db.QueryRowContext(ctx, `SELECT kb.revision, m.value FROM knowledge_bases kb, meta m
		WHERE kb.id = ? AND m.key = 'embeddings_revision'`, kbID).Scan(&r.KB, &emb)
	if err == sql.ErrNoRows {
		return r, core.ErrKBNotFound.New(nil)
	}
	if err != nil {
		return r, fmt.Errorf("read revisions: %w", err)
	}
	r.Embeddings, _ = strconv.ParseInt(emb, 10, 64)
	return r, nil
}

// IndexedFile is a file as the search index sees it.
type IndexedFile struct {
	ID     int64
	Path   string
	Format string
}

// IndexedChunk is a chunk as the keyword index reads it.
type IndexedChunk struct {
	ID       int64
	FileID   int64
	Ordinal  int
	Text     string
	Headings []string
}

// EachIndexedFile calls fn for each file of a knowledge base with chunks.
func (s *Store) EachIndexedFile(ctx context.Context, kbID int64, fn func(IndexedFile) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, path, format FROM files WHERE kb_id = ? AND chunks > 0 ORDER BY id`, kbID)
	if err != nil {
		return fmt.Errorf("read files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f IndexedFile
		if err := rows.Scan(&f.ID, &f.Path, &f.Format); err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachChunk calls fn for each chunk of a knowledge base, file by file in
// order; the text is only valid during the call.
func (s *Store) EachChunk(ctx context.Context, kbID int64, fn func(IndexedChunk) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.file_id, c.ordinal, c.text, c.headings FROM chunks c
		JOIN files f ON f.id = c.file_id WHERE f.kb_id = ? ORDER BY c.file_id, c.ordinal`, kbID)
	return eachChunkRow(rows, err, fn)
}

// eachChunkRow calls fn for each (id, file id, ordinal, text, headings)
// row of a query.
func eachChunkRow(rows *sql.Rows, err error, fn func(IndexedChunk) error) error {
	if err != nil {
		return fmt.Errorf("read chunks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c IndexedChunk
		var headings sql.RawBytes
		if err := rows.Scan(&c.ID, &c.FileID, &c.Ordinal, &c.Text, &headings); err != nil {
			return err
		}
		if len(headings) > 2 { // not "[]" or empty
			json.Unmarshal(headings, &c.Headings)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachVector calls fn with each chunk of a knowledge base that has a vector
// for model; the vector is the caller's to keep.
func (s *Store) EachVector(ctx context.Context, kbID int64, model string, fn func(chunkID int64, vector []float32) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, e.vector FROM chunks c
		JOIN files f ON f.id = c.file_id
		JOIN embeddings e ON e.model = ? AND e.hash = c.hash
		WHERE f.kb_id = ? ORDER BY c.id`, model, kbID)
	return eachVectorRow(rows, err, fn)
}

// eachVectorRow calls fn for each (chunk id, vector) row of a query.
func eachVectorRow(rows *sql.Rows, err error, fn func(chunkID int64, vector []float32) error) error {
	if err != nil {
		return fmt.Errorf("read vectors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var blob sql.RawBytes
		if err := rows.Scan(&id, &blob); err != nil {
			return err
		}
		if err := fn(id, decodeVector(blob)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ChunkDetail is everything a search result shows of a chunk.
type ChunkDetail struct {
	ID       int64
	KBID     int64
	FileID   int64
	Path     string
	Format   string
	Ordinal  int
	Text     string
	Hash     string
	Page     int
	Headings []string
	Start    int
	End      int
}

const chunkDetailColumns = `c.id, f.kb_id, c.file_id, f.path, f.format, c.ordinal, c.text, c.hash, c.page, c.headings, c.start, c.end`

func scanChunkDetail(rows *sql.Rows) (ChunkDetail, error) {
	var d ChunkDetail
	var headings string
	err := rows.Scan(&d.ID, &d.KBID, &d.FileID, &d.Path, &d.Format, &d.Ordinal, &d.Text, &d.Hash, &d.Page, &headings, &d.Start, &d.End)
	if err == nil {
		json.Unmarshal([]byte(headings), &d.Headings)
	}
	return d, err
}

// ChunkDetails reads the chunks with the given ids; ids no longer in the
// store are left out.
func (s *Store) ChunkDetails(ctx context.Context, ids []int64) (map[int64]ChunkDetail, error) {
	out := make(map[int64]ChunkDetail, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	marks, args := placeholders(ids)
	rows, err := s.db.QueryContext(ctx, `SELECT `+chunkDetailColumns+` FROM chunks c JOIN files f ON f.id = c.file_id
		WHERE c.id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read chunks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanChunkDetail(rows)
		if err != nil {
			return nil, err
		}
		out[d.ID] = d
	}
	return out, rows.Err()
}

// ChunksAround reads a file's chunks with ordinals in [from, to], in order.
func (s *Store) ChunksAround(ctx context.Context, fileID int64, from, to int) ([]ChunkDetail, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+chunkDetailColumns+` FROM chunks c JOIN files f ON f.id = c.file_id
		WHERE c.file_id = ? AND c.ordinal BETWEEN ? AND ? ORDER BY c.ordinal`, fileID, from, to)
	if err != nil {
		return nil, fmt.Errorf("read neighbouring chunks: %w", err)
	}
	defer rows.Close()
	var out []ChunkDetail
	for rows.Next() {
		d, err := scanChunkDetail(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FileKnown reports whether path is a file of some knowledge base.
func (s *Store) FileKnown(ctx context.Context, path string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM files WHERE path = ?`, path).Scan(&n)
	return n > 0, err
}

// ChunkRef places a chunk in its file.
type ChunkRef struct {
	ID     int64
	FileID int64
}

// ChunkRefs lists a knowledge base's chunks, for an index to find what
// changed since it was built.
func (s *Store) ChunkRefs(ctx context.Context, kbID int64) ([]ChunkRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.file_id FROM chunks c
		JOIN files f ON f.id = c.file_id WHERE f.kb_id = ? ORDER BY c.id`, kbID)
	if err != nil {
		return nil, fmt.Errorf("list chunks: %w", err)
	}
	defer rows.Close()
	var out []ChunkRef
	for rows.Next() {
		var r ChunkRef
		if err := rows.Scan(&r.ID, &r.FileID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// VectorChunkIDs lists the chunks of a knowledge base with a vector for model.
func (s *Store) VectorChunkIDs(ctx context.Context, kbID int64, model string) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id FROM chunks c
		JOIN files f ON f.id = c.file_id
		JOIN embeddings e ON e.model = ? AND e.hash = c.hash
		WHERE f.kb_id = ?`, model, kbID)
	if err != nil {
		return nil, fmt.Errorf("list vectors: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// inBatches runs fn over ids in slices small enough for one SQL statement.
func inBatches(ids []int64, fn func(batch []int64) error) error {
	const size = 500
	for len(ids) > 0 {
		n := min(size, len(ids))
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func placeholders(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "?" + strings.Repeat(",?", len(ids)-1), args
}

// ChunkTexts reads chunks by id, calling fn for each still in the store.
func (s *Store) ChunkTexts(ctx context.Context, ids []int64, fn func(IndexedChunk) error) error {
	return inBatches(ids, func(batch []int64) error {
		marks, args := placeholders(batch)
		rows, err := s.db.QueryContext(ctx, `SELECT id, file_id, ordinal, text, headings FROM chunks WHERE id IN (`+marks+`)`, args...)
		return eachChunkRow(rows, err, fn)
	})
}

// VectorsOf reads the vectors for model of chunks by id; the vectors are
// the caller's to keep.
func (s *Store) VectorsOf(ctx context.Context, model string, ids []int64, fn func(chunkID int64, vector []float32) error) error {
	return inBatches(ids, func(batch []int64) error {
		marks, args := placeholders(batch)
		rows, err := s.db.QueryContext(ctx, `SELECT c.id, e.vector FROM chunks c
			JOIN embeddings e ON e.model = ? AND e.hash = c.hash WHERE c.id IN (`+marks+`)`, append([]any{model}, args...)...)
		return eachVectorRow(rows, err, fn)
	})
}
