package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// A read-only open reads beside the process holding the folder, sees what
// it commits, writes nothing, and refuses what it cannot read.
func TestReadOnlyOpenReadsBesideTheHolder(t *testing.T) {
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "never-made")
	empty := t.TempDir()
	for _, dir := range []string{missing, empty} {
		if _, err := OpenReadOnly(ctx, dir); !core.ErrNoDataYet.Is(err) {
			t.Errorf("%s: err = %v, want no data yet", dir, err)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a read-only open made the folder: %v", err)
	}
	if names, _ := os.ReadDir(empty); len(names) != 0 {
		t.Errorf("a read-only open wrote %v", names)
	}

	dir := t.TempDir()
	held, err := Open(ctx, dir, NewHolder("desktop", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if _, err := held.CreateKB(ctx, core.KnowledgeBase{Name: "论文"}); err != nil {
		t.Fatal(err)
	}
	reader, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatalf("read-only open beside the holder: %v", err)
	}
	if _, err := held.CreateKB(ctx, core.KnowledgeBase{Name: "notes"}); err != nil {
		t.Fatal(err)
	}
	if kbs, err := reader.KBs(ctx); err != nil || len(kbs) != 2 {
		t.Errorf("the reader sees %d knowledge bases (%v), want both, the second committed after it opened", len(kbs), err)
	}
	if err := reader.SetMeta(ctx, "k", "v"); err == nil {
		t.Error("a read-only store wrote to the database")
	}
	if err := reader.SaveSettings(core.DefaultSettings()); !core.ErrStoreReadOnly.Is(err) {
		t.Errorf("SaveSettings = %v, want read-only", err)
	}
	if _, err := os.Stat(filepath.Join(dir, settingsFileName)); !os.IsNotExist(err) {
		t.Errorf("settings were written: %v", err)
	}
	if err := reader.Close(); err != nil {
		t.Fatal(err)
	}
	// The reader took no lock: the holder still has the folder, and
	// another writer is still refused.
	if _, err := Open(ctx, dir, NewHolder("index", "")); !core.ErrAlreadyRunning.Is(err) {
		t.Errorf("a second writer: %v, want already running", err)
	}
	if _, err := held.CreateKB(ctx, core.KnowledgeBase{Name: "after"}); err != nil {
		t.Errorf("the holder cannot write after the reader closed: %v", err)
	}
	if err := held.Close(); err != nil {
		t.Fatal(err)
	}

	// With nobody holding the folder it reads the same.
	reader, err = OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatalf("read-only open of a folder nobody holds: %v", err)
	}
	if kbs, err := reader.KBs(ctx); err != nil || len(kbs) != 3 {
		t.Errorf("the reader sees %d knowledge bases (%v), want 3", len(kbs), err)
	}
	reader.Close()

	// An older schema is not updated, only reported.
	db, err := sql.Open("sqlite", filepath.Join(dir, dbFileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := OpenReadOnly(ctx, dir); !core.ErrStoreNeedsUpdate.Is(err) {
		t.Errorf("an older schema: %v, want needs update", err)
	}
	db, _ = sql.Open("sqlite", filepath.Join(dir, dbFileName))
	defer db.Close()
	var version int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != 1 {
		t.Errorf("schema version %d after a read-only open (%v), want 1 left as it was", version, err)
	}
}
