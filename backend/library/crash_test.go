package library

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/crashtest"
	"github.com/zhiku-app/zhiku/backend/store"
)

// TestMain lets the test binary act as an indexing process: one the crash
// test kills, which commits each file it indexes, or with
// ZHIKU_HOSTILE_CHILD set one whose memory is measured.
func TestMain(m *testing.M) {
	crashtest.Main(map[string]crashtest.Work{"index": crashChild})
	if dir := os.Getenv("ZHIKU_HOSTILE_CHILD"); dir != "" {
		os.Exit(hostileChild(dir, os.Getenv("ZHIKU_HOSTILE_SOURCE"), os.Getenv("ZHIKU_AMPLIFYING_SOURCE")))
	}
	os.Exit(m.Run())
}

func crashChild(dataDir string) error {
	ctx := context.Background()
	st, err := store.Open(ctx, dataDir, store.NewHolder("crash-test", ""))
	if err != nil {
		return err
	}
	kbs, _ := st.KBs(ctx)
	var kb core.KnowledgeBase
	if len(kbs) == 0 {
		kb, err = st.CreateKB(ctx, core.KnowledgeBase{Name: "crash", Sources: []string{os.Getenv("ZHIKU_CRASH_SOURCE")}, Chunking: core.ChunkSettings{MaxTokens: 40, OverlapTokens: 8}})
		if err != nil {
			return err
		}
	} else {
		kb = kbs[0]
	}
	reportEvery = 0
	if n, err := strconv.Atoi(os.Getenv("ZHIKU_CRASH_SPILL")); err == nil {
		largeFileChunks = n // kill mid-stream, too
	}
	// Only files indexed in this run count, so a resumed run is killed
	// among new commits rather than while skipping what the last one did.
	changed := 0
	_, err = Sync(ctx, st, kb, Options{Report: func(p core.IndexProgress) {
		if p.Changed > changed {
			changed = p.Changed
			crashtest.Commit("%d", changed)
		}
	}})
	return err
}

// Indexing killed with SIGKILL at random points, many times over: after
// every kill the store opens, passes SQLite's integrity check, and every
// file it records as indexed is whole — its chunks are its own text — and
// the next run carries on where the last stopped.
func TestKillDuringIndexingLosesNothingCommitted(t *testing.T) {
	for _, spill := range []string{"", "5"} {
		name := "whole files"
		if spill != "" {
			name = "files streamed in batches"
		}
		t.Run(name, func(t *testing.T) { killDuringIndexing(t, spill) })
	}
}

func killDuringIndexing(t *testing.T, spill string) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	t.Setenv("ZHIKU_CRASH_SPILL", spill)
	source := filepath.Join(t.TempDir(), "docs")
	want := map[string]string{}
	for i := range 240 {
		text := fmt.Sprintf("# 文件 %d\n\n%s", i, strings.Repeat(fmt.Sprintf("第%d号文件的第一句话。Second sentence of file %d. ", i, i), 40+i%7))
		path := filepath.Join(source, fmt.Sprintf("d%03d.md", i))
		write(t, path, []byte(text))
		want[path] = text
	}
	dataDir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 7))
	kills, midStream := 0, 0
	for round := 0; round < 25 || (spill != "" && midStream == 0 && round < 50); round++ {
		jitter := time.Duration(rng.IntN(4000)) * time.Microsecond
		if spill != "" && midStream == 0 && round >= 10 {
			// A slow or busy machine may not reach the next file's first
			// batch within a few milliseconds of the last file's commit:
			// wait longer, so a kill still lands while a file streams.
			jitter = time.Duration(rng.IntN(40000)) * time.Microsecond
		}
		finished := runUntilKilled(t, dataDir, source, 1+rng.IntN(6), jitter)
		if _, inProgress := checkStore(t, dataDir, want); inProgress > 0 {
			midStream++
		}
		if finished {
			break
		}
		kills++
	}
	if spill != "" && midStream == 0 {
		t.Fatal("no kill landed while a file streamed; the test did not test that")
	}
	if kills < 20 {
		t.Fatalf("only %d kills landed mid-indexing; the test did not test", kills)
	}
	// A last run completes the knowledge base.
	runUntilKilled(t, dataDir, source, 1<<30, 0)
	indexed, _ := checkStore(t, dataDir, want)
	if indexed != len(want) {
		t.Fatalf("after the final run %d of %d files are indexed", indexed, len(want))
	}
	t.Logf("%d kills mid-indexing (%d while a file streamed); every check passed", kills, midStream)
}

// runUntilKilled runs the indexing child and kills it jitter after it
// reports starting its killAfter-th file, so kills land anywhere in a
// file's work; it reports whether the child finished first.
func runUntilKilled(t *testing.T, dataDir, source string, killAfter int, jitter time.Duration) bool {
	t.Helper()
	return crashtest.Run(t, "index", dataDir, killAfter, jitter, "ZHIKU_CRASH_SOURCE="+source).Finished
}

// checkStore opens the store as a restarted app would and checks it; it
// returns how many files are indexed, and how many were cut mid-stream.
func checkStore(t *testing.T, dataDir string, want map[string]string) (int, int) {
	t.Helper()
	ctx := context.Background()
	var st *store.Store
	var err error
	for try := 0; try < 50; try++ { // the killed process's lock goes with it, but let the OS catch up
		if st, err = store.Open(ctx, dataDir, store.NewHolder("checker", "")); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the store does not open after a kill: %v", err)
	}
	defer st.Close()
	if err := st.CheckIntegrity(ctx); err != nil {
		t.Fatalf("integrity check after a kill: %v", err)
	}
	kbs, err := st.KBs(ctx)
	if err != nil || len(kbs) != 1 {
		t.Fatalf("knowledge bases after a kill: %v, %v", kbs, err)
	}
	files, _ := st.Files(ctx, kbs[0].ID)
	indexed, inProgress := 0, 0
	for _, f := range files {
		if f.Status == core.FileIndexing {
			// The one large file the kill interrupted: recorded unfinished
			// (no hash), so the next sync redoes it.
			if inProgress++; inProgress > 1 || f.Hash != "" {
				t.Fatalf("%s is half-written after a kill (hash %q, %d such files)", f.Path, f.Hash, inProgress)
			}
			continue
		}
		if f.Status != core.FileIndexed {
			t.Fatalf("%s has status %s after a kill", f.Path, f.Status)
		}
		indexed++
		chunks, _ := st.Chunks(ctx, kbs[0].ID, f.Path)
		if len(chunks) != f.Chunks || len(chunks) == 0 {
			t.Fatalf("%s records %d chunks but has %d", f.Path, f.Chunks, len(chunks))
		}
		text := []rune(want[f.Path])
		for _, c := range chunks {
			if c.End > len(text) || string(text[c.Start:c.End]) != c.Text {
				t.Fatalf("a chunk of %s is not its text at [%d, %d)", f.Path, c.Start, c.End)
			}
		}
	}
	return indexed, inProgress
}
