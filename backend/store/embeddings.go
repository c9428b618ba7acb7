package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// PendingText is a chunk's text that has no vector yet for some model.
type PendingText struct {
	Hash string
	Text string
}

// PendingEmbeddings returns up to limit distinct chunk texts of a knowledge
// base that have no vector for model yet.
func (s *Store) PendingEmbeddings(ctx context.Context, kbID int64, model string, limit int) ([]PendingText, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.hash, min(c.text) FROM chunks c
		JOIN files f ON f.id = c.file_id
		WHERE f.kb_id = ? AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model = ? AND e.hash = c.hash)
		GROUP BY c.hash LIMIT ?`, kbID, model, limit)
	if err != nil {
		return nil, fmt.Errorf("find chunks to embed: %w", err)
	}
	defer rows.Close()
	var out []PendingText
	for rows.Next() {
		var p PendingText
		if err := rows.Scan(&p.Hash, &p.Text); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CountEmbedded reports how many of a knowledge base's distinct chunk texts
// have a vector for model, and how many there are.
func (s *Store) CountEmbedded(ctx context.Context, kbID int64, model string) (embedded, total int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(e.hash), count(*) FROM
		(SELECT DISTINCT c.hash FROM chunks c JOIN files f ON f.id = c.file_id WHERE f.kb_id = ?) h
		LEFT JOIN embeddings e ON e.model = ? AND e.hash = h.hash`, kbID, model).Scan(&embedded, &total)
	return embedded, total, err
}

// PutEmbeddings stores vectors for chunk hashes in one transaction.
func (s *Store) PutEmbeddings(ctx context.Context, model string, hashes []string, vectors [][]float32) error {
	if len(hashes) != len(vectors) {
		return fmt.Errorf("store embeddings: %d hashes for %d vectors", len(hashes), len(vectors))
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO embeddings (model, hash, dim, vector) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, v := range vectors {
			if _, err := stmt.ExecContext(ctx, model, hashes[i], len(v), encodeVector(v)); err != nil {
				return fmt.Errorf("store embedding: %w", err)
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'embeddings_revision'`)
		return err
	})
}

// SetVectorModel records that every chunk of a knowledge base has a vector
// for model, so queries switch to it.
func (s *Store) SetVectorModel(ctx context.Context, kbID int64, model string) error {
	_, err := s.writer.ExecContext(ctx, `UPDATE knowledge_bases SET vector_model = ? WHERE id = ?`, model, kbID)
	return err
}

// Embedding returns the vector stored for a chunk text, if any.
func (s *Store) Embedding(ctx context.Context, model, hash string) ([]float32, bool, error) {
	var blob []byte
	err := s.db.QueryRowContext(ctx, `SELECT vector FROM embeddings WHERE model = ? AND hash = ?`, model, hash).Scan(&blob)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return decodeVector(blob), true, nil
}

func encodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

func decodeVector(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

// EmbeddingDim returns the dimension of a model's stored vectors; 0 when
// it has none.
func (s *Store) EmbeddingDim(ctx context.Context, model string) (int, error) {
	var dim int
	err := s.db.QueryRowContext(ctx, `SELECT dim FROM embeddings WHERE model = ? LIMIT 1`, model).Scan(&dim)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return dim, err
}
