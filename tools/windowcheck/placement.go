package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// geometry is a window's place and size as X reports them.
type geometry struct{ x, y, width, height int }

func (g geometry) String() string { return fmt.Sprintf("%dx%d at %d,%d", g.width, g.height, g.x, g.y) }

func windowGeometry(display, window string) (geometry, error) {
	out, err := xcommand(display, "xdotool", "getwindowgeometry", "--shell", window).Output()
	if err != nil {
		return geometry{}, fmt.Errorf("xdotool getwindowgeometry: %w", err)
	}
	var g geometry
	for _, line := range strings.Fields(string(out)) {
		name, value, _ := strings.Cut(line, "=")
		switch name {
		case "X":
			fmt.Sscan(value, &g.x)
		case "Y":
			fmt.Sscan(value, &g.y)
		case "WIDTH":
			fmt.Sscan(value, &g.width)
		case "HEIGHT":
			fmt.Sscan(value, &g.height)
		}
	}
	return g, nil
}

// placed is where the check moves the window before closing it: not
// where it opens, and not its first size.
var placed = geometry{x: 140, y: 70, width: 1000, height: 660}

// moveWindow moves and resizes the window as a person dragging it would,
// and waits until X reports it there.
func moveWindow(ctx context.Context, display, window string, app *appProcess) error {
	for _, step := range [][]string{
		{"windowsize", window, fmt.Sprint(placed.width), fmt.Sprint(placed.height)},
		{"windowmove", window, fmt.Sprint(placed.x), fmt.Sprint(placed.y)},
	} {
		if out, err := xcommand(display, "xdotool", step...).CombinedOutput(); err != nil {
			return fmt.Errorf("xdotool %s: %v: %s", strings.Join(step, " "), err, out)
		}
	}
	return waitForGeometry(ctx, display, window, app, "after moving it")
}

// waitForGeometry waits until the window is where moveWindow put it.
func waitForGeometry(ctx context.Context, display, window string, app *appProcess, when string) error {
	var g geometry
	for {
		var err error
		if g, err = windowGeometry(display, window); err == nil && g == placed {
			return nil
		}
		if err := app.pause(ctx, 100*time.Millisecond); err != nil {
			return fmt.Errorf("the window is %s %s, want %s: %w", g, when, placed, err)
		}
	}
}

// reopenInPlace starts the app again on the data folder the closed
// window saved its placement in, and checks it opens where it was left.
func reopenInPlace(ctx context.Context, runs appRun, out string) error {
	if _, err := os.Stat(filepath.Join(runs.dataDir, "window.json")); err != nil {
		return fmt.Errorf("the closed window saved no placement: %w", err)
	}
	app, err := runs.start(filepath.Join(out, "zhiku-reopened.log"), runs.dataDir)
	if err != nil {
		return err
	}
	defer app.kill()
	window, err := waitForWindow(ctx, runs.display, app)
	if err != nil {
		return fmt.Errorf("the reopened window never appeared: %w", err)
	}
	if err := waitForGeometry(ctx, runs.display, window, app, "when reopened"); err != nil {
		return err
	}
	return app.quit(10 * time.Second)
}
