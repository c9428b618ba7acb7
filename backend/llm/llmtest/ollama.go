//go:build unix

package llmtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/zhiku-app/zhiku/backend/llm"
)

// The tiny models tools/tinymodel writes and the rig imports. The static
// embedding model's vectors mean something (similar texts, similar
// vectors), so retrieval figures measured with it are real, if weak.
const (
	ChatModel        = "zhiku-tiny-chat"
	EmbedModel       = "zhiku-tiny-embed"
	StaticEmbedModel = "zhiku-static-embed"
)

// StaticEmbedExpectation names the file tools/tinymodel writes beside the
// static model: the vectors Ollama must return for a few texts.
const StaticEmbedExpectation = StaticEmbedModel + ".expected.json"

// OllamaServer is a real `ollama serve` child process with its own home,
// models folder and loopback port, in its own process group.
type OllamaServer struct {
	URL     *url.URL
	LogPath string
	cmd     *exec.Cmd
	exited  chan struct{}
}

var listeningLine = regexp.MustCompile(`Listening on (127\.0\.0\.1:\d+)`)

// StartOllama runs `bin serve` on a free loopback port (Ollama picks it and
// names it in its log) with home and models under dir, and waits until it
// answers. Nothing is shared with any other Ollama on the machine.
func StartOllama(ctx context.Context, bin, dir, logPath string) (*OllamaServer, error) {
	home, models := filepath.Join(dir, "home"), filepath.Join(dir, "models")
	for _, d := range []string{home, models, filepath.Dir(logPath)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "HOME="+home, "OLLAMA_MODELS="+models, "OLLAMA_HOST=127.0.0.1:0",
		"OLLAMA_NOPRUNE=1", "OLLAMA_KEEP_ALIVE=10m")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s serve: %w", bin, err)
	}
	s := &OllamaServer{LogPath: logPath, cmd: cmd, exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()
	addr, err := s.waitForAddress(ctx)
	if err != nil {
		s.Stop()
		return nil, err
	}
	s.URL = &url.URL{Scheme: "http", Host: addr}
	return s, nil
}

func (s *OllamaServer) waitForAddress(ctx context.Context) (string, error) {
	for {
		if data, err := os.ReadFile(s.LogPath); err == nil {
			if m := listeningLine.FindSubmatch(data); m != nil {
				return string(m[1]), nil
			}
		}
		select {
		case <-s.exited:
			return "", fmt.Errorf("ollama serve exited before listening; see %s", s.LogPath)
		case <-ctx.Done():
			return "", fmt.Errorf("ollama serve did not start listening: %w; see %s", ctx.Err(), s.LogPath)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// PID is the server's process id, which is also its process group's.
func (s *OllamaServer) PID() int { return s.cmd.Process.Pid }

// Stop terminates the server's whole process group (its model runners
// included; killing only the server would orphan them), then kills what is
// left after a grace period.
func (s *OllamaServer) Stop() error {
	pgid := s.cmd.Process.Pid
	if err := syscall.Kill(-pgid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("stop ollama (group %d): %w", pgid, err)
	}
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-s.exited
	}
	// Runners may outlive the server by a moment; none may outlive the rig.
	syscall.Kill(-pgid, syscall.SIGKILL)
	return nil
}

// ImportTinyModels imports the generated chat and embedding models from
// ggufDir into the server at base, the way Zhiku imports any GGUF.
func ImportTinyModels(ctx context.Context, base *url.URL, ggufDir string) error {
	client := llm.NewClient(base, nil)
	for _, name := range []string{ChatModel, EmbedModel, StaticEmbedModel} {
		if err := client.ImportGGUF(ctx, name, filepath.Join(ggufDir, name+".gguf"), nil); err != nil {
			return fmt.Errorf("import %s: %w", name, err)
		}
	}
	// The chat model's text is noise; a fixed seed makes it the same noise
	// on every run, so a test that needs some text back does not, once in
	// a hundred runs, get an answer that stopped at its first token.
	seeded := &api.CreateRequest{Model: ChatModel, From: ChatModel, Parameters: map[string]any{"seed": chatSeed}}
	if err := api.NewClient(base, http.DefaultClient).Create(ctx, seeded, func(api.ProgressResponse) error { return nil }); err != nil {
		return fmt.Errorf("fix the seed of %s: %w", ChatModel, err)
	}
	return nil
}

// chatSeed is the chat model's sampling seed in the rig.
const chatSeed = 7
