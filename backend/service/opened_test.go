package service

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// A folder opened with Zhiku from outside the window becomes a knowledge
// base named after it, indexed at once, even where the page may name only
// what the person chose; opened again, it finds that knowledge base
// rather than making a second. Each time the window is told which to
// show, and a page that starts later can ask.
func TestOpeningAFolderMakesOrFindsItsKnowledgeBase(t *testing.T) {
	notes := folder(t, "我的笔记", map[string]string{"读我.md": "# 知库\n\n兵马俑位于西安。"})
	papers := folder(t, "papers", map[string]string{"a.txt": "a paper"})
	file := filepath.Join(folder(t, "single", map[string]string{"报告.txt": "一份报告"}), "报告.txt")
	missing := filepath.Join(t.TempDir(), "gone")

	ev := &events{}
	b, err := openWith(t, Options{DataDir: t.TempDir(), Emitter: ev, ConfinePaths: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if id, _ := b.Library.Opened(ctx); id != 0 {
		t.Fatalf("before anything was opened, Opened = %d", id)
	}
	made, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "Papers", Sources: []string{papers}})
	if err == nil {
		t.Fatalf("the page made a knowledge base of %s, which the person never chose", papers)
	}

	tests := []struct {
		name      string
		paths     []string
		wantNames []string
		wantErr   bool
	}{
		{"a folder with a Chinese name", []string{notes}, []string{"我的笔记"}, false},
		{"the same folder again, written differently", []string{notes + string(filepath.Separator) + "."}, []string{"我的笔记"}, false},
		{"two at once, one a file", []string{papers, file}, []string{"papers", "报告"}, false},
		{"one that is gone, beside one that is there", []string{missing, papers}, []string{"papers"}, true},
	}
	ids := map[string]int64{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opened, err := b.OpenPaths(ctx, tt.paths)
			if (err != nil) != tt.wantErr {
				t.Fatalf("OpenPaths(%q) error = %v, want error %v", tt.paths, err, tt.wantErr)
			}
			if len(opened) != len(tt.wantNames) {
				t.Fatalf("OpenPaths(%q) = %+v, want %q", tt.paths, opened, tt.wantNames)
			}
			for i, kb := range opened {
				if kb.Name != tt.wantNames[i] {
					t.Errorf("knowledge base %d is %q, want %q", i, kb.Name, tt.wantNames[i])
				}
				if id, seen := ids[kb.Name]; seen && id != kb.ID {
					t.Errorf("%s opened again made knowledge base %d beside %d", kb.Name, kb.ID, id)
				}
				ids[kb.Name] = kb.ID
				if p := waitDone(t, b.Library, kb.ID); p.Phase != core.PhaseDone || p.FilesTotal != 1 {
					t.Errorf("%s indexed to %+v", kb.Name, p)
				}
			}
			last := opened[len(opened)-1].ID
			if shown, _ := ev.latest(core.EventLibraryOpened).(core.LibraryOpened); shown.KBID != last {
				t.Errorf("the window was told to show %+v, want knowledge base %d", shown, last)
			}
			if id, _ := b.Library.Opened(ctx); id != last {
				t.Errorf("Opened = %d, want %d", id, last)
			}
		})
	}
	if kbs, _ := b.Library.List(ctx); len(kbs) != 3 || made.ID != 0 {
		t.Fatalf("knowledge bases %+v, want the three opened", kbs)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("opening a missing folder made it")
	}
}
