package service

import (
	"context"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/errorlog"
	"github.com/zhiku-app/zhiku/backend/opener"
)

// recentLogEntries is how many of the latest problems the page is given.
const recentLogEntries = 500

// Log shows the person the problems the window met, kept in logs/zhiku.log
// in the data folder. The page reads the log through it and has it shown
// in the file manager, but never names its path: the log is Zhiku's.
type Log struct {
	log    *errorlog.Log
	opener opener.Opener
}

// logFolder is where the error log is kept.
func logFolder(dataDir string) string { return filepath.Join(dataDir, "logs") }

// Recent returns the latest problems, newest first.
func (l *Log) Recent(ctx context.Context) ([]core.LogEntry, error) {
	entries, err := l.log.Recent(recentLogEntries)
	if err != nil {
		return nil, core.ErrLogUnreadable.New(err, "path", core.DisplayPath(l.log.Path()), "reason", err.Error())
	}
	if entries == nil {
		entries = []core.LogEntry{} // JSON says [], not null
	}
	return entries, nil
}

// Reveal shows the log file in the file manager, creating it if nothing
// was logged yet.
func (l *Log) Reveal(ctx context.Context) error {
	path := core.DisplayPath(l.log.Path())
	if err := l.log.Touch(); err != nil {
		return core.ErrLogRevealFailed.New(err, "path", filepath.Dir(path), "reason", err.Error())
	}
	if err := l.opener.Reveal(l.log.Path()); err != nil {
		return core.ErrLogRevealFailed.New(err, "path", filepath.Dir(path), "reason", err.Error())
	}
	return nil
}

// ShowFolder opens the logs folder in the file manager: the problems
// the window showed (zhiku.log) and the window's own output
// (output.log), for a person sending them with a report. The folder is
// always the data folder's: the page names no path.
func (l *Log) ShowFolder(ctx context.Context) error {
	dir := filepath.Dir(l.log.Path())
	if err := l.log.Touch(); err != nil { // makes the folder, on a first start
		return core.ErrLogRevealFailed.New(err, "path", core.DisplayPath(dir), "reason", err.Error())
	}
	if err := l.opener.Open(dir, 0); err != nil {
		return core.ErrLogRevealFailed.New(err, "path", core.DisplayPath(dir), "reason", err.Error())
	}
	return nil
}

// LogProblem writes a problem a call of the page's returned (operation is
// the call's "Service.Method") to the error log, when this backend keeps
// one (Options.LogProblems).
func (b *Backend) LogProblem(operation string, p *core.Problem) {
	if b.logProblems {
		b.Log.log.AddShown(operation, "", p)
	}
}
