package llm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Supervisor starts `ollama serve` when the person asks and Ollama is
// installed but not running, and stops it on exit — only if Zhiku started it,
// so a server the person runs themselves is never touched.
type Supervisor struct {
	// LookPath finds the ollama binary; tests replace it.
	LookPath func() (string, bool)
	// LogPath receives the server's output, for the person to read when it
	// fails to start.
	LogPath string

	mu   sync.Mutex
	proc *os.Process
	done chan struct{}
}

// FindOllama looks for the ollama binary on PATH and where the official
// installers put it.
func FindOllama() (string, bool) {
	if p, err := exec.LookPath("ollama"); err == nil {
		return p, true
	}
	for _, p := range installLocations() {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, true
		}
	}
	return "", false
}

func installLocations() []string {
	switch runtime.GOOS {
	case "darwin":
		return []string{"/Applications/Ollama.app/Contents/Resources/ollama", "/usr/local/bin/ollama", "/opt/homebrew/bin/ollama"}
	case "windows":
		return []string{filepath.Join(os.Getenv("LOCALAPPDATA"), "Programs", "Ollama", "ollama.exe")}
	default:
		return []string{"/usr/local/bin/ollama", "/usr/bin/ollama"}
	}
}

// Installed reports whether an ollama binary was found.
func (s *Supervisor) Installed() bool {
	_, ok := s.lookPath()
	return ok
}

func (s *Supervisor) lookPath() (string, bool) {
	if s.LookPath != nil {
		return s.LookPath()
	}
	return FindOllama()
}

// Started reports whether a server Zhiku started is still running.
func (s *Supervisor) Started() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proc != nil
}

// Start runs `ollama serve` listening on host and waits until ready reports
// it answering, the process exits, or ctx ends. When ready already
// answers, nothing is started.
func (s *Supervisor) Start(ctx context.Context, host *url.URL, ready func(context.Context) error) error {
	if !IsLocalHost(host) {
		return core.ErrOllamaRemote.New(nil, "host", host.String())
	}
	binary, ok := s.lookPath()
	if !ok {
		return core.ErrOllamaNotInstalled.New(nil)
	}
	// One that already answers (the person's own, or a system service
	// that came up as they pressed Start) is not Zhiku's to start, nor
	// later to stop: a second would fail on the port in use while the
	// first answered for it, and be taken for Zhiku's.
	probeCtx, cancel := context.WithTimeout(ctx, time.Second)
	alreadyRunning := ready(probeCtx) == nil
	cancel()
	if alreadyRunning {
		return nil
	}
	s.mu.Lock()
	if s.proc != nil {
		s.mu.Unlock()
		return nil
	}
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "OLLAMA_HOST="+host.Host)
	setProcessGroup(cmd)
	if s.LogPath != "" {
		// The log is Zhiku's own: a named pipe in its place, which would
		// block the open or the server's writes, is replaced.
		logFile, err := core.OpenOrReplace(s.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			s.mu.Unlock()
			return core.ErrOllamaStartFailed.New(fmt.Errorf("open log %s: %w", s.LogPath, err))
		}
		defer logFile.Close() // the child keeps its own copy of the descriptor
		cmd.Stdout, cmd.Stderr = logFile, logFile
	}
	if err := cmd.Start(); err != nil {
		s.mu.Unlock()
		return core.ErrOllamaStartFailed.New(fmt.Errorf("run %s serve: %w", binary, err))
	}
	done := make(chan struct{})
	s.proc, s.done = cmd.Process, done
	s.mu.Unlock()

	go func() {
		_ = cmd.Wait()
		s.mu.Lock()
		if s.proc == cmd.Process {
			s.proc = nil
		}
		s.mu.Unlock()
		close(done)
	}()
	return s.waitReady(ctx, done, ready)
}

func (s *Supervisor) waitReady(ctx context.Context, exited <-chan struct{}, ready func(context.Context) error) error {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		probeCtx, cancel := context.WithTimeout(ctx, time.Second)
		err := ready(probeCtx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			return core.ErrOllamaStartFailed.New(fmt.Errorf("ollama serve exited before answering; see %s", s.LogPath))
		case <-ctx.Done():
			stopErr := s.Stop()
			return core.ErrOllamaStartFailed.New(errors.Join(fmt.Errorf("ollama serve did not answer: %w", ctx.Err()), stopErr))
		case <-tick.C:
		}
	}
}

// Stop ends the server Zhiku started, if any: it asks the whole process
// group to terminate (ollama serve has runner children), then kills it if it
// has not gone within the grace period.
func (s *Supervisor) Stop() error {
	s.mu.Lock()
	proc, done := s.proc, s.done
	s.mu.Unlock()
	if proc == nil {
		return nil
	}
	if err := terminateGroup(proc); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop ollama serve (pid %d): %w", proc.Pid, err)
	}
	select {
	case <-done:
		return nil
	case <-time.After(10 * time.Second):
		if err := killGroup(proc); err != nil && !errors.Is(err, os.ErrProcessDone) {
			return fmt.Errorf("kill ollama serve (pid %d): %w", proc.Pid, err)
		}
		<-done
		return nil
	}
}
