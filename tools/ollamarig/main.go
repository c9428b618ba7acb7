// Command ollamarig runs a command against a real Ollama test server:
//
//	ollamarig -ollama BIN -gguf DIR -logs DIR -- COMMAND [ARGS…]
//
// It starts `ollama serve` on a free loopback port with a fresh home and
// models folder, imports the tiny generated models, runs COMMAND with
// ZHIKU_TEST_OLLAMA_HOST (and the binary, the model folder, and a registry
// serving the imported models for pulls) in its environment, and stops the server's process group afterwards — also when
// the command fails or the run is interrupted. Its exit status is
// COMMAND's. Dev-only; `make test` uses it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

func main() {
	ollama := flag.String("ollama", "", "the ollama binary to serve with")
	gguf := flag.String("gguf", "", "folder with the generated tiny GGUF models")
	logs := flag.String("logs", "test-artifacts/ollama", "folder for the server's log")
	pidFile := flag.String("pidfile", "build/devtools/ollama.pid", "where the server's process group is recorded, one per clone")
	flag.Parse()
	if *ollama == "" || *gguf == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: ollamarig -ollama BIN -gguf DIR [-logs DIR] -- COMMAND [ARGS…]")
		os.Exit(2)
	}
	os.Exit(run(*ollama, *gguf, *logs, *pidFile, flag.Args()))
}

func run(ollama, gguf, logs, pidFile string, command []string) int {
	fail := func(step string, err error) int {
		fmt.Fprintf(os.Stderr, "ollamarig: %s failed: %v\n  (server log: %s; run the rig alone with: make test-rig)\n",
			step, err, filepath.Join(logs, "serve.log"))
		return 1
	}
	stopStale(pidFile)

	work, err := os.MkdirTemp("", "zhiku-ollamarig-")
	if err != nil {
		return fail("creating a work folder", err)
	}
	defer os.RemoveAll(work)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	started := time.Now()
	server, err := llmtest.StartOllama(ctx, ollama, work, filepath.Join(logs, "serve.log"))
	if err != nil {
		return fail("starting ollama serve", err)
	}
	defer func() {
		server.Stop()
		os.Remove(pidFile)
	}()
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(server.PID())), 0o600); err != nil {
		return fail("recording the server's pid", err)
	}
	if err := llmtest.ImportTinyModels(ctx, server.URL, gguf); err != nil {
		return fail("importing the tiny models", err)
	}
	registry, stopRegistry, err := llmtest.ServeRegistry(filepath.Join(work, "models"))
	if err != nil {
		return fail("serving the tiny models as a registry", err)
	}
	defer stopRegistry()
	fmt.Fprintf(os.Stderr, "ollamarig: Ollama test server at %s, models imported in %s\n",
		server.URL, time.Since(started).Round(time.Millisecond))

	cmd := exec.Command(command[0], command[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(),
		llmtest.EnvHost+"="+server.URL.String(),
		llmtest.EnvOllamaBin+"="+ollama,
		llmtest.EnvGGUFDir+"="+gguf,
		llmtest.EnvRegistry+"="+registry,
	)
	// The command shares the terminal's Ctrl+C; the rig waits for it to
	// finish and then stops the server, rather than dying first.
	signal.Ignore(syscall.SIGINT)
	terms := make(chan os.Signal, 1)
	signal.Notify(terms, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		return fail("starting "+command[0], err)
	}
	go func() {
		for sig := range terms {
			cmd.Process.Signal(sig)
		}
	}()
	err = cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	default:
		return fail("running "+command[0], err)
	}
}

// stopStale ends a server an earlier, killed run left behind, so it is
// never reused by mistake and never holds memory. Only a process whose
// command line is an ollama serve is touched.
func stopStale(pidFile string) {
	data, err := os.ReadFile(pidFile)
	if err != nil {
		return
	}
	os.Remove(pidFile)
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 1 {
		return
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), "ollama") || !strings.Contains(string(cmdline), "serve") {
		return
	}
	fmt.Fprintf(os.Stderr, "ollamarig: stopping a stale test server from an earlier run (pid %d)\n", pid)
	syscall.Kill(-pid, syscall.SIGTERM)
	time.Sleep(2 * time.Second)
	syscall.Kill(-pid, syscall.SIGKILL)
}
