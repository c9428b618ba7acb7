// Command windowcheck opens the real desktop window under a virtual X
// display and proves it works: the window appears, the UI paints inside it,
// a screenshot is saved, and the app exits cleanly when asked. It prints its
// measurements as JSON for `make bench`. With -open and -placement it
// also checks what a desktop install makes visible: "Open with Zhiku" on a
// folder while the window is open, a start with a folder, and a window
// reopening where it was closed. Dev-only; needs Xvfb, xdotool,
// ImageMagick's import and dbus-daemon (scripts/setup.sh installs them).
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
	// Opened is the folder a second start handed to the window, and
	// StartedWith the one the window was started with, with -open.
	Opened      string `json:"opened,omitempty"`
	StartedWith string `json:"startedWith,omitempty"`
	// Reopened is true when the window reopened where it was closed,
	// with -placement.
	Reopened bool `json:"reopened,omitempty"`
}

// checks are the optional checks of a run.
type checks struct {
	drop, navigate, open, placement bool
}

func main() {
	bin := flag.String("bin", "build/bin/zhiku", "the desktop binary")
	out := flag.String("out", "test-artifacts/window", "folder for the screenshot and logs")
	asJSON := flag.Bool("json", false, "print the measurements as JSON")
	timeout := flag.Duration("timeout", 60*time.Second, "how long the window may take to appear and paint")
	drop := flag.Bool("drop", false, "also drag a folder onto the window and check it arrives (needs build/devtools/dragsource)")
	navigate := flag.Bool("navigate", false, "also have the page try to leave the app and open a window, and check both are refused")
	open := flag.Bool("open", false, "also open a folder with a second start (\"Open with Zhiku\"), and start the window with a folder, and check both are indexed")
	placement := flag.Bool("placement", false, "also move and resize the window, close it, and check it reopens there")
	flag.Parse()

	res, err := run(*bin, *out, *timeout, checks{drop: *drop, navigate: *navigate, open: *open, placement: *placement})
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
	if res.Opened != "" {
		fmt.Printf("a second start handed %s to the window, which took the focus, and exited; it was indexed\n", res.Opened)
	}
	if res.StartedWith != "" {
		fmt.Printf("the window started with %s indexed it\n", res.StartedWith)
	}
	if res.Reopened {
		fmt.Printf("the window reopened %s, where it was closed\n", placed)
	}
}

func run(bin, out string, timeout time.Duration, want checks) (Result, error) {
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
	if want.navigate {
		if trap, err = startNavigationTrap(); err != nil {
			return Result{}, err
		}
		defer trap.close()
		env = append(env, "ZHIKU_TRY_NAVIGATE="+trap.url)
	}
	bus, err := startSessionBus(filepath.Join(out, "dbus.log"))
	if err != nil {
		return Result{}, err
	}
	defer bus.stop()
	dataDir, err := os.MkdirTemp("", "zhiku-window-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dataDir)
	defer os.RemoveAll(notesParent())
	runs := appRun{bin: bin, display: display.name, dataDir: dataDir, env: append(env, bus.env())}
	app, err := runs.start(appLog, dataDir)
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
	if want.drop {
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
	if want.open {
		if res.Opened, err = openWithZhiku(ctx, runs, window, app); err != nil {
			return res, fmt.Errorf("open with Zhiku: %w", err)
		}
		if err := app.pause(ctx, time.Second); err != nil { // the page shows the knowledge base
			return res, err
		}
		if err := capture(display.name, window, filepath.Join(out, "desktop-after-open.png")); err != nil {
			return res, err
		}
	}
	if want.placement {
		if err := moveWindow(ctx, display.name, window, app); err != nil {
			return res, err
		}
	}
	if err := app.quit(10 * time.Second); err != nil {
		return res, fmt.Errorf("the app did not exit cleanly: %w", err)
	}
	// Each later check has as long as the first.
	if want.placement {
		reopenCtx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if err := reopenInPlace(reopenCtx, runs, out); err != nil {
			return res, fmt.Errorf("reopen where it was: %w", err)
		}
		res.Reopened = true
	}
	if want.open {
		startCtx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if res.StartedWith, err = startWithFolder(startCtx, runs, out); err != nil {
			return res, fmt.Errorf("start with a folder: %w", err)
		}
	}
	return res, nil
}

func millisSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}

var errExited = errors.New("the app exited")
