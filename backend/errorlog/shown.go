package errorlog

import (
	"log/slog"

	"github.com/zhiku-app/zhiku/backend/core"
)

// AddShown writes a problem shown to the person to the log, and says
// where it cannot: a log that fails must not hide the problem itself.
func (l *Log) AddShown(operation, subject string, p *core.Problem) {
	if err := l.Add(operation, subject, p); err != nil {
		slog.Warn("a problem was not written to the error log", "code", p.Code, "err", err)
	}
}

// Emitter passes events on to Next, and writes the problems they end with
// to Log: a failed sync or file, an answer, a download.
type Emitter struct {
	Next core.Emitter
	Log  *Log
}

// Emit logs the problems the event shows, then passes it on.
func (e Emitter) Emit(name string, payload any) {
	for _, s := range problemsShown(payload) {
		e.Log.AddShown(s.operation, s.subject, s.problem)
	}
	e.Next.Emit(name, payload)
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
	case core.SelfTestProgress:
		if v.Finished {
			add("selftest", "", v.Problem)
		}
	case core.OllamaStatus:
		add("ollama", "", v.Problem) // sent only when it changes
	}
	return out
}
