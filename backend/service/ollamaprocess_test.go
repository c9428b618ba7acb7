package service

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/store"
)

// fakeOllamaEnv makes the test binary stand in for `ollama serve`.
const fakeOllamaEnv = "ZHIKU_TEST_FAKE_OLLAMA"

func TestMain(m *testing.M) {
	if os.Getenv(fakeOllamaEnv) == "1" {
		os.Exit(fakeOllamaServe())
	}
	os.Exit(m.Run())
}

// fakeOllamaServe answers as Ollama does on OLLAMA_HOST until terminated.
func fakeOllamaServe() int {
	l, err := net.Listen("tcp", os.Getenv("OLLAMA_HOST"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error: listen:", err)
		return 1
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/version", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"version":"0.17.4"}`) })
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"models":[]}`) })
	go http.Serve(l, mux)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	return 0
}

// answers reports whether an Ollama answers at host.
func answers(host string) bool {
	client := http.Client{Timeout: time.Second}
	resp, err := client.Get("http://" + host + "/api/version")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Closing Zhiku stops the Ollama it started itself, and leaves alone one
// that was running before it, even when the person pressed Start as that
// one came up: Zhiku then starts nothing.
func TestClosingStopsOnlyTheOllamaZhikuStarted(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		runningBefore bool
	}{
		{"one running before Zhiku", true},
		{"one Zhiku started", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			host := l.Addr().String()
			l.Close()
			t.Setenv("OLLAMA_HOST", host)
			dir := t.TempDir()
			if tt.runningBefore {
				theirs := startFakeOllama(t, self, host)
				t.Cleanup(func() { theirs.Process.Kill(); theirs.Wait() })
			}
			// The ollama Zhiku would start leaves a mark, then serves.
			started := filepath.Join(dir, "started")
			script := filepath.Join(dir, "ollama")
			os.WriteFile(script, []byte(fmt.Sprintf("#!/bin/sh\ntouch %q\n%s=1 exec %q \"$@\"\n", started, fakeOllamaEnv, self)), 0o755)
			b, err := Open(context.Background(), Options{
				DataDir: filepath.Join(dir, "data"), Holder: store.NewHolder("test", ""),
				Supervisor:  &llm.Supervisor{LookPath: func() (string, bool) { return script, true }, LogPath: filepath.Join(dir, "ollama.log")},
				HeartbeatUp: time.Hour, HeartbeatDown: time.Hour,
			})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			status, err := b.Ollama.Start(ctx)
			if err != nil || !answers(host) {
				b.Close()
				t.Fatalf("Start = %+v, %v; Ollama answers: %v", status, err, answers(host))
			}
			_, statErr := os.Stat(started)
			if startedOne := statErr == nil; startedOne == tt.runningBefore || status.StartedByZhiku == tt.runningBefore {
				b.Close()
				t.Fatalf("Zhiku started an ollama: %v, and says so: %v; want %v", startedOne, status.StartedByZhiku, !tt.runningBefore)
			}
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
			if after := answers(host); after != tt.runningBefore {
				t.Fatalf("after Close Ollama answers: %v, want %v", after, tt.runningBefore)
			}
		})
	}
}

// startFakeOllama runs an Ollama of the person's own, not Zhiku's, and
// waits for it to answer.
func startFakeOllama(t *testing.T, self, host string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), fakeOllamaEnv+"=1", "OLLAMA_HOST="+host)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); !answers(host); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the person's Ollama never answered at %s", host)
		}
	}
	return cmd
}
