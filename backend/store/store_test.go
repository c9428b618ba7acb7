package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), t.TempDir(), NewHolder("test", ""))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestOpenCreatesAndMigrates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "zhiku")
	ctx := context.Background()
	st, err := Open(ctx, dir, NewHolder("test", ""))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if v, err := st.SchemaVersion(ctx); err != nil || v != SchemaVersion {
		t.Fatalf("schema version = %d, %v; want %d", v, err, SchemaVersion)
	}
	var mode string
	if err := st.DB().QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := st.CheckIntegrity(ctx); err != nil {
		t.Fatalf("CheckIntegrity on a new store: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// Reopening applies no migration twice.
	st, err = Open(ctx, dir, NewHolder("test", ""))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer st.Close()
	var rows int
	st.DB().QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key = 'created_at'`).Scan(&rows)
	if rows != 1 {
		t.Fatalf("meta has %d created_at rows after reopening, want 1", rows)
	}
}

func TestSecondOpenIsRefusedWithTheHolder(t *testing.T) {
	dir := t.TempDir()
	first, err := Open(context.Background(), dir, NewHolder("serve", "http://127.0.0.1:8765"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), dir, NewHolder("desktop", ""))
	if !core.ErrAlreadyRunning.Is(err) {
		t.Fatalf("second Open error = %v, want already-running", err)
	}
	msg := core.AsProblem(err).In(core.LocaleEnglish)
	if !strings.Contains(msg, "zhiku serve at http://127.0.0.1:8765") || !strings.Contains(msg, dir) {
		t.Errorf("message %q does not name the holder and folder", msg)
	}
	// Once the first closes, the folder is free again.
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := Open(context.Background(), dir, NewHolder("desktop", ""))
	if err != nil {
		t.Fatalf("Open after the first closed: %v", err)
	}
	second.Close()
}

func TestOpenProblems(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T) string
		want    core.ProblemKind
	}{
		{"folder is a file", func(t *testing.T) string {
			file := filepath.Join(t.TempDir(), "not-a-folder")
			os.WriteFile(file, []byte("x"), 0o600)
			return filepath.Join(file, "zhiku")
		}, core.ErrDataDirUnusable},
		{"database is not SQLite", func(t *testing.T) string {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, dbFileName), []byte(strings.Repeat("not a database ", 500)), 0o600)
			return dir
		}, core.ErrStoreDamaged},
		{"database from a newer version", func(t *testing.T) string {
			dir := t.TempDir()
			db, err := sql.Open("sqlite", filepath.Join(dir, dbFileName))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return dir
		}, core.ErrStoreTooNew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.prepare(t)
			st, err := Open(context.Background(), dir, NewHolder("test", ""))
			if err == nil {
				st.Close()
			}
			if !tt.want.Is(err) {
				t.Fatalf("Open error = %v, want %s", err, tt.want.Code)
			}
		})
	}
}

func TestAFailedOpenReleasesTheFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, dbFileName), []byte(strings.Repeat("garbage", 1000)), 0o600)
	if _, err := Open(context.Background(), dir, NewHolder("test", "")); !core.ErrStoreDamaged.Is(err) {
		t.Fatalf("Open error = %v, want damaged", err)
	}
	os.Remove(filepath.Join(dir, dbFileName))
	st, err := Open(context.Background(), dir, NewHolder("test", ""))
	if err != nil {
		t.Fatalf("Open after removing the damaged file: %v (the lock was not released)", err)
	}
	st.Close()
}
