// Package storetest opens throw-away stores for tests.
package storetest

import (
	"context"
	"testing"

	"github.com/zhiku-app/zhiku/backend/store"
)

// Open opens a store in dir (a new temporary folder when dir is ""),
// closed when the test ends.
func Open(t testing.TB, dir string) *store.Store {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	st, err := store.Open(context.Background(), dir, store.NewHolder("test", ""))
	if err != nil {
		t.Fatalf("open a store in %s: %v", dir, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
