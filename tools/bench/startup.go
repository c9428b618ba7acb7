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

// windowStartup is the median of several windowcheck runs of one binary.
type windowStartup struct {
	windowMillis, paintMillis, pssBytes float64
}

// measureWindows opens the real window under Xvfb, alternating between
// Zhiku and the bare web-view baseline so both meet the same conditions.
func measureWindows(cfg config) (zhiku, baseline windowStartup, err error) {
	samples := map[string]*[3][]float64{cfg.bin: {}, cfg.webviewBaseline: {}}
	for range cfg.runs {
		for _, bin := range []string{cfg.bin, cfg.webviewBaseline} {
			out, err := exec.Command(cfg.windowcheck, "-bin", bin, "-out", filepath.Join("test-artifacts", "bench-window"), "-json").Output()
			if err != nil {
				return zhiku, baseline, fmt.Errorf("windowcheck %s: %w", bin, err)
			}
			var r struct {
				WindowMillis, PaintMillis float64
				IdlePSSBytes              uint64
			}
			if err := json.Unmarshal(out, &r); err != nil {
				return zhiku, baseline, fmt.Errorf("read windowcheck output %q: %w", out, err)
			}
			s := samples[bin]
			s[0], s[1], s[2] = append(s[0], r.WindowMillis), append(s[1], r.PaintMillis), append(s[2], float64(r.IdlePSSBytes))
		}
	}
	summary := func(s *[3][]float64) windowStartup {
		return windowStartup{median(s[0]), median(s[1]), median(s[2])}
	}
	return summary(samples[cfg.bin]), summary(samples[cfg.webviewBaseline]), nil
}

func windowRows(cfg config) ([]row, error) {
	z, b, err := measureWindows(cfg)
	if err != nil {
		return nil, err
	}
	bare := func(v float64, unit string) string {
		return fmt.Sprintf("%.0f %s for a bare WebKitGTK window", v, unit)
	}
	return []row{
		{name: "desktop: start to window shown", value: z.windowMillis, unit: "ms", baseline: bare(b.windowMillis, "ms")},
		{name: "desktop: start to first paint of the UI", value: z.paintMillis, unit: "ms", baseline: bare(b.paintMillis, "ms")},
		{name: "desktop: idle memory, app + web view (PSS)", value: z.pssBytes / (1 << 20), unit: "MiB", baseline: bare(b.pssBytes/(1<<20), "MiB")},
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
