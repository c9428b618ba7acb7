package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

type xvfb struct {
	name string
	cmd  *exec.Cmd
}

// startXvfb starts a virtual display on a free number (-displayfd reports
// the one it chose), so a display already in use is never touched.
func startXvfb(logPath string) (*xvfb, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1360x900x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, fmt.Errorf("run Xvfb (is the xvfb package installed?): %w", err)
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		return nil, fmt.Errorf("Xvfb reported no display number; see %s", logPath)
	}
	return &xvfb{name: ":" + strings.TrimSpace(line), cmd: cmd}, nil
}

func (x *xvfb) stop() {
	x.cmd.Process.Signal(syscall.SIGTERM)
	x.cmd.Wait()
}

// waitForWindow polls xdotool until the app's window is mapped.
func waitForWindow(ctx context.Context, display string, app *appProcess) (string, error) {
	for {
		out, _ := xcommand(display, "xdotool", "search", "--onlyvisible", "--name", "Zhiku").Output()
		if ids := strings.Fields(string(out)); len(ids) > 0 {
			return ids[0], nil
		}
		if err := app.pause(ctx, 50*time.Millisecond); err != nil {
			return "", err
		}
	}
}

// waitForPaint captures the window until it shows a rendered UI: text,
// icons and borders give a screenshot many colours, while an empty or
// still-loading web view is one flat colour.
func waitForPaint(ctx context.Context, display, window, path string, app *appProcess) error {
	const renderedColours = 64
	for {
		if err := capture(display, window, path); err == nil {
			if n, err := distinctColours(path); err == nil && n >= renderedColours {
				return nil
			}
		}
		if err := app.pause(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
}

func capture(display, window, path string) error {
	var stderr bytes.Buffer
	cmd := xcommand(display, "import", "-window", window, path)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("screenshot with import: %v: %s", err, stderr.String())
	}
	return nil
}

func distinctColours(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return 0, err
	}
	seen := map[[3]uint32]struct{}{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = struct{}{}
		}
	}
	return len(seen), nil
}

func xcommand(display, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	return cmd
}
