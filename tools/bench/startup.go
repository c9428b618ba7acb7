package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

func binaryRows(cfg config) ([]row, error) {
	info, err := os.Stat(cfg.bin)
	if err != nil {
		return nil, fmt.Errorf("build it first with make build: %w", err)
	}
	return []row{{name: "binary size (UI embedded)", value: float64(info.Size()) / (1 << 20), unit: "MiB"}}, nil
}

// windowRows opens the real window under Xvfb several times with
// tools/windowcheck and reports the medians.
func windowRows(cfg config) ([]row, error) {
	type result struct {
		WindowMillis, PaintMillis float64
		IdlePSSBytes              uint64
	}
	var window, paint, pss []float64
	for range cfg.runs {
		out, err := exec.Command(cfg.windowcheck, "-bin", cfg.bin, "-out", filepath.Join("test-artifacts", "bench-window"), "-json").Output()
		if err != nil {
			return nil, fmt.Errorf("windowcheck: %w", err)
		}
		var r result
		if err := json.Unmarshal(out, &r); err != nil {
			return nil, fmt.Errorf("read windowcheck output %q: %w", out, err)
		}
		window, paint, pss = append(window, r.WindowMillis), append(paint, r.PaintMillis), append(pss, float64(r.IdlePSSBytes))
	}
	return []row{
		{name: "desktop: start to window shown", value: median(window), unit: "ms"},
		{name: "desktop: start to first paint of the UI", value: median(paint), unit: "ms"},
		{name: "desktop: idle memory, app + web view (PSS)", value: median(pss) / (1 << 20), unit: "MiB"},
	}, nil
}

// serveRows runs frontend/e2e/bench-startup.mjs, which drives Chromium.
func serveRows(cfg config) ([]row, error) {
	bin, err := filepath.Abs(cfg.bin)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", "e2e/bench-startup.mjs")
	cmd.Dir = "frontend"
	cmd.Env = append(os.Environ(), "ZHIKU_BIN="+bin, fmt.Sprintf("BENCH_RUNS=%d", cfg.runs))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("bench-startup.mjs: %w", err)
	}
	var r struct {
		ListenMillis, PaintMillis, BaselinePaintMillis float64
		IdleRssBytes                                   float64
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("read bench-startup output %q: %w", out, err)
	}
	return []row{
		{name: "serve: start to listening", value: r.ListenMillis, unit: "ms"},
		{name: "serve: start to first paint in Chromium", value: r.PaintMillis, unit: "ms",
			baseline: fmt.Sprintf("%.0f ms for a one-line page from a bare server", r.BaselinePaintMillis)},
		{name: "serve: idle memory (RSS)", value: r.IdleRssBytes / (1 << 20), unit: "MiB"},
	}, nil
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
