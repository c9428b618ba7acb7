package service

import (
	"context"
	"log/slog"
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
		writeToLog(b.Log.log, operation, "", p)
	}
}

func writeToLog(log *errorlog.Log, operation, subject string, p *core.Problem) {
	if err := log.Add(operation, subject, p); err != nil {
		slog.Warn("a problem was not written to the error log", "code", p.Code, "err", err)
	}
}

// loggingEmitter passes events on, and writes the problems they end with
// to the error log: a failed sync or file, an answer, a download.
type loggingEmitter struct {
	next core.Emitter
	log  *errorlog.Log
}

func (e loggingEmitter) Emit(name string, payload any) {
	for _, s := range problemsShown(payload) {
		writeToLog(e.log, s.operation, s.subject, s.problem)
	}
	e.next.Emit(name, payload)
}

// shownProblem is a problem an event shows, with the operation it ended
// and what it concerned.
type shownProblem struct {
	operation, subject string
	problem            *core.Problem
}

// problemsShown are the problems an event carries that the window shows.
// Only final events count (a sync's last report, a download's end): a
// problem repeated in every report of a running job is logged once.
func problemsShown(payload any) []shownProblem {
	var out []shownProblem
	add := func(operation, subject string, p *core.Problem) {
		if p != nil {
			out = append(out, shownProblem{operation, subject, p})
		}
	}
	switch v := payload.(type) {
	case core.IndexProgress:
		if v.Phase != core.PhaseDone && v.Phase != core.PhaseFailed && v.Phase != core.PhaseCancelled {
			break
		}
		add("index", "", v.Problem)
		add("embed", v.EmbedModel, v.EmbedProblem)
		for _, f := range v.Failures {
			add("index", f.Path, f.Problem)
		}
	case core.ChatStream:
		if v.Answer != nil {
			add("chat", v.Answer.Model, v.Answer.Problem)
		}
	case core.PullProgress:
		add("pull", v.Model, v.Problem)
	case core.DownloadProgress:
		add("download", v.File, v.Problem)
	case core.CompareColumn:
		add("compare", "", v.Problem)
	case core.GenerateProgress:
		if v.Finished {
			add("generate", "", v.Problem)
		}
	case core.OllamaStatus:
		add("ollama", "", v.Problem) // sent only when it changes
	}
	return out
}
