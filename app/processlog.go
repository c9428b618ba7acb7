package app

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/zhiku-app/zhiku/backend/errorlog"
)

// outputFile is the window's own log, in the data folder's logs folder
// beside the problems it showed (errorlog.FileName).
const outputFile = "output.log"

// logToDataFolder sends what the process logs to the data folder's
// logs/output.log as well as to stderr: a window started from a menu has
// no terminal, and what it said would be lost. slog's lines, the log
// package's, Wails' own (wailsLog) and the report of a crash go there,
// kept to two generations of errorlog.DefaultMaxBytes.
func logToDataFolder(dataDir string, stderr io.Writer) {
	if stderr == nil {
		stderr = io.Discard
	}
	out := errorlog.OpenFile(filepath.Join(dataDir, "logs"), outputFile, errorlog.DefaultMaxBytes)
	out.OnOpen(func(f *os.File) {
		// A crash writes to a file, not a writer: each generation in turn.
		if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
			fmt.Fprintln(stderr, "a crash would not be logged in", f.Name()+":", err)
		}
	})
	slog.SetDefault(slog.New(slog.NewTextHandler(eachWriter{out, stderr}, nil)))
}

// eachWriter writes to every writer whatever the others do: a window
// started from a menu on Windows has no stderr to write to, and a full
// disk must not silence the terminal.
type eachWriter []io.Writer

func (ws eachWriter) Write(p []byte) (int, error) {
	for _, w := range ws {
		w.Write(p)
	}
	return len(p), nil
}

// wailsLog passes Wails' own lines to slog, so they reach the data
// folder's log too.
type wailsLog struct{}

func (wailsLog) Print(message string)   { slog.Info(message, "from", "wails") }
func (wailsLog) Trace(message string)   { slog.Debug(message, "from", "wails") }
func (wailsLog) Debug(message string)   { slog.Debug(message, "from", "wails") }
func (wailsLog) Info(message string)    { slog.Info(message, "from", "wails") }
func (wailsLog) Warning(message string) { slog.Warn(message, "from", "wails") }
func (wailsLog) Error(message string)   { slog.Error(message, "from", "wails") }
func (wailsLog) Fatal(message string)   { slog.Error(message, "from", "wails") }
