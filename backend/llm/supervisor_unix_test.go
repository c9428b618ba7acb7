//go:build unix

package llm_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// A named pipe where the server's log goes would block opening it for
// writing until something read it. The log is Zhiku's own: the pipe is
// replaced by a fresh log, which then holds what the server said.
func TestALogThatIsNotAFileIsReplaced(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "ollama-serve.log")
	fifotest.Make(t, logPath)
	sup := &llm.Supervisor{LookPath: fakeOllama(t, "echo 'Error: listen: address in use' >&2; exit 1"), LogPath: logPath}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	runtime := llm.NewRuntime(llmtest.ClosedPortURL(t), sup, nil)
	var err error
	fifotest.Returns(t, "starting Ollama with a named pipe for its log", func() { _, err = runtime.Start(ctx) })
	if !core.ErrOllamaStartFailed.Is(err) {
		t.Fatalf("Start = %v, want the start-failed problem", err)
	}
	if log, err := os.ReadFile(logPath); err != nil || !strings.Contains(string(log), "address in use") {
		t.Fatalf("the log holds %q, %v; want what the server said", log, err)
	}
}
