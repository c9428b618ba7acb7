package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"
)

// indexRows measures the real `zhiku index` on a generated 200 MB mixed
// corpus: throughput and peak memory, against reading and hashing the same
// files (the I/O floor), in the same run.
func indexRows(cfg config) ([]row, error) {
	work, err := os.MkdirTemp("", "zhiku-bench-index-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	corpus := filepath.Join(work, "corpus")
	files, err := writeMixedCorpus(corpus, 200<<20, 100<<10, 1)
	if err != nil {
		return nil, fmt.Errorf("generate corpus: %w", err)
	}
	bytes, hashTime, err := readAndHash(corpus)
	if err != nil {
		return nil, err
	}
	elapsed, maxRSS, _, err := runIndex(cfg.bin, corpus, filepath.Join(work, "data"))
	if err != nil {
		return nil, err
	}
	mb := float64(bytes) / (1 << 20)
	return []row{
		{name: fmt.Sprintf("index: parse + chunk + store, %d mixed files (%.0f MB)", files, mb), value: mb / elapsed.Seconds(), unit: "MB/s",
			baseline: fmt.Sprintf("%.0f MB/s to read and hash the same files", mb/hashTime.Seconds())},
		{name: "index: files per second", value: float64(files) / elapsed.Seconds(), unit: "files/s"},
		{name: "index: peak memory of zhiku index (RSS)", value: float64(maxRSS) / (1 << 20), unit: "MiB"},
	}, nil
}

// resyncRows measures re-syncing an unchanged 10,000-file folder, and that
// one edit re-indexes exactly one file.
func resyncRows(cfg config) ([]row, error) {
	work, err := os.MkdirTemp("", "zhiku-bench-resync-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	folder, data := filepath.Join(work, "folder"), filepath.Join(work, "data")
	if _, err := writeMixedCorpus(folder, 10000*2<<10, 2<<10, 2); err != nil {
		return nil, err
	}
	if _, _, _, err := runIndex(cfg.bin, folder, data); err != nil {
		return nil, err
	}
	unchanged, _, out, err := runIndex(cfg.bin, folder, data)
	if err != nil {
		return nil, err
	}
	if changed := changedCount(out); changed != 0 {
		return nil, fmt.Errorf("an unchanged folder re-indexed %d files", changed)
	}
	edited := filepath.Join(folder, "english", "doc-0002.txt")
	f, err := os.OpenFile(edited, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	fmt.Fprint(f, "One more sentence, added by an edit. ")
	f.Close()
	_, _, out, err = runIndex(cfg.bin, folder, data)
	if err != nil {
		return nil, err
	}
	return []row{
		{name: "re-sync of an unchanged 10,000-file folder (whole command)", value: unchanged.Seconds(), unit: "s",
			baseline: "target under 2 s"},
		{name: "files re-indexed after editing one of 10,000", value: float64(changedCount(out)), unit: "files", baseline: "1 expected"},
	}, nil
}

// runIndex runs `zhiku index` and returns its wall time, peak resident
// memory and output.
func runIndex(bin, folder, dataDir string) (time.Duration, int64, string, error) {
	cmd := exec.Command(bin, "index", folder, "--kb", "bench", "--data-dir", dataDir)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "OLLAMA_HOST=127.0.0.1:9")
	start := time.Now()
	out, err := cmd.Output()
	elapsed := time.Since(start)
	if err != nil {
		return 0, 0, "", fmt.Errorf("zhiku index %s: %w", folder, err)
	}
	var maxRSS int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return elapsed, maxRSS, string(out), nil
}

var changedPattern = regexp.MustCompile(`(\d+) new or changed`)

func changedCount(summary string) int {
	m := changedPattern.FindStringSubmatch(summary)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func readAndHash(dir string) (int64, time.Duration, error) {
	start := time.Now()
	var total int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		n, err := io.Copy(sha256.New(), f)
		total += n
		return err
	})
	return total, time.Since(start), err
}
