package service

import (
	"context"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// In the window, pointing Zhiku at an Ollama on another computer needs the
// person's yes in a native dialog, in their language: a page cannot send
// their documents elsewhere on its own. Loopback addresses, and a server
// with no dialogs, are not asked about.
func TestAnOllamaOnAnotherComputerNeedsAYes(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	tests := []struct {
		name      string
		host      string
		dialogs   bool
		yes       bool
		asked     bool
		saved     bool
		problem   core.ProblemKind
		inChinese bool
	}{
		{"declined", "192.168.1.20:11434", true, false, true, false, core.ErrRemoteOllamaDeclined, false},
		{"confirmed", "http://gpu.local:11434", true, true, true, true, core.ProblemKind{}, false},
		{"asked in Chinese", "10.0.0.5", true, true, true, true, core.ProblemKind{}, true},
		{"loopback is not asked", "127.0.0.1:11500", true, false, false, true, core.ProblemKind{}, false},
		{"no dialogs, as in a browser", "192.168.1.20:11434", false, false, false, true, core.ProblemKind{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var questions []string
			opts := Options{DataDir: t.TempDir()}
			if tt.dialogs {
				opts.Dialogs = &pickedDialogs{yes: tt.yes, questions: &questions}
			}
			b, err := openWith(t, opts)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			next := core.DefaultSettings()
			if tt.inChinese {
				next.Language = core.LanguageChinese
				if _, err := b.Settings.Update(ctx, next); err != nil {
					t.Fatal(err)
				}
			}
			next.OllamaHost = tt.host
			_, err = b.Settings.Update(ctx, next)
			if tt.problem.Code != "" && !tt.problem.Is(err) || tt.problem.Code == "" && err != nil {
				t.Fatalf("Update = %v, want %q", err, tt.problem.Code)
			}
			if got, _ := b.Settings.Get(ctx); (got.OllamaHost == tt.host) != tt.saved {
				t.Fatalf("Ollama address now %q; saved should be %v", got.OllamaHost, tt.saved)
			}
			if (len(questions) == 1) != tt.asked {
				t.Fatalf("questions asked: %q", questions)
			}
			if tt.asked && tt.inChinese != strings.Contains(questions[0], "知库将把") {
				t.Fatalf("asked in the wrong language: %q", questions[0])
			}
			// The same address again is not asked about twice.
			if tt.saved && tt.asked {
				if _, err := b.Settings.Update(ctx, next); err != nil || len(questions) != 1 {
					t.Fatalf("saving the same address again: %v, %d questions", err, len(questions))
				}
			}
		})
	}
}

// In the window, a model hub Zhiku does not know is used only after a yes,
// once per session; the known hubs, those set in the environment and
// loopback stand-ins need none.
func TestAnUnknownHubNeedsAYes(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	t.Setenv("HF_ENDPOINT", "https://hf.internal.example")
	var questions []string
	dialogs := &pickedDialogs{questions: &questions}
	b, err := openWith(t, Options{DataDir: t.TempDir(), Dialogs: dialogs})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	hub := func(endpoint string) error {
		_, err := b.Models.hub(ctx, HubRequest{Hub: core.HubHuggingFace, Endpoint: endpoint})
		return err
	}
	for _, known := range []string{"", "https://hf-mirror.com", "https://modelscope.cn", "https://hf.internal.example/", "http://127.0.0.1:8080"} {
		if err := hub(known); err != nil || len(questions) != 0 {
			t.Fatalf("hub %q: %v, questions %q", known, err, questions)
		}
	}
	if err := hub("https://mirror.example"); !core.ErrHubDeclined.Is(err) || len(questions) != 1 || !strings.Contains(questions[0], "mirror.example") {
		t.Fatalf("an unknown hub declined: %v, questions %q", err, questions)
	}
	dialogs.yes = true
	if err := hub("https://mirror.example"); err != nil || len(questions) != 2 {
		t.Fatalf("an unknown hub confirmed: %v, questions %q", err, questions)
	}
	if err := hub("https://mirror.example/"); err != nil || len(questions) != 2 {
		t.Fatalf("a confirmed hub asked again: %v, questions %q", err, questions)
	}
}
