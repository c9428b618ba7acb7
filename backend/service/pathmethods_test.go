package service

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

// pathWord is what a parameter's or field's name says when it holds a
// path on this computer.
var pathWord = regexp.MustCompile(`(?i)(path|dir|folder|file|source)s?$`)

// methodsNamingPaths returns every registered method of b whose
// arguments, or any field inside them, are strings named like a path,
// with what in them is.
func methodsNamingPaths(t *testing.T, b *Backend) map[string][]string {
	t.Helper()
	registry, err := rpc.New(b.Services())
	if err != nil {
		t.Fatal(err)
	}
	params := parameterNames(t)
	found := map[string][]string{}
	for _, full := range registry.Names() {
		service, method, _ := strings.Cut(full, ".")
		svc := reflect.ValueOf(b.Services()[service])
		fn := svc.MethodByName(method).Type()
		names := params[svc.Type().Elem().Name()+"."+method]
		if len(names) != fn.NumIn()-1 {
			t.Fatalf("%s: read %d parameter names from the source for %d parameters", full, len(names), fn.NumIn()-1)
		}
		for i := 1; i < fn.NumIn(); i++ {
			found[full] = append(found[full], pathsIn(names[i-1], fn.In(i), map[reflect.Type]bool{})...)
		}
		if len(found[full]) == 0 {
			delete(found, full)
		}
	}
	return found
}

// pathsIn lists the strings named like a path in a value of type typ
// called name, following struct fields, slices, maps and pointers.
func pathsIn(name string, typ reflect.Type, seen map[reflect.Type]bool) []string {
	switch typ.Kind() {
	case reflect.String:
		if pathWord.MatchString(name) {
			return []string{name}
		}
	case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map:
		return pathsIn(name, typ.Elem(), seen)
	case reflect.Struct:
		if seen[typ] {
			return nil
		}
		seen[typ] = true
		var out []string
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				for _, p := range pathsIn(f.Name, f.Type, seen) {
					out = append(out, name+"."+p)
				}
			}
		}
		delete(seen, typ)
		return out
	}
	return nil
}

// parameterNames reads the names of every method's parameters after the
// context from this package's source, which reflection cannot tell.
func parameterNames(t *testing.T) map[string][]string {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || len(fn.Recv.List) == 0 {
					continue
				}
				recv := fn.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				ident, ok := recv.(*ast.Ident)
				if !ok {
					continue
				}
				var names []string
				for _, field := range fn.Type.Params.List {
					for _, n := range field.Names {
						names = append(names, n.Name)
					}
					if len(field.Names) == 0 {
						names = append(names, "_")
					}
				}
				if len(names) > 0 {
					names = names[1:] // the context
				}
				out[ident.Name+"."+fn.Name.Name] = names
			}
		}
	}
	return out
}

// pathAccess is what a method does with a path the page names.
type pathAccess int

const (
	// reads the file or folder, or makes a knowledge base of it.
	reads pathAccess = iota
	// writes into the folder.
	writes
	// opensKnown hands a file of a knowledge base to the system to open.
	opensKnown
	// matchesOnly compares the path with what is indexed (a search's
	// filter, a saved answer's citation) or keeps it as a label, and
	// never opens it.
	matchesOnly
)

// pathTaker calls one service method with path where it takes one.
type pathTaker struct {
	method string
	access pathAccess
	call   func(ctx context.Context, path string) error
}

// pathTakers is every service method that takes a path from the page, in
// one table, which TestEveryMethodNamingAPathIsConfined checks against
// the registry. The library's methods come first: what follows proves
// that the sources the page tried to add did not become places it may
// name.
func pathTakers(b *Backend, kbID, datasetID, chatID int64) []pathTaker {
	download := func(folder string) DownloadRequest {
		return DownloadRequest{HubRequest: HubRequest{Hub: core.HubHuggingFace, Endpoint: "http://127.0.0.1:9", Repo: "org/m"},
			File: core.HubFile{Path: "model.gguf"}, Folder: folder}
	}
	return []pathTaker{
		{"Library.Create", reads, func(ctx context.Context, p string) error {
			_, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "taken " + p, Sources: []string{p}})
			return err
		}},
		{"Library.AddSources", reads, func(ctx context.Context, p string) error {
			_, err := b.Library.AddSources(ctx, kbID, []string{p})
			return err
		}},
		{"Library.CreateFromDrop", reads, func(ctx context.Context, p string) error {
			_, err := b.Library.CreateFromDrop(ctx, []string{p})
			return err
		}},
		{"Datasets.Import", reads, func(ctx context.Context, p string) error {
			_, err := b.Datasets.Import(ctx, datasetID, p, "messages")
			return err
		}},
		{"Models.Import", reads, func(ctx context.Context, p string) error { return b.Models.Import(ctx, p, "stolen") }},
		{"Models.ImportAdapter", reads, func(ctx context.Context, p string) error {
			return b.Models.ImportAdapter(ctx, p, "base", "stolen")
		}},
		{"Models.Fit", reads, func(ctx context.Context, p string) error {
			_, err := b.Models.Fit(ctx, FitRequest{Path: p})
			return err
		}},
		{"Datasets.Export", writes, func(ctx context.Context, p string) error {
			_, err := b.Datasets.Export(ctx, datasetID, ExportRequest{Format: "alpaca", Dir: p})
			return err
		}},
		{"Models.Download", writes, func(ctx context.Context, p string) error {
			_, err := b.Models.Download(ctx, download(p))
			return err
		}},
		{"Search.OpenFile", opensKnown, func(ctx context.Context, p string) error { return b.Search.OpenFile(ctx, p, 1) }},
		{"Search.RevealFile", opensKnown, func(ctx context.Context, p string) error { return b.Search.RevealFile(ctx, p) }},
		{"Search.Query", matchesOnly, func(ctx context.Context, p string) error {
			_, err := b.Search.Query(ctx, core.SearchQuery{Text: "zebracorn", Folder: p, Path: p})
			return err
		}},
		{"Chats.Create", matchesOnly, func(ctx context.Context, p string) error {
			_, err := b.Chats.Create(ctx, core.Chat{Settings: core.ChatSettings{Folder: p, Path: p},
				Turns: []core.Turn{{Answers: []core.Answer{{Sources: []core.Source{{Path: p}}}}}}})
			return err
		}},
		{"Chats.Update", matchesOnly, func(ctx context.Context, p string) error {
			_, err := b.Chats.Update(ctx, core.Chat{ID: chatID, Settings: core.ChatSettings{Folder: p, Path: p},
				Turns: []core.Turn{{Answers: []core.Answer{{Sources: []core.Source{{Path: p}}}}}}})
			return err
		}},
		{"Prompts.MarkBest", matchesOnly, func(ctx context.Context, p string) error {
			_, err := b.Prompts.MarkBest(ctx, core.Preference{Source: p, Chosen: core.PreferenceOutput{Output: "a"},
				Rejected: []core.PreferenceOutput{{Output: "b"}}})
			return err
		}},
	}
}

// noOpener refuses to open anything, so no test opens a real program.
type noOpener struct{ t *testing.T }

func (o noOpener) Open(path string, _ int) error {
	o.t.Errorf("asked to open %s", path)
	return nil
}

func (o noOpener) Reveal(path string) error {
	o.t.Errorf("asked to reveal %s", path)
	return nil
}

// Every method that takes a path from the page refuses one outside the
// places the person chose, and a writer refuses the data folder's
// internals and the knowledge bases' sources as well; a source the page
// tried to add does not become such a place, and nothing of it becomes
// searchable.
func TestEveryMethodNamingAPathIsConfined(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9") // nothing listens on the discard port
	base := t.TempDir()
	allowed := filepath.Join(base, "allowed")
	dataDir := filepath.Join(allowed, "zhiku") // inside a place the page may write
	source := folder(t, "notes", map[string]string{"a.md": "# Notes"})
	outside := filepath.Join(base, "secrets")
	for _, dir := range []string{outside, filepath.Join(allowed, ".config", "autostart")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A key as SSH saves it: the source's link leads indexing to it, and
	// a key is never indexed.
	key := "-----BEGIN OPENSSH PRIVATE KEY-----\nzebracorn\n-----END OPENSSH PRIVATE KEY-----\n"
	if err := os.WriteFile(filepath.Join(outside, "id_rsa"), []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(source, "link")); err != nil {
		t.Fatal(err)
	}
	dialogs := &pickedDialogs{}
	b, err := openWith(t, Options{DataDir: dataDir, Dialogs: dialogs, ConfinePaths: true, AllowedPaths: []string{allowed},
		Opener: noOpener{t}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dialogs.picked = source
	if _, err := b.System.PickFolder(ctx, "notes"); err != nil {
		t.Fatal(err)
	}
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "notes", Sources: []string{source}})
	if err != nil {
		t.Fatal(err)
	}
	set, err := b.Datasets.Create(ctx, "faq")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Datasets.Add(ctx, set.ID, []core.Record{{Kind: core.RecordQA, Prompt: "What is kept?", Answer: "Everything."}}); err != nil {
		t.Fatal(err)
	}
	chat, err := b.Chats.Create(ctx, core.Chat{Title: "c"})
	if err != nil {
		t.Fatal(err)
	}

	elsewhere := []string{outside, filepath.Join(outside, "id_rsa"), "/", filepath.Join(source, "..", "secrets", "id_rsa"),
		filepath.Join(allowed, ".config", "autostart"), "secrets"}
	// The link is the person's, in their folder, so indexing may follow
	// it; the page may still not name what it leads to.
	throughLink := filepath.Join(source, "link", "id_rsa")
	internals := []string{dataDir, filepath.Join(dataDir, "zhiku.db"), filepath.Join(dataDir, "zhiku.db-wal"),
		filepath.Join(dataDir, "zhiku.db-shm"), filepath.Join(dataDir, "settings.json"), filepath.Join(dataDir, "zhiku.lock"),
		filepath.Join(dataDir, "index"), filepath.Join(dataDir, "index", "kb-1.idx"), filepath.Join(dataDir, "cache"),
		filepath.Join(dataDir, "catalog.json"), filepath.Join(dataDir, "ollama-serve.log")}
	readOnly := []string{source, filepath.Join(source, "new")}

	for _, m := range pathTakers(b, kb.ID, set.ID, chat.ID) {
		paths, refused := append(append(elsewhere, internals...), throughLink), core.ErrPathNotAllowed.Is
		switch m.access {
		case writes:
			paths, refused = append(paths, readOnly...), core.ErrPathNotWritable.Is
		case opensKnown:
			paths, refused = append(elsewhere, internals...), core.ErrPathNotInLibrary.Is
		case matchesOnly:
			refused = func(error) bool { return true }
		}
		for _, p := range paths {
			if err := m.call(ctx, p); !refused(err) {
				t.Errorf("%s(%s) = %v, want it refused", m.method, p, err)
			}
		}
	}

	kbs, _ := b.Library.List(ctx)
	for _, kb := range kbs {
		b.Library.Wait(ctx, kb.ID)
	}
	if got, _ := b.Search.Query(ctx, core.SearchQuery{Text: "zebracorn"}); len(got.Hits) > 0 {
		t.Errorf("a file the page named became searchable: %s", got.Hits[0].Path)
	}
	if len(kbs) != 1 || len(kbs[0].Sources) != 1 {
		t.Errorf("the page added knowledge bases or sources: %+v", kbs)
	}
}

// The table of methods taking paths holds every registered method with
// an argument named like a path, and nothing else.
func TestThePathTableCoversTheRegistry(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	inTable := map[string]bool{}
	for _, m := range pathTakers(b, 0, 0, 0) {
		inTable[m.method] = true
	}
	found := methodsNamingPaths(t, b)
	for method, fields := range found {
		if !inTable[method] {
			t.Errorf("%s takes %v but is not in pathTakers: add it, with what it does with them", method, fields)
		}
	}
	for method := range inTable {
		if found[method] == nil {
			t.Errorf("%s is in pathTakers but takes no path", method)
		}
	}
}
