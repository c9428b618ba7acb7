//go:build unix

package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
)

// Each file of the data folder replaced by a named pipe: opening the
// folder returns at once, with the problem a damaged file of that kind
// gives, instead of waiting forever for something to write to the pipe.
func TestNamedPipesInTheDataFolderAreRefused(t *testing.T) {
	tests := []struct {
		file string
		// existing says a store was opened and closed in the folder first.
		existing bool
		want     core.ProblemKind
	}{
		{lockFileName, false, core.ErrDataFileNotRegular},
		{dbFileName, false, core.ErrStoreDamaged},
		{dbFileName + "-wal", true, core.ErrStoreDamaged},
		{dbFileName + "-shm", true, core.ErrStoreDamaged},
		{dbFileName + "-journal", true, core.ErrStoreDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := t.TempDir()
			if tt.existing {
				st, err := Open(context.Background(), dir, NewHolder("test", ""))
				if err != nil {
					t.Fatal(err)
				}
				st.Close()
			}
			path := filepath.Join(dir, tt.file)
			os.Remove(path)
			fifotest.Make(t, path)
			var err error
			fifotest.Returns(t, "opening a data folder whose "+tt.file+" is a named pipe", func() {
				var st *Store
				if st, err = Open(context.Background(), dir, NewHolder("test", "")); err == nil {
					st.Close()
				}
			})
			if !tt.want.Is(err) {
				t.Fatalf("Open = %v, want %s", err, tt.want.Code)
			}
			if !strings.Contains(err.Error(), "named pipe") {
				t.Errorf("%q does not say what is wrong", err)
			}
		})
	}
}

// A settings file that is a named pipe is handled like a damaged one:
// moved aside, never deleted, and the defaults used.
func TestSettingsThatAreNotAFileAreKeptAside(t *testing.T) {
	st := openTemp(t)
	path := filepath.Join(st.Dir(), settingsFileName)
	fifotest.Make(t, path)

	var got core.Settings
	var notice *core.Problem
	var err error
	fifotest.Returns(t, "loading settings from a named pipe", func() { got, notice, err = st.LoadSettings() })
	if err != nil || got != core.DefaultSettings() || !core.ErrSettingsReset.Is(notice) {
		t.Fatalf("LoadSettings = %+v, %v, %v; want defaults and a settings-reset notice", got, notice, err)
	}
	backups, _ := filepath.Glob(path + ".damaged-*")
	if len(backups) != 1 {
		t.Fatalf("found %d backups, want 1", len(backups))
	}
	if info, err := os.Lstat(backups[0]); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the backup is %v, %v; want the pipe itself", info, err)
	}
	if err := st.SaveSettings(core.DefaultSettings()); err != nil {
		t.Fatalf("SaveSettings after the reset: %v", err)
	}
}
