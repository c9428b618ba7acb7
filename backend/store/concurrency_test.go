package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

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
