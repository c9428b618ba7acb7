package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Transactions that read before they write (adding records checks the
// data set first) run beside other writers, as a chat or a data set does
// while a folder indexes: none fails for the other, each waits its turn.
func TestWritersWaitForEachOther(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	set, err := st.CreateDataset(ctx, "faq")
	if err != nil {
		t.Fatal(err)
	}
	chat, err := st.CreateChat(ctx, core.Chat{Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				if _, err := st.AddRecords(ctx, set.ID, []core.Record{{Kind: core.RecordQA, Prompt: fmt.Sprintf("q%d-%d", w, i), Answer: "a"}}); err != nil {
					errs <- fmt.Errorf("add records: %w", err)
				}
				if _, err := st.AddTurn(ctx, chat.ID, fmt.Sprintf("question %d-%d", w, i), 0); err != nil {
					errs <- fmt.Errorf("add turn: %w", err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	records, _ := st.Records(ctx, set.ID)
	if len(records) != 200 {
		t.Fatalf("%d records, want 200", len(records))
	}
}

// Forty writers at once, each kept waiting by the others far longer than
// SQLite's busy timeout: creating, filling and deleting knowledge bases,
// data sets and chats, none is told the database is locked.
func TestManyWritersNeverSeeTheDatabaseLocked(t *testing.T) {
	defer func(saved time.Duration) { busyTimeout = saved }(busyTimeout)
	busyTimeout = time.Millisecond
	st := openTemp(t)
	ctx := context.Background()
	chunks := make([]core.ChunkRecord, 20)
	for i := range chunks {
		chunks[i] = core.ChunkRecord{Ordinal: i, Text: strings.Repeat("text ", 100), Hash: fmt.Sprint(i)}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40*2)
	for w := range 40 {
		wg.Go(func() {
			for r := range 2 {
				if err := writeAndDelete(ctx, st, fmt.Sprintf("writer %d round %d", w, r), chunks); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func writeAndDelete(ctx context.Context, st *Store, name string, chunks []core.ChunkRecord) error {
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: name, Chunking: core.DefaultChunking})
	if err != nil {
		return fmt.Errorf("%s: create knowledge base: %w", name, err)
	}
	if err := st.PutFile(ctx, kb.ID, core.FileRecord{Path: "/a.txt", Status: core.FileIndexed}, chunks); err != nil {
		return fmt.Errorf("%s: put file: %w", name, err)
	}
	set, err := st.CreateDataset(ctx, name)
	if err != nil {
		return fmt.Errorf("%s: create data set: %w", name, err)
	}
	if _, err := st.AddRecords(ctx, set.ID, []core.Record{{Kind: core.RecordQA, Prompt: "q", Answer: "a"}}); err != nil {
		return fmt.Errorf("%s: add records: %w", name, err)
	}
	chat, err := st.CreateChat(ctx, core.Chat{Title: name})
	if err != nil {
		return fmt.Errorf("%s: create chat: %w", name, err)
	}
	if err := st.DeleteDataset(ctx, set.ID); err != nil {
		return fmt.Errorf("%s: delete data set: %w", name, err)
	}
	if err := st.DeleteKB(ctx, kb.ID); err != nil {
		return fmt.Errorf("%s: delete knowledge base: %w", name, err)
	}
	if err := st.DeleteChat(ctx, chat.ID); err != nil {
		return fmt.Errorf("%s: delete chat: %w", name, err)
	}
	return nil
}
