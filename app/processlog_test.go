package app

import (
	"bytes"
	"log"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// crashingChild is set when the test runs itself as the process whose
// log is checked.
const crashingChild = "ZHIKU_TEST_PROCESS_LOG_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashingChild); dir != "" {
		logToDataFolder(dir, os.Stderr)
		slog.Info("the window opened", "folder", "我的笔记")
		log.Print("a line from the log package")
		wailsLog{}.Error("a line from Wails")
		panic("something went badly wrong")
	}
	os.Exit(m.Run())
}

// Started from a menu, the window has no terminal: what it logs, and the
// report of a crash, are in the data folder's logs/output.log, and still
// on stderr for a terminal there is.
func TestTheProcessLogsIntoTheDataFolder(t *testing.T) {
	dataDir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashingChild+"="+dataDir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("the process did not crash")
	}
	logged, err := os.ReadFile(filepath.Join(dataDir, "logs", outputFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"the window opened", "我的笔记", "a line from the log package", "a line from Wails",
		"panic: something went badly wrong", "goroutine 1"} {
		if !strings.Contains(string(logged), want) {
			t.Errorf("output.log lacks %q:\n%s", want, logged)
		}
	}
	if !strings.Contains(stderr.String(), "the window opened") || !strings.Contains(stderr.String(), "panic: something went badly wrong") {
		t.Errorf("stderr lacks the log or the crash:\n%s", stderr.String())
	}
}
