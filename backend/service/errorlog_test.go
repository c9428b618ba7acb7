package service

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

// revealRecorder remembers what it was asked to show, and fails when told.
type revealRecorder struct {
	revealed []string
	fail     error
}

func (r *revealRecorder) Open(string, int) error { return errors.New("not in this test") }
func (r *revealRecorder) Reveal(path string) error {
	r.revealed = append(r.revealed, path)
	return r.fail
}

// Every problem the window shows goes to the error log as well: what the
// page's calls return, with the call, and what events end with, with the
// file or model concerned; a job's running reports add nothing. Without
// LogProblems (the command line) nothing is written.
func TestProblemsShownGoToTheErrorLog(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	dataDir := t.TempDir()
	shown := &revealRecorder{}
	b, err := openWith(t, Options{DataDir: dataDir, ConfinePaths: true, LogProblems: true, Opener: shown})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	registry, err := rpc.New(b.Services())
	if err != nil {
		t.Fatal(err)
	}
	registry.OnProblem(b.LogProblem)
	arg, _ := json.Marshal(core.NewKnowledgeBase{Name: "文档", Sources: []string{"/no/such/folder"}})
	if _, err := registry.Call(ctx, "Library", "Create", []json.RawMessage{arg}); err == nil {
		t.Fatal("a knowledge base of a folder that does not exist was made")
	}

	unreadable := core.ErrFileUnreadable.New(errors.New("unexpected EOF"), "reason", "unexpected EOF")
	events := []struct {
		name    string
		payload any
	}{
		{core.EventIndexProgress, core.IndexProgress{Phase: core.PhaseIndexing, Failures: []core.FileFailure{{Path: "/docs/坏.pdf", Problem: unreadable}}}},
		{core.EventIndexProgress, core.IndexProgress{Phase: core.PhaseDone, EmbedModel: "bge-m3", EmbedProblem: core.ErrOllamaUnreachable.New(nil, "host", "127.0.0.1:9"),
			Failures: []core.FileFailure{{Path: "/docs/坏.pdf", Problem: unreadable}}}},
		{core.EventModelPull, core.PullProgress{Model: "qwen3:8b", Done: true, Problem: core.ErrOllamaUnreachable.New(nil, "host", "127.0.0.1:9")}},
		{core.EventModelPull, core.PullProgress{Model: "qwen3:8b", Completed: 10, Total: 100}},
		{core.EventChatStream, core.ChatStream{Status: core.AnswerStreaming, Content: "半句回答"}},
		{core.EventChatStream, core.ChatStream{Status: core.AnswerFailed, Answer: &core.Answer{Model: "qwen3:8b", Status: core.AnswerFailed,
			Content: "半句回答", Problem: core.ErrStreamCut.New(nil)}}},
		{core.EventDatasetProgress, core.GenerateProgress{Done: 1, Total: 2, Problem: core.ErrOllamaUnreachable.New(nil, "host", "127.0.0.1:9")}},
		{core.EventSelfTestProgress, core.SelfTestProgress{Finished: true, Problem: core.ErrSelfTestTooFew.New(nil, "kept", "2", "drawn", "50", "min", "10")}},
		{core.EventOllamaStatus, core.OllamaStatus{Problem: core.ErrOllamaUnreachable.New(nil, "host", "127.0.0.1:9")}},
	}
	for _, e := range events {
		b.emitter.Emit(e.name, e.payload)
	}

	got, err := b.Log.Recent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	ollama := 0
	for _, e := range got {
		if e.Operation == "ollama" {
			ollama++ // the heartbeat may have found Ollama gone too, at any time
			continue
		}
		lines = append(lines, e.Operation+" | "+e.Subject+" | "+e.Code)
		if e.Message[core.LocaleEnglish] == "" || e.Message[core.LocaleChinese] == "" || e.Time.IsZero() {
			t.Errorf("entry %+v lacks a message or a time", e)
		}
		if strings.Contains(e.Message[core.LocaleEnglish]+e.Detail, "半句回答") {
			t.Errorf("an answer's text went into the log: %+v", e)
		}
	}
	want := []string{ // newest first
		"selftest |  | " + core.ErrSelfTestTooFew.Code,
		"chat | qwen3:8b | " + core.ErrStreamCut.Code,
		"pull | qwen3:8b | " + core.ErrOllamaUnreachable.Code,
		"index | /docs/坏.pdf | " + core.ErrFileUnreadable.Code,
		"embed | bge-m3 | " + core.ErrOllamaUnreachable.Code,
		"Library.Create |  | " + core.ErrPathNotAllowed.Code,
	}
	if ollama == 0 {
		t.Error("Ollama's status with a problem was not logged")
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the log holds\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	// The page has the log shown in the file manager, never naming it.
	if err := b.Log.Reveal(ctx); err != nil || len(shown.revealed) != 1 || shown.revealed[0] != filepath.Join(dataDir, "logs", "zhiku.log") {
		t.Fatalf("Reveal = %v, showed %v", err, shown.revealed)
	}
	shown.fail = errors.New("no file manager")
	if err := b.Log.Reveal(ctx); !core.ErrLogRevealFailed.Is(err) || !strings.Contains(err.Error(), filepath.Join(dataDir, "logs")) {
		t.Fatalf("a file manager that fails: %v, want the folder named", err)
	}

	// The command line's backend writes nothing there.
	quiet := t.TempDir()
	cli, err := openWith(t, Options{DataDir: quiet})
	if err != nil {
		t.Fatal(err)
	}
	cli.LogProblem("Library.Create", core.ErrSourceMissing.New(nil, "path", "x"))
	cli.emitter.Emit(core.EventModelPull, core.PullProgress{Model: "m", Done: true, Problem: core.ErrOllamaUnreachable.New(nil, "host", "127.0.0.1:9")})
	if _, err := os.Stat(filepath.Join(quiet, "logs")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the command line wrote an error log: %v", err)
	}
	if got, err := cli.Log.Recent(ctx); err != nil || got == nil || len(got) != 0 {
		t.Errorf("an empty log reads as %#v, %v; want []", got, err)
	}
}
