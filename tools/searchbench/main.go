// Command searchbench measures retrieval at scale for `make bench`, one
// figure per process so each open time and resident size is clean:
//
//	searchbench prepare -dir D -n 100000 -dim 768   store, chromem-go DB and export
//	searchbench open -dir D -what zhiku|zhiku-cold|chromem-persistent|chromem-import
//	searchbench query -dir D                        latency of each retriever
//	searchbench embed -dir D -ollama URL -model M   the embedding pipeline against direct calls
//	searchbench rerank -dir D -ollama URL -model M  what reranking adds to a search
//
// Chunk texts are sentences of the CMRC 2018 set recombined (synthetic
// sentences where it is absent); vectors are random, which is all that
// cosine search speed depends on. Dev-only.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: searchbench prepare|open|query|embed|rerank|chat|seedchat -dir DIR [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	dir := fs.String("dir", "", "work folder")
	n := fs.Int("n", 10000, "chunks (prepare)")
	dim := fs.Int("dim", 768, "vector dimensions (prepare)")
	what := fs.String("what", "zhiku", "what to open (open)")
	queries := fs.Int("queries", 200, "queries per retriever (query), questions (chat)")
	profile := fs.String("cpuprofile", "", "write a CPU profile here")
	host := fs.String("ollama", "", "Ollama address (embed)")
	model := fs.String("model", "", "embedding model (embed), reranker (rerank)")
	files := fs.Int("files", 300, "files of about 4 KB (embed)")
	fs.Parse(os.Args[2:])
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "searchbench:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "searchbench: -dir is required")
		os.Exit(2)
	}
	ctx := context.Background()
	var out any
	var err error
	switch os.Args[1] {
	case "prepare":
		out, err = prepare(ctx, *dir, *n, *dim)
	case "open":
		out, err = open(ctx, *dir, *what)
	case "query":
		out, err = query(ctx, *dir, *queries)
	case "embed":
		out, err = embedRate(ctx, *dir, *host, *model, *files)
	case "rerank":
		out, err = rerankCost(ctx, *dir, *host, *model, *queries)
	case "chat":
		out, err = chat(ctx, *dir, *queries)
	case "seedchat":
		out, err = seedChat(ctx, *dir, *queries)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}

// fail stops the profile before exiting, so it is written.
func fail(err error) {
	pprof.StopCPUProfile()
	fmt.Fprintln(os.Stderr, "searchbench:", err)
	os.Exit(1)
}

// paths of the prepared data.
func storeDir(dir string) string   { return filepath.Join(dir, "zhiku") }
func chromemDir(dir string) string { return filepath.Join(dir, "chromem") }
func exportPath(dir string) string { return filepath.Join(dir, "chromem-export.gob") }

// residentMiB is this process's resident memory after a collection, as
// the OS counts it.
func residentMiB() float64 {
	runtime.GC()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb)
			return kb / 1024
		}
	}
	return 0
}

func seconds(d time.Duration) float64 { return d.Seconds() }
