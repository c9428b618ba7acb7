package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// grownBytes is how much each case of TestFreedSpaceIsGivenBack adds to
// the database before deleting it again: well past reclaimThreshold.
const grownBytes = 12 << 20

// manyChunks returns chunks holding about n bytes of text in all.
func manyChunks(n int) []core.ChunkRecord {
	chunks := make([]core.ChunkRecord, n/2000)
	for i := range chunks {
		chunks[i] = core.ChunkRecord{Ordinal: i, Hash: fmt.Sprint(i), Text: fmt.Sprintf("%06d ", i) + strings.Repeat("x", 1993)}
	}
	return chunks
}

// Deleting what a hostile or a large folder added gives the space back:
// the database shrinks to about its size before, and so does its log.
func TestFreedSpaceIsGivenBack(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		grow, free func(st *Store, kbID int64) error
	}{
		{"a knowledge base deleted",
			func(st *Store, kbID int64) error {
				return st.PutFile(ctx, kbID, core.FileRecord{Path: "/big.txt", Status: core.FileIndexed}, manyChunks(grownBytes))
			},
			func(st *Store, kbID int64) error { return st.DeleteKB(ctx, kbID) }},
		{"files gone from the sources",
			func(st *Store, kbID int64) error {
				for i := range 4 {
					path := fmt.Sprintf("/part%d.txt", i)
					if err := st.PutFile(ctx, kbID, core.FileRecord{Path: path, Status: core.FileIndexed}, manyChunks(grownBytes/4)); err != nil {
						return err
					}
				}
				return nil
			},
			func(st *Store, kbID int64) error {
				return st.RemoveFiles(ctx, kbID, []string{"/part0.txt", "/part1.txt", "/part2.txt", "/part3.txt"})
			}},
		{"a large file that failed after its batches",
			func(st *Store, kbID int64) error {
				f := core.FileRecord{Path: "/hostile.txt"}
				if err := st.BeginLargeFile(ctx, kbID, f); err != nil {
					return err
				}
				chunks := manyChunks(grownBytes)
				for start := 0; start < len(chunks); start += 1000 {
					if err := st.AppendChunks(ctx, kbID, f.Path, chunks[start:min(start+1000, len(chunks))]); err != nil {
						return err
					}
				}
				return nil
			},
			func(st *Store, kbID int64) error {
				failed := core.FileRecord{Path: "/hostile.txt", Status: core.FileFailed, Reason: core.ErrFileUnreadable.New(nil, "reason", "too big")}
				return st.PutFile(ctx, kbID, failed, nil)
			}},
		{"a data set deleted",
			func(st *Store, kbID int64) error {
				set, err := st.CreateDataset(ctx, "big")
				if err != nil {
					return err
				}
				records := make([]core.Record, grownBytes/2000)
				for i := range records {
					records[i] = core.Record{Kind: core.RecordQA, Prompt: fmt.Sprint(i), Answer: strings.Repeat("a", 1950)}
				}
				_, err = st.AddRecords(ctx, set.ID, records)
				return err
			},
			func(st *Store, kbID int64) error {
				sets, err := st.Datasets(ctx)
				if err != nil {
					return err
				}
				return st.DeleteDataset(ctx, sets[0].ID)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			st := reopen(t, dir, nil)
			kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "kb", Chunking: core.DefaultChunking})
			if err != nil {
				t.Fatal(err)
			}
			st = reopen(t, dir, st)
			before := st.size(t)
			if err := tt.grow(st, kb.ID); err != nil {
				t.Fatal(err)
			}
			if grown := st.size(t); grown < before+grownBytes {
				t.Fatalf("the database grew from %d to only %d bytes; the test did not test", before, grown)
			}
			if err := tt.free(st, kb.ID); err != nil {
				t.Fatal(err)
			}
			// The next write starts the log afresh, and cuts it short.
			if err := st.SetMeta(ctx, "after", "freed"); err != nil {
				t.Fatal(err)
			}
			if open := st.size(t); open > before+reclaimThreshold+journalSizeLimit {
				t.Errorf("open, the database and its log take %d bytes, %d before it grew", open, before)
			}
			if closed := reopen(t, dir, st).size(t); closed > before+reclaimThreshold {
				t.Errorf("the database takes %d bytes, %d before it grew", closed, before)
			}
		})
	}
}

// reopen closes st, unless nil, and opens the store in dir again, closed
// when the test ends.
func reopen(t *testing.T, dir string, st *Store) *Store {
	t.Helper()
	if st != nil {
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	st, err := Open(context.Background(), dir, NewHolder("test", ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// size is the bytes the database and its log take on disk.
func (s *Store) size(t *testing.T) int64 {
	t.Helper()
	var total int64
	for _, name := range []string{dbFileName, dbFileName + "-wal"} {
		if info, err := os.Stat(filepath.Join(s.dir, name)); err == nil {
			total += info.Size()
		}
	}
	return total
}

// A database made before incremental vacuuming existed is converted once,
// at open, keeping everything in it; a conversion cut short by a crash
// left only a temporary file, which goes.
func TestAnOlderDatabaseIsConvertedToGiveSpaceBack(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, dbFileName)
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, old, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`INSERT INTO knowledge_bases (name, created_at, chunk_max_tokens, chunk_overlap_tokens) VALUES ('手册', '', 300, 30)`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	if err := os.WriteFile(filepath.Join(dir, vacuumingFileName), []byte("cut short"), 0o600); err != nil {
		t.Fatal(err)
	}

	st := reopen(t, dir, nil)
	var mode int
	if err := st.DB().QueryRowContext(ctx, `PRAGMA auto_vacuum`).Scan(&mode); err != nil || mode != autoVacuumIncremental {
		t.Fatalf("auto_vacuum = %d, %v; want incremental (%d)", mode, err, autoVacuumIncremental)
	}
	if kbs, err := st.KBs(ctx); err != nil || len(kbs) != 1 || kbs[0].Name != "手册" {
		t.Fatalf("knowledge bases after the conversion: %+v, %v", kbs, err)
	}
	if err := st.CheckIntegrity(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, vacuumingFileName)); err == nil {
		t.Error("the temporary file of the conversion is still there")
	}
}
