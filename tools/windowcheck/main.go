// Command windowcheck opens the real desktop window under a virtual X
// display and proves it works: the window appears, the UI paints inside it,
// a screenshot is saved, and the app exits cleanly when asked. It prints its
// measurements as JSON for `make bench`. Dev-only; needs Xvfb, xdotool and
// ImageMagick's import (scripts/setup.sh installs them).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Result is what one run measured.
type Result struct {
	// WindowMillis is from starting the process to its window existing.
	WindowMillis float64 `json:"windowMillis"`
	// PaintMillis is from starting the process to the UI painted in it.
	PaintMillis float64 `json:"paintMillis"`
	// IdlePSSBytes is the proportional memory of the app and its web view
	// processes, two seconds after painting.
	IdlePSSBytes uint64 `json:"idlePssBytes"`
	Screenshot   string `json:"screenshot"`
	// Dropped is the folder a real drag-and-drop delivered, with -drop.
	Dropped string `json:"dropped,omitempty"`
}

func main() {
	bin := flag.String("bin", "build/bin/zhiku", "the desktop binary")
	out := flag.String("out", "test-artifacts/window", "folder for the screenshot and logs")
	asJSON := flag.Bool("json", false, "print the measurements as JSON")
	timeout := flag.Duration("timeout", 60*time.Second, "how long the window may take to appear and paint")
	drop := flag.Bool("drop", false, "also drag a folder onto the window and check it arrives (needs build/devtools/dragsource)")
	navigate := flag.Bool("navigate", false, "also have the page try to leave the app and open a window, and check both are refused")
	flag.Parse()

	res, err := run(*bin, *out, *timeout, *drop, *navigate)
	if err != nil {
		fmt.Fprintf(os.Stderr, "windowcheck: %v\n  (run it alone: go run ./tools/windowcheck -bin %s -out %s; logs in %s)\n", err, *bin, *out, *out)
		os.Exit(1)
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	fmt.Printf("window after %.0f ms, painted after %.0f ms, %.0f MiB (PSS) when idle; screenshot %s\n",
		res.WindowMillis, res.PaintMillis, float64(res.IdlePSSBytes)/(1<<20), res.Screenshot)
	if res.Dropped != "" {
		fmt.Printf("a real drag-and-drop of %s reached the app's drop handler\n", res.Dropped)
	}
	if *navigate {
		fmt.Println("the page's script could neither navigate the window away nor open another")
	}
}

func run(bin, out string, timeout time.Duration, drop, navigate bool) (Result, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return Result{}, err
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return Result{}, err
	}
	display, err := startXvfb(filepath.Join(out, "xvfb.log"))
	if err != nil {
		return Result{}, fmt.Errorf("start Xvfb: %w", err)
	}
	defer display.stop()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	appLog := filepath.Join(out, "zhiku.log")
	var trap *navigationTrap
	var env []string
	if navigate {
		if trap, err = startNavigationTrap(); err != nil {
			return Result{}, err
		}
		defer trap.close()
		env = append(env, "ZHIKU_TRY_NAVIGATE="+trap.url)
	}
	app, err := startApp(bin, display.name, appLog, env...)
	if err != nil {
		return Result{}, err
	}
	defer app.kill()

	var res Result
	window, err := waitForWindow(ctx, display.name, app)
	if err != nil {
		return res, fmt.Errorf("the window never appeared: %w", err)
	}
	res.WindowMillis = millisSince(app.started)

	res.Screenshot = filepath.Join(out, "desktop.png")
	if err := waitForPaint(ctx, display.name, window, res.Screenshot, app); err != nil {
		return res, fmt.Errorf("the window appeared but the UI never painted in it: %w", err)
	}
	res.PaintMillis = millisSince(app.started)

	time.Sleep(2 * time.Second)
	res.IdlePSSBytes = treePSS(app.cmd.Process.Pid)
	// A fresh screenshot once idle: what a person sees after start-up settles.
	if err := capture(display.name, window, res.Screenshot); err != nil {
		return res, err
	}
	if trap != nil {
		if err := trap.checkNavigationRefused(ctx, app, appLog); err != nil {
			return res, err
		}
		if err := capture(display.name, window, filepath.Join(out, "desktop-after-navigation.png")); err != nil {
			return res, err
		}
	}
	if drop {
		dragSource, err := siblingTool("dragsource")
		if err != nil {
			return res, err
		}
		if res.Dropped, err = dropFolder(ctx, display.name, dragSource, appLog); err != nil {
			return res, fmt.Errorf("real drag-and-drop: %w", err)
		}
		time.Sleep(500 * time.Millisecond) // let the UI show what arrived
		if err := capture(display.name, window, filepath.Join(out, "desktop-after-drop.png")); err != nil {
			return res, err
		}
	}
	if err := app.quit(10 * time.Second); err != nil {
		return res, fmt.Errorf("the app did not exit cleanly: %w", err)
	}
	return res, nil
}

func millisSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}

var errExited = errors.New("the app exited")
