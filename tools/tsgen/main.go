// Command tsgen writes the TypeScript contract of the Go services: the JSON
// types they take and return (types.ts) and a typed client with Go's method
// names (services.ts), into frontend/src/lib/api. It reads the method set
// from the rpc registry, which both transports dispatch through, and the doc
// comments and constants from the Go source, so the page cannot drift from
// the API. Run it with `go generate ./backend/rpc`; a test fails when the
// committed files differ from what it writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
	"github.com/zhiku-app/zhiku/backend/service"
)

// outDir is where the generated files live, relative to the module root.
const outDir = "frontend/src/lib/api"

func main() {
	root := flag.String("root", ".", "the module's root directory")
	flag.Parse()
	files, err := generate(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tsgen:", err)
		os.Exit(1)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(*root, outDir, name), []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "tsgen:", err)
			os.Exit(1)
		}
	}
}

// generate returns the generated files by name.
func generate(root string) (map[string]string, error) {
	return generateWith(newTypeWalker(root))
}

// generateWith generates through w, which then holds every type declared.
func generateWith(w *typeWalker) (map[string]string, error) {
	if err := checkNullSlices(); err != nil {
		return nil, err
	}
	// The registry only needs the method sets, so unopened services do.
	services := (&service.Backend{}).Services()
	registry, err := rpc.New(services)
	if err != nil {
		return nil, fmt.Errorf("register the services: %w", err)
	}
	client, err := w.servicesFile(registry.Signatures(), services)
	if err != nil {
		return nil, err
	}
	for _, t := range eventPayloads {
		if _, err := w.ts(t); err != nil {
			return nil, fmt.Errorf("event payload %s: %w", t, err)
		}
	}
	types, err := w.typesFile()
	if err != nil {
		return nil, err
	}
	return map[string]string{"types.ts": types, "services.ts": client}, nil
}

// eventPayloads are the types events carry (backend/core/events.go), which
// no method may return but events.ts names.
var eventPayloads = []reflect.Type{
	reflect.TypeFor[core.ChatStream](), reflect.TypeFor[core.CompareColumn](), reflect.TypeFor[core.DownloadProgress](),
	reflect.TypeFor[core.FilesDropped](), reflect.TypeFor[core.GenerateProgress](), reflect.TypeFor[core.IndexProgress](),
	reflect.TypeFor[core.KnowledgeBase](), reflect.TypeFor[core.LibraryOpened](), reflect.TypeFor[core.OllamaStatus](),
	reflect.TypeFor[core.PullProgress](), reflect.TypeFor[core.SelfTestProgress](), reflect.TypeFor[core.Settings](),
}
