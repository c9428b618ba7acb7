package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type appProcess struct {
	cmd     *exec.Cmd
	started time.Time
	exited  chan struct{}
	waitErr error
}

// appRun is what every start of the app in one check shares.
type appRun struct {
	bin, display string
	// dataDir is the check's data folder; a start may name another.
	dataDir string
	// env is added to every start's environment (the session bus, and
	// what a check asks of the app).
	env []string
}

// appEnv is the environment the app starts with: its own data folder,
// Ollama pointed at the test rig's server when one runs
// (ZHIKU_TEST_OLLAMA_HOST) or else at a closed loopback port (the window
// must work without it), and a fixed language so screenshots compare.
func (r appRun) appEnv(dataDir string) []string {
	ollama := os.Getenv("ZHIKU_TEST_OLLAMA_HOST")
	if ollama == "" {
		ollama = closedLoopbackPort()
	}
	env := append(os.Environ(), "DISPLAY="+r.display, "ZHIKU_DATA_DIR="+dataDir,
		"OLLAMA_HOST="+ollama, "LANG=C.UTF-8", "LANGUAGE=", "LC_ALL=", "WAYLAND_DISPLAY=")
	return append(env, r.env...)
}

// start runs the desktop binary with args on dataDir, its output in
// logPath.
func (r appRun) start(logPath, dataDir string, args ...string) (*appProcess, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(r.bin, args...)
	cmd.Env = r.appEnv(dataDir)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	app := &appProcess{cmd: cmd, started: time.Now(), exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", r.bin, err)
	}
	go func() {
		app.waitErr = cmd.Wait()
		logFile.Close()
		close(app.exited)
	}()
	return app, nil
}

// pause waits for d, failing early if the app exits or time runs out.
func (a *appProcess) pause(ctx context.Context, d time.Duration) error {
	select {
	case <-a.exited:
		return fmt.Errorf("%w: %v", errExited, a.waitErr)
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// quit asks the app to close as a terminal's kill does and expects a clean
// exit within grace.
func (a *appProcess) quit(grace time.Duration) error {
	a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.exited:
		return a.waitErr
	case <-time.After(grace):
		return fmt.Errorf("still running %s after SIGTERM", grace)
	}
}

func (a *appProcess) kill() {
	syscall.Kill(-a.cmd.Process.Pid, syscall.SIGKILL)
	<-a.exited
}

func closedLoopbackPort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "127.0.0.1:9"
	}
	defer l.Close()
	return l.Addr().String()
}

// treePSS adds up the proportional set size of pid and all its
// descendants: the web view renders in child processes that belong to the
// app's footprint, and PSS shares each library page among the processes
// mapping it, where adding up RSS would count it once per process.
func treePSS(pid int) uint64 {
	children := map[int][]int{}
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// The command name may hold spaces; the fields after ")" are fixed.
		fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
		if len(fields) < 2 {
			continue
		}
		child, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		parent, _ := strconv.Atoi(fields[1])
		children[parent] = append(children[parent], child)
	}
	var total uint64
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		total += pssOf(p)
		queue = append(queue, children[p]...)
	}
	return total
}

func pssOf(pid int) uint64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Pss:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
