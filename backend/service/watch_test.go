package service

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// While the app runs, files saved, added in new folders or deleted show up
// in their knowledge base on their own.
func TestKnowledgeBasesFollowTheirFolders(t *testing.T) {
	b, err := openWith(t, Options{DataDir: t.TempDir(), KeepInSync: true, WatchDebounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	root := folder(t, "watched", map[string]string{"a.md": "第一个文件。"})
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "watched", Sources: []string{root}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)

	files := func() int {
		kbs, _ := b.Library.List(ctx)
		return kbs[0].Stats.Files
	}
	eventually := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not seen within 10 s", what)
			}
			time.Sleep(25 * time.Millisecond)
		}
	}

	os.WriteFile(filepath.Join(root, "b.md"), []byte("新保存的文件。"), 0o644)
	eventually("a new file", func() bool { return files() == 2 })

	os.MkdirAll(filepath.Join(root, "新文件夹", "更深"), 0o755)
	os.WriteFile(filepath.Join(root, "新文件夹", "更深", "c.md"), []byte("新文件夹里的文件。"), 0o644)
	eventually("a file in a new folder", func() bool { return files() == 3 })

	os.Remove(filepath.Join(root, "a.md"))
	eventually("a deletion", func() bool { return files() == 2 })

	// An excluded folder's files are never counted, however they arrive.
	if err := os.MkdirAll(filepath.Join(root, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "node_modules", "x.md"), []byte("依赖包。"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if files() != 2 {
		t.Fatalf("an excluded folder's file was indexed")
	}
}
