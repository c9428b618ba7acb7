package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// handOffLimit is how long a second start may take to hand its folder
// to the running window and exit: it opens nothing itself.
const handOffLimit = 5 * time.Second

// notesFolder makes a folder of notes with a Chinese name, as people's
// folders have, holding a file search can find by indexedWord.
func notesFolder(name string) (string, error) {
	folder := filepath.Join(notesParent(), name)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", err
	}
	return folder, os.WriteFile(filepath.Join(folder, "读我.md"), []byte("# 西安\n\n"+indexedWord+"位于西安市临潼区。\n"), 0o644)
}

const indexedWord = "兵马俑"

// notesParent holds the folders a run opens; the run removes it.
func notesParent() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("zhiku-open-%d", os.Getpid()))
}

// openWithZhiku does what "Open with Zhiku" on a folder does while the
// window is open: a second `zhiku FOLDER`, here with the folder relative
// to where it starts, as a terminal gives it. It must hand the folder to
// the window and exit at once with success; the window must take the
// focus, and make a knowledge base of the folder and index it.
func openWithZhiku(ctx context.Context, runs appRun, window string, app *appProcess) (string, error) {
	folder, err := notesFolder("我的笔记")
	if err != nil {
		return "", err
	}
	// The focus goes elsewhere first, as when the person is in their
	// file manager.
	root, err := xcommand(runs.display, "xdotool", "search", "--maxdepth", "0", "").Output()
	if err != nil {
		return "", fmt.Errorf("find the root window: %w", err)
	}
	if out, err := xcommand(runs.display, "xdotool", "windowfocus", "--sync", strings.TrimSpace(string(root))).CombinedOutput(); err != nil {
		return "", fmt.Errorf("move the focus off the window: %v: %s", err, out)
	}
	second := exec.CommandContext(ctx, runs.bin, filepath.Base(folder))
	second.Dir = filepath.Dir(folder)
	second.Env = runs.appEnv(runs.dataDir)
	started := time.Now()
	output, err := second.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("the second start (zhiku %s) failed: %v\n%s", filepath.Base(folder), err, output)
	}
	if took := time.Since(started); took > handOffLimit {
		return "", fmt.Errorf("the second start took %s to hand over its folder, over %s", took.Round(time.Millisecond), handOffLimit)
	}
	if err := waitForFocus(ctx, runs.display, window, app); err != nil {
		return "", err
	}
	if err := waitIndexed(ctx, runs, runs.dataDir, filepath.Base(folder), app); err != nil {
		return "", err
	}
	return folder, nil
}

// startWithFolder starts the window as `zhiku FOLDER` on a data folder of
// its own, and checks the folder becomes a knowledge base, indexed, and
// the window paints; the screenshot shows it.
func startWithFolder(ctx context.Context, runs appRun, out string) (string, error) {
	folder, err := notesFolder("第一次打开")
	if err != nil {
		return "", err
	}
	dataDir, err := os.MkdirTemp("", "zhiku-window-open-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dataDir)
	app, err := runs.start(filepath.Join(out, "zhiku-started-with-folder.log"), dataDir, folder)
	if err != nil {
		return "", err
	}
	defer app.kill()
	window, err := waitForWindow(ctx, runs.display, app)
	if err != nil {
		return "", fmt.Errorf("the window started with a folder never appeared: %w", err)
	}
	shot := filepath.Join(out, "desktop-started-with-folder.png")
	if err := waitForPaint(ctx, runs.display, window, shot, app); err != nil {
		return "", fmt.Errorf("the window started with a folder never painted: %w", err)
	}
	if err := waitIndexed(ctx, runs, dataDir, filepath.Base(folder), app); err != nil {
		return "", err
	}
	if err := app.pause(ctx, time.Second); err != nil { // the page shows the knowledge base
		return "", err
	}
	if err := capture(runs.display, window, shot); err != nil {
		return "", err
	}
	return folder, app.quit(10 * time.Second)
}

// waitForFocus waits until the window has the keyboard focus.
func waitForFocus(ctx context.Context, display, window string, app *appProcess) error {
	var focused []byte
	for {
		focused, _ = xcommand(display, "xdotool", "getwindowfocus").Output()
		if strings.TrimSpace(string(focused)) == window {
			return nil
		}
		if err := app.pause(ctx, 100*time.Millisecond); err != nil {
			return fmt.Errorf("the window %s never took the focus (window %s has it): %w", window, strings.TrimSpace(string(focused)), err)
		}
	}
}

// waitIndexed searches the knowledge base kb with the command line, which
// reads beside the window holding the data folder, until the folder's
// file is found.
func waitIndexed(ctx context.Context, runs appRun, dataDir, kb string, app *appProcess) error {
	var last []byte
	for {
		search := exec.CommandContext(ctx, runs.bin, "search", "--kb", kb, "--mode", "keyword", indexedWord)
		search.Env = runs.appEnv(dataDir)
		last, _ = search.CombinedOutput()
		if strings.Contains(string(last), "读我.md") {
			return nil
		}
		if err := app.pause(ctx, 300*time.Millisecond); err != nil {
			return fmt.Errorf("the knowledge base %s was never searchable; zhiku search said:\n%s\n%w", kb, last, err)
		}
	}
}
