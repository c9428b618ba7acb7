//go:build unix

package walk

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
)

// A named pipe called .zhikuignore in a folder is reported, not read: a
// read would wait for a writer that never comes, and the sync with it.
func TestAnIgnoreFileThatIsAPipeIsReportedNotRead(t *testing.T) {
	root := tree(t, map[string]string{"a/doc.md": "x", "b/doc.md": "x"})
	fifotest.Make(t, filepath.Join(root, "a", IgnoreFileName))
	var files []string
	var problem error
	fifotest.Returns(t, "the walk", func() {
		Walk(root, Options{}, func(e Entry) error {
			if e.Err != nil {
				problem = e.Err
				return nil
			}
			rel, _ := filepath.Rel(root, e.Path)
			files = append(files, filepath.ToSlash(rel))
			return nil
		})
	})
	if !errors.Is(problem, core.ErrNotRegularFile) || len(files) != 2 {
		t.Fatalf("files %q, problem %v; want both documents and the pipe reported", files, problem)
	}
}
