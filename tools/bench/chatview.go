package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// chatViewRows seeds a chat of 2,000 turns and runs
// frontend/e2e/bench-chat.mjs, which opens and scrolls it in Chromium.
func chatViewRows(cfg config) ([]row, error) {
	work, err := os.MkdirTemp("", "zhiku-bench-chat-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	if err := searchbench(cfg, &struct{}{}, "seedchat", "-dir", work, "-queries", "2000"); err != nil {
		return nil, err
	}
	bin, err := filepath.Abs(cfg.bin)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", "e2e/bench-chat.mjs")
	cmd.Dir = "frontend"
	cmd.Env = append(os.Environ(), "ZHIKU_BIN="+bin, "ZHIKU_DATA_DIR="+filepath.Join(work, "zhiku"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("bench-chat.mjs: %w", err)
	}
	var r struct {
		OpenMillis, FrameP50Millis, FrameP95Millis, HeapBytes, DomNodes                 float64
		LongFrames, Frames                                                              int
		BaselineOpenMillis, BaselineFrameP95Millis, BaselineHeapBytes, BaselineDomNodes float64
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("read bench-chat output %q: %w", out, err)
	}
	return []row{
		{name: "chat view: open a 2,000-turn chat", value: r.OpenMillis, unit: "ms",
			baseline: fmt.Sprintf("%.0f ms for the same text as one static page", r.BaselineOpenMillis)},
		{name: "chat view: frame time scrolling it, p50 / p95", value: r.FrameP50Millis, unit: fmt.Sprintf("ms / %.1f", r.FrameP95Millis),
			baseline: fmt.Sprintf("static page p95 %.1f ms (this view: %d of %d frames over 50 ms)", r.BaselineFrameP95Millis, r.LongFrames, r.Frames)},
		{name: "chat view: JS heap with it open", value: r.HeapBytes / (1 << 20), unit: "MiB",
			baseline: fmt.Sprintf("static page %.1f MiB", r.BaselineHeapBytes/(1<<20))},
		{name: "chat view: DOM elements with it open", value: r.DomNodes, unit: "",
			baseline: fmt.Sprintf("static page %.0f", r.BaselineDomNodes)},
	}, nil
}
