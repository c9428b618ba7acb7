package service

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Forty clients at once create, fill and delete knowledge bases, data
// sets and chats, while every knowledge base indexes in the background:
// each waits for its turn to write, and none is told the database is
// locked. The writing lasts well past SQLite's busy timeout, which is
// what it takes for a writer to be left waiting that long.
func TestFortyClientsDeleteWhileOthersWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("writes for tens of seconds; skipped with -short")
	}
	if raceDetector {
		t.Skip("run without the race detector by make test-go")
	}
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	docs := t.TempDir()
	for i := range 8 {
		text := strings.Repeat(fmt.Sprintf("Paragraph %d of a document that takes a while to store. ", i), 4000)
		if err := os.WriteFile(filepath.Join(docs, fmt.Sprintf("doc%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	records := make([]core.Record, 200)
	for i := range records {
		records[i] = core.Record{Kind: core.RecordQA, Prompt: fmt.Sprintf("question %d", i), Answer: strings.Repeat("answer ", 200)}
	}

	const clients, rounds = 40, 3
	errs := make(chan error, clients*rounds*8)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for r := range rounds {
				name := fmt.Sprintf("client %d round %d", c, r)
				if err := createFillAndDelete(ctx, b, name, docs, records); err != nil {
					errs <- fmt.Errorf("%s: %w", name, err)
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

// createFillAndDelete is one client's round: a knowledge base that starts
// indexing, a data set with records and a chat, then all three deleted.
func createFillAndDelete(ctx context.Context, b *Backend, name, docs string, records []core.Record) error {
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: name, Sources: []string{docs}})
	if err != nil {
		return fmt.Errorf("create knowledge base: %w", err)
	}
	set, err := b.Datasets.Create(ctx, name)
	if err != nil {
		return fmt.Errorf("create data set: %w", err)
	}
	if _, err := b.Datasets.Add(ctx, set.ID, records); err != nil {
		return fmt.Errorf("add records: %w", err)
	}
	chat, err := b.Chats.Create(ctx, core.Chat{Title: name})
	if err != nil {
		return fmt.Errorf("create chat: %w", err)
	}
	if err := b.Datasets.Delete(ctx, set.ID); err != nil {
		return fmt.Errorf("delete data set: %w", err)
	}
	if err := b.Library.Delete(ctx, kb.ID); err != nil {
		return fmt.Errorf("delete knowledge base: %w", err)
	}
	if err := b.Chats.Delete(ctx, chat.ID); err != nil {
		return fmt.Errorf("delete chat: %w", err)
	}
	return nil
}
