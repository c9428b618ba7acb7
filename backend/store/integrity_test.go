package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/damagetest"
)

// sample is what fillSample stored.
type sample struct {
	chunks  int // in the big file
	records int
}

// fillSample makes a store in dir with a knowledge base of a big file
// (hundreds of chunks over many pages) and two small ones, embeddings, a
// chat with an answer and a data set, and closes it.
func fillSample(t *testing.T, dir string) sample {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, dir, NewHolder("test", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "手册", Sources: []string{"/docs"}, Chunking: core.DefaultChunking})
	if err != nil {
		t.Fatal(err)
	}
	s := sample{chunks: 400, records: 20}
	put := func(path string, n int) {
		chunks := make([]core.ChunkRecord, n)
		for i := range chunks {
			chunks[i] = core.ChunkRecord{Ordinal: i, Hash: fmt.Sprintf("%s#%d", path, i),
				Text: fmt.Sprintf("%s passage %d: ", path, i) + strings.Repeat("保修两年，电池一年。", 30)}
		}
		f := core.FileRecord{Path: path, Size: 1000, ModTime: time.Unix(1700000000, 0), Hash: "h-" + path, Status: core.FileIndexed, Format: "text"}
		if err := st.PutFile(ctx, kb.ID, f, chunks); err != nil {
			t.Fatal(err)
		}
	}
	put("/docs/big.txt", s.chunks)
	put("/docs/a.txt", 3)
	put("/docs/b.txt", 2)
	if err := st.PutEmbeddings(ctx, "m", []string{"/docs/a.txt#0"}, [][]float32{{1, 0, 0, 0}}); err != nil {
		t.Fatal(err)
	}
	chat, err := st.CreateChat(ctx, core.Chat{Title: "warranty"})
	if err != nil {
		t.Fatal(err)
	}
	turn, err := st.AddTurn(ctx, chat.ID, "How long is the warranty?", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.StartAnswer(ctx, turn.ID, "m"); err != nil {
		t.Fatal(err)
	}
	set, err := st.CreateDataset(ctx, "support")
	if err != nil {
		t.Fatal(err)
	}
	records := make([]core.Record, s.records)
	for i := range records {
		records[i] = core.Record{Kind: core.RecordQA, Prompt: fmt.Sprintf("q%d", i), Answer: "a"}
	}
	if _, err := st.AddRecords(ctx, set.ID, records); err != nil {
		t.Fatal(err)
	}
	return s
}

// A database with damaged pages is found at open and refused, so nothing
// more is written to it; the problem says what to run.
func TestADamagedDatabaseIsNotOpenedForWriting(t *testing.T) {
	dir := t.TempDir()
	fillSample(t, dir)
	damagetest.Table(t, dir, "chunks", 2)
	path := filepath.Join(dir, dbFileName)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second time proves the failed open let go of the folder
		st, err := Open(context.Background(), dir, NewHolder("test", ""))
		if err == nil {
			st.Close()
		}
		if !core.ErrStoreNeedsRecovery.Is(err) {
			t.Fatalf("Open = %v, want %s", err, core.ErrStoreNeedsRecovery.Code)
		}
		if msg := core.AsProblem(err).In(core.LocaleEnglish); !strings.Contains(msg, "zhiku doctor --recover") {
			t.Errorf("%q does not say how to recover", msg)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the damaged database changed (%v)", err)
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		t.Errorf("%d bytes were written to the damaged database's log", wal.Size())
	}
}

// The check at open stops at its time budget, and a check that did not
// finish counts as sound; the doctor's full check then finds the damage.
func TestTheDoctorsFullCheckFindsWhatTheCheckAtOpenHadNoTimeFor(t *testing.T) {
	defer func(saved time.Duration) { quickCheckBudget = saved }(quickCheckBudget)
	quickCheckBudget = 0
	dir := t.TempDir()
	fillSample(t, dir)
	damagetest.Table(t, dir, "chunks", 1)
	st, err := Open(context.Background(), dir, NewHolder("test", ""))
	if err != nil {
		t.Fatalf("Open with no time to check = %v, want the store opened", err)
	}
	defer st.Close()
	if err := st.CheckIntegrity(context.Background()); !core.ErrStoreNeedsRecovery.Is(err) {
		t.Fatalf("CheckIntegrity = %v, want %s", err, core.ErrStoreNeedsRecovery.Code)
	}
}
