package selftest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/parse"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Resized is chunking with chunks of at most tokens, its overlap kept
// where it still fits: under half a chunk.
func Resized(chunking core.ChunkSettings, tokens int) core.ChunkSettings {
	return core.ChunkSettings{MaxTokens: tokens, OverlapTokens: min(chunking.OverlapTokens, (tokens-1)/2)}
}

// Rechunk cuts every indexed file of kb again, from the file itself, into
// chunks of at most tokens, and stores them in a new knowledge base of
// scratch: an index of the same files at a candidate chunk size. Offsets
// stay those of each file's text, so a question's chunk is found in it by
// overlap. Vectors are not computed: only keyword search can be measured
// on it.
func Rechunk(ctx context.Context, st *store.Store, kb core.KnowledgeBase, tokens int, scratch *store.Store) (core.KnowledgeBase, error) {
	files, err := st.Files(ctx, kb.ID)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	resized := Resized(kb.Chunking, tokens)
	opts := chunk.Options{MaxTokens: resized.MaxTokens, OverlapTokens: resized.OverlapTokens}
	candidate, err := scratch.CreateKB(ctx, core.KnowledgeBase{Name: kb.Name, Chunking: resized})
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	for _, f := range files {
		parser, ok := parse.For(f.Path)
		if f.Status != core.FileIndexed || !ok {
			continue
		}
		var records []core.ChunkRecord
		_, err := parser(ctx, f.Path, func(sec chunk.Section) error {
			for _, c := range chunk.Split([]chunk.Section{sec}, opts) {
				sum := sha256.Sum256([]byte(c.Text))
				records = append(records, core.ChunkRecord{Ordinal: len(records), Text: c.Text, Hash: hex.EncodeToString(sum[:]),
					Page: c.Page, Headings: c.Headings, Start: c.Start, End: c.End, Tokens: c.Tokens})
			}
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return core.KnowledgeBase{}, ctx.Err()
			}
			continue // a file that cannot be read now is left out, as a sync would
		}
		if err := scratch.PutFile(ctx, candidate.ID, core.FileRecord{Path: f.Path, Hash: f.Hash, Status: core.FileIndexed, Format: f.Format}, records); err != nil {
			return core.KnowledgeBase{}, fmt.Errorf("store %s cut again: %w", f.Path, err)
		}
	}
	return candidate, nil
}
