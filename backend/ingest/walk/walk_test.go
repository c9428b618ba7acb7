package walk

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// tree writes files (path → content) under a new temporary folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for path, content := range files {
		full := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func walkRel(t *testing.T, root string, opts Options) (files []string, problems []string) {
	t.Helper()
	err := Walk(root, opts, func(e Entry) error {
		rel, _ := filepath.Rel(root, e.Path)
		if e.Err != nil {
			problems = append(problems, filepath.ToSlash(rel))
		} else {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files, problems
}

func TestWalkSkipsWhatPeopleDoNotIndex(t *testing.T) {
	root := tree(t, map[string]string{
		"报告/年度总结.md":                "x",
		"notes.txt":                 "x",
		".hidden.txt":               "x",
		".git/config":               "x",
		"node_modules/lib/index.js": "x",
		"docs/build/out.html":       "x",
		"docs/guide.md":             "x",
		"~$draft.docx":              "x",
		"private/secret.txt":        "x",
		"private/.zhikuignore":      "*",
		"drafts/a.md":               "x",
		"drafts/keep.md":            "x",
		"drafts/.zhikuignore":       "*.md\n!keep.md",
		"logs/app.log":              "x",
		".zhikuignore":              "*.log\n",
	})
	files, problems := walkRel(t, root, Options{})
	want := []string{"docs/guide.md", "drafts/keep.md", "notes.txt", "报告/年度总结.md"}
	if !reflect.DeepEqual(files, want) || problems != nil {
		t.Fatalf("files = %q (problems %q), want %q", files, problems, want)
	}
}

func TestRootIgnoreFileCanBringBackADefault(t *testing.T) {
	root := tree(t, map[string]string{
		"build/notes.md": "x",
		".zhikuignore":   "!build/\n",
	})
	if files, _ := walkRel(t, root, Options{}); !reflect.DeepEqual(files, []string{"build/notes.md"}) {
		t.Fatalf("files = %q", files)
	}
}

func TestIncludeAndExcludeOptions(t *testing.T) {
	root := tree(t, map[string]string{"a.md": "x", "b.txt": "x", "sub/c.md": "x", "sub/skip/d.md": "x"})
	files, _ := walkRel(t, root, Options{Include: []string{"*.md"}, Exclude: []string{"skip/"}})
	if want := []string{"a.md", "sub/c.md"}; !reflect.DeepEqual(files, want) {
		t.Fatalf("files = %q, want %q", files, want)
	}
}

func TestWalkOfASingleFile(t *testing.T) {
	root := tree(t, map[string]string{"只有一个.txt": "x"})
	var got []string
	Walk(filepath.Join(root, "只有一个.txt"), Options{}, func(e Entry) error {
		got = append(got, filepath.Base(e.Path))
		return nil
	})
	if !reflect.DeepEqual(got, []string{"只有一个.txt"}) {
		t.Fatalf("got %q", got)
	}
}

func TestSymlinksAreFollowedWithoutLooping(t *testing.T) {
	root := tree(t, map[string]string{"real/doc.md": "x"})
	outside := tree(t, map[string]string{"shared.md": "x"})
	must(t, os.Symlink(filepath.Join(root, "real"), filepath.Join(root, "real", "loop")))
	must(t, os.Symlink(outside, filepath.Join(root, "linked")))
	must(t, os.Symlink(filepath.Join(root, "missing"), filepath.Join(root, "dangling")))

	var loops, dangling int
	var files []string
	err := Walk(root, Options{}, func(e Entry) error {
		switch {
		case errors.Is(e.Err, ErrLoop):
			loops++
		case e.Err != nil:
			dangling++
		default:
			rel, _ := filepath.Rel(root, e.Path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if want := []string{"linked/shared.md", "real/doc.md"}; !reflect.DeepEqual(files, want) || loops != 1 || dangling != 1 {
		t.Fatalf("files %q, %d loops, %d dangling; want %q, 1, 1", files, loops, dangling, want)
	}
}

func TestUnreadableFolderIsReportedAndTheWalkGoesOn(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder regardless of permissions")
	}
	root := tree(t, map[string]string{"locked/a.md": "x", "open/b.md": "x"})
	must(t, os.Chmod(filepath.Join(root, "locked"), 0))
	t.Cleanup(func() { os.Chmod(filepath.Join(root, "locked"), 0o755) })
	files, problems := walkRel(t, root, Options{})
	if !reflect.DeepEqual(files, []string{"open/b.md"}) || !reflect.DeepEqual(problems, []string{"locked"}) {
		t.Fatalf("files %q problems %q", files, problems)
	}
}

func TestStopsWhenTheCallbackSaysSo(t *testing.T) {
	root := tree(t, map[string]string{"a.md": "x", "b.md": "x"})
	stop := errors.New("cancelled")
	n := 0
	err := Walk(root, Options{}, func(Entry) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("Walk = %v after %d files", err, n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A link out of the source into a hidden place (~/.ssh, a dotfile) is not
// followed: hidden entries are left out inside a source, and a folder
// someone hands you must not bring them in by a link. A link to an
// ordinary folder elsewhere still is.
func TestLinksIntoHiddenPlacesAreNotFollowed(t *testing.T) {
	home := tree(t, map[string]string{".ssh/id_rsa": "secret", ".bash_history": "secret", "papers/a.md": "x"})
	root := tree(t, map[string]string{"note.md": "x"})
	must(t, os.Symlink(filepath.Join(home, ".ssh"), filepath.Join(root, "keys")))
	must(t, os.Symlink(filepath.Join(home, ".bash_history"), filepath.Join(root, "history.txt")))
	must(t, os.Symlink(filepath.Join(home, "papers"), filepath.Join(root, "papers")))
	files, problems := walkRel(t, root, Options{})
	if want := []string{"note.md", "papers/a.md"}; !reflect.DeepEqual(files, want) || len(problems) > 0 {
		t.Fatalf("files %q, problems %q; want %q", files, problems, want)
	}
}
