package service

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// openRecorder remembers what it was asked to open, and fails when told.
type openRecorder struct {
	opened []string
	fail   error
}

func (r *openRecorder) Open(path string, _ int) error {
	r.opened = append(r.opened, path)
	return r.fail
}
func (r *openRecorder) Reveal(string) error { return errors.New("not in this test") }

// "Show logs" opens the data folder's logs folder, made on a first start,
// and says where it is when the file manager cannot.
func TestShowLogsOpensTheLogsFolder(t *testing.T) {
	tests := []struct {
		name    string
		fail    error
		wantErr bool
	}{
		{"a file manager", nil, false},
		{"no file manager", errors.New("xdg-open: not found"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := filepath.Join(t.TempDir(), "知库数据")
			opener := &openRecorder{fail: tt.fail}
			b, err := openWith(t, Options{DataDir: dataDir, ConfinePaths: true, Opener: opener})
			if err != nil {
				t.Fatal(err)
			}
			logs := filepath.Join(dataDir, "logs")
			err = b.Log.ShowFolder(context.Background())
			if !slices.Equal(opener.opened, []string{logs}) {
				t.Fatalf("opened %q, want %s", opener.opened, logs)
			}
			if info, statErr := os.Stat(logs); statErr != nil || !info.IsDir() {
				t.Fatalf("the logs folder is not there to show: %v", statErr)
			}
			if tt.wantErr != (err != nil) || (err != nil && (!core.ErrLogRevealFailed.Is(err) || !strings.Contains(err.Error(), logs))) {
				t.Fatalf("ShowFolder = %v, want error %v naming %s", err, tt.wantErr, logs)
			}
		})
	}
}
