package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// loadRows runs the load test — twenty people chatting through the HTTP
// API while a 10,000-file folder indexes, under the race detector as make
// test runs it — and reports its figures against the same chats with
// nothing indexing, measured in the same run.
func loadRows(cfg config) ([]row, error) {
	work, err := os.MkdirTemp("", "zhiku-bench-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	report := filepath.Join(work, "load.json")
	cmd := exec.Command("go", "test", "-race", "-count=1", "-run", "^TestConcurrentChatsWhileIndexing$", "./backend/service")
	cmd.Env = append(os.Environ(), "ZHIKU_LOAD_REPORT="+report, "ZHIKU_LOAD_FILES=10000")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("load test: %v\n%s", err, out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return nil, err
	}
	var r struct {
		Files           int
		IdleAnswersPerS float64 `json:"idleAnswersPerSecond"`
		IdleP95Ms       float64
		AnswersPerS     float64 `json:"answersPerSecond"`
		P95Ms           float64
		FilesIndexed    int
		FilesPerS       float64 `json:"filesPerSecond"`
		IdleFilesPerS   float64 `json:"idleFilesPerSecond"`
		PeakHeapMiB     float64
		CloseMs         float64
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	return []row{
		{name: fmt.Sprintf("load: answers, 20 people while %d files index (race detector)", r.Files), value: r.AnswersPerS, unit: "answers/s",
			baseline: fmt.Sprintf("%.1f answers/s with nothing indexing", r.IdleAnswersPerS)},
		{name: "load: answer time p95, Enter to last token", value: r.P95Ms, unit: "ms",
			baseline: fmt.Sprintf("%.0f ms with nothing indexing", r.IdleP95Ms)},
		{name: "load: files indexed beside the chats", value: r.FilesPerS, unit: "files/s",
			baseline: fmt.Sprintf("%.1f files/s once the chats stop", r.IdleFilesPerS)},
		{name: "load: peak Go heap in use", value: r.PeakHeapMiB, unit: "MiB"},
		{name: "load: closing mid-indexing", value: r.CloseMs, unit: "ms"},
	}, nil
}
