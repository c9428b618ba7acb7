package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// dropFolder performs a real X11 drag-and-drop: a GTK drag source beside the
// app's window offers a folder (with a Chinese name, as people's folders
// have), and xdotool drags it onto the window with the mouse. It succeeds
// once the app's log shows the path reached its Go drop handler.
func dropFolder(ctx context.Context, display, dragSource, appLog string) (string, error) {
	folder := filepath.Join(os.TempDir(), fmt.Sprintf("zhiku-drop-%d", os.Getpid()), "我的资料 notes")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(folder, "读我.md"), []byte("# 知库\n"), 0o644); err != nil {
		return "", err
	}

	src := xcommand(display, dragSource, "-x", "1290", "-y", "10", folder)
	stdout, err := src.StdoutPipe()
	if err != nil {
		return "", err
	}
	src.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := src.Start(); err != nil {
		return "", fmt.Errorf("start the drag source %s: %w", dragSource, err)
	}
	defer func() {
		src.Process.Kill()
		src.Wait()
	}()
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- strings.TrimSpace(line) == "ready"
	}()
	select {
	case ok := <-ready:
		if !ok {
			return "", fmt.Errorf("the drag source did not start")
		}
	case <-ctx.Done():
		return "", fmt.Errorf("the drag source did not start: %w", ctx.Err())
	}

	// Press on the source, move across to the window in steps (drag
	// protocols need motion to find the target), and release over it.
	steps := [][]string{{"mousemove", "1320", "40"}, {"mousedown", "1"}}
	for i := 1; i <= 24; i++ {
		x := 1320 - (1320-745)*i/24
		y := 40 + (560-40)*i/24
		steps = append(steps, []string{"mousemove", fmt.Sprint(x), fmt.Sprint(y)})
	}
	steps = append(steps, []string{"mouseup", "1"})
	for _, step := range steps {
		if out, err := xcommand(display, "xdotool", step...).CombinedOutput(); err != nil {
			return "", fmt.Errorf("xdotool %s: %v: %s", strings.Join(step, " "), err, out)
		}
		time.Sleep(40 * time.Millisecond)
	}

	for {
		if log, err := os.ReadFile(appLog); err == nil &&
			strings.Contains(string(log), "files dropped on the window") && strings.Contains(string(log), folder) {
			return folder, nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("the drop of %s never reached the app's drop handler (see %s): %w", folder, appLog, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// siblingTool finds another dev tool built beside this one.
func siblingTool(name string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	path := filepath.Join(filepath.Dir(self), name)
	if _, err := os.Stat(path); err != nil {
		if p, lookErr := exec.LookPath(name); lookErr == nil {
			return p, nil
		}
		return "", fmt.Errorf("%s not found beside %s: build it with make %s", name, self, filepath.Join("build/devtools", name))
	}
	return path, nil
}
