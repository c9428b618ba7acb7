package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestChatsRefuseBadInput(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	hot := float32(3)
	cases := []struct {
		name string
		call func() error
		want core.ProblemKind
	}{
		{"unknown knowledge base", func() error {
			_, err := b.Chats.Create(ctx, core.Chat{KBIDs: []int64{42}})
			return err
		}, core.ErrKBNotFound},
		{"temperature out of range", func() error {
			_, err := b.Chats.Create(ctx, core.Chat{Settings: core.ChatSettings{Temperature: &hot}})
			return err
		}, core.ErrInvalidSetting},
		{"empty question", func() error {
			chat, _ := b.Chats.Create(ctx, core.Chat{})
			_, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "  \n"})
			return err
		}, core.ErrQuestionEmpty},
		{"deleted chat", func() error {
			_, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: 999, Question: "q"})
			return err
		}, core.ErrChatNotFound},
		{"bad rating", func() error { return b.Chats.Rate(ctx, 1, 5) }, core.ErrBadRequest},
		{"bad export format", func() error {
			chat, _ := b.Chats.Create(ctx, core.Chat{})
			_, err := b.Chats.Export(ctx, chat.ID, "pdf")
			return err
		}, core.ErrBadRequest},
		{"no dialogs outside the desktop", func() error {
			_, err := b.Chats.SaveExport(ctx, 1, "md")
			return err
		}, core.ErrNoDialogs},
	}
	for _, c := range cases {
		if err := c.call(); !c.want.Is(err) {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.want.Code)
		}
	}
}

// With Ollama unreachable the answer fails with the problem that says so.
func TestChatWithOllamaDownFailsClearly(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	chat, _ := b.Chats.Create(ctx, core.Chat{Settings: core.ChatSettings{Model: "qwen3"}})
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "hello"}); err != nil {
		t.Fatal(err)
	}
	b.Chats.runs.Wait()
	got, _ := b.Chats.Get(ctx, chat.ID)
	if a := got.Turns[0].Answers[0]; a.Status != core.AnswerFailed || !core.ErrOllamaUnreachable.Is(a.Problem) {
		t.Fatalf("answer = %+v", a)
	}
}

func TestChatExport(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	chat, _ := b.Chats.Create(ctx, core.Chat{Title: `Q3 / "report"`})
	turn, _ := b.store.AddTurn(ctx, chat.ID, "营收如何？", 0)
	a, _ := b.store.StartAnswer(ctx, turn.ID, "qwen3")
	now := time.Now()
	a.Content, a.Status, a.FinishedAt = "增长了 12% [2]。", core.AnswerDone, &now
	a.Sources = []core.Source{{N: 1, Path: "/d/a.md"}, {N: 2, Path: "/d/q3.pdf", Page: 4, Cited: true}}
	if err := b.store.FinishAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	md, err := b.Chats.Export(ctx, chat.ID, "md")
	if err != nil {
		t.Fatal(err)
	}
	want := "# Q3 / \"report\"\n\n## Question\n\n营收如何？\n\n### Answer (qwen3)\n\n增长了 12% [2]。\n\nSources:\n\n- [2] /d/q3.pdf, p. 4\n\n"
	if md.Content != want || md.FileName != "Q3 report.md" {
		t.Errorf("markdown export %q:\n%s", md.FileName, md.Content)
	}
	js, err := b.Chats.Export(ctx, chat.ID, "json")
	if err != nil {
		t.Fatal(err)
	}
	var back core.Chat
	if err := json.Unmarshal([]byte(js.Content), &back); err != nil || len(back.Turns) != 1 || len(back.Turns[0].Answers[0].Sources) != 2 {
		t.Errorf("json export does not read back: %v %+v", err, back)
	}
}

// An answer that stops arriving is given up as timed out, keeping the text
// so far, and the chat is free for the next question.
func TestStalledAnswerTimesOut(t *testing.T) {
	release := make(chan struct{})
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/api/show":
			fmt.Fprint(w, `{"model_info":{"general.architecture":"llama","llama.context_length":4096},"capabilities":["completion"]}`)
		case "/api/chat":
			if strings.Contains(string(body), `"num_predict":1}`) {
				fmt.Fprint(w, `{"done":true,"prompt_eval_count":40,"message":{"role":"assistant","content":""}}`+"\n")
				return
			}
			fmt.Fprint(w, `{"done":false,"message":{"role":"assistant","content":"The army"}}`+"\n")
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		default:
			fmt.Fprint(w, `{"version":"0.17.4","models":[]}`)
		}
	}))
	defer ollama.Close()
	defer close(release)
	t.Setenv("OLLAMA_HOST", ollama.URL)
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Chats.answers.Timing.StallFirst, b.Chats.answers.Timing.StallBetween = time.Minute, 100*time.Millisecond
	ctx := context.Background()
	chat, _ := b.Chats.Create(ctx, core.Chat{Settings: core.ChatSettings{Model: "m"}})
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "hello"}); err != nil {
		t.Fatal(err)
	}
	b.Chats.runs.Wait()
	got, _ := b.Chats.Get(ctx, chat.ID)
	if a := got.Turns[0].Answers[0]; a.Status != core.AnswerFailed || !core.ErrOllamaTimeout.Is(a.Problem) || a.Content != "The army" {
		t.Fatalf("answer = %+v", a)
	}
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "again"}); err != nil {
		t.Errorf("the chat stayed busy: %v", err)
	}
}

// A pull reports Ollama's progress and ends with a final event; an error
// line from Ollama ends it with a problem naming the model.
func TestPullReportsProgressAndProblems(t *testing.T) {
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Model string }
		json.NewDecoder(r.Body).Decode(&req)
		switch {
		case r.URL.Path != "/api/pull":
			fmt.Fprint(w, `{"version":"0.17.4","models":[]}`)
		case req.Model == "qwen3:0.6b":
			fmt.Fprint(w, `{"status":"pulling manifest"}`+"\n"+`{"status":"pulling abc","digest":"sha256:abc","total":100,"completed":40}`+"\n"+`{"status":"success"}`+"\n")
		default:
			fmt.Fprint(w, `{"error":"pull model manifest: file does not exist"}`+"\n")
		}
	}))
	defer ollama.Close()
	t.Setenv("OLLAMA_HOST", ollama.URL)
	pulled := make(chan core.PullProgress, 10)
	b, err := open(t, t.TempDir(), emitFunc(func(name string, payload any) {
		if p, ok := payload.(core.PullProgress); ok && p.Done {
			pulled <- p
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := []struct {
		model   string
		problem bool
	}{{"qwen3:0.6b", false}, {"no-such-model", true}}
	for _, c := range cases {
		if err := b.Ollama.Pull(ctx, c.model); err != nil {
			t.Fatal(err)
		}
		final := <-pulled
		if final.Model != c.model || (final.Problem != nil) != c.problem {
			t.Errorf("pull %s ended %+v", c.model, final)
		}
		if c.problem && (!core.ErrPullFailed.Is(final.Problem) || !strings.Contains(final.Problem.In(core.LocaleEnglish), "file does not exist")) {
			t.Errorf("pull %s problem = %+v", c.model, final.Problem)
		}
		if !c.problem && final.Status != "success" {
			t.Errorf("pull %s status = %q", c.model, final.Status)
		}
	}
	if err := b.Ollama.Pull(ctx, " "); !core.ErrNameEmpty.Is(err) {
		t.Errorf("pulling no name: err = %v", err)
	}
}

type emitFunc func(name string, payload any)

func (f emitFunc) Emit(name string, payload any) { f(name, payload) }

// A chat's title made from its first question passes the same check as
// a title the person types, so every later Update of the chat, which
// sends the title back, is accepted.
func TestTitlesFromQuestionsPassTheNameCheck(t *testing.T) {
	tests := []struct {
		name     string
		question string
		want     string
	}{
		{"plain", "What is kept?", "What is kept?"},
		{"spaces and lines", "  What\n\tis   kept? ", "What is kept?"},
		{"a replacement character", "caf\uFFFD menu", "caf menu"},
		{"invalid UTF-8", "caf\xff menu", "caf menu"},
		{"a bidi override", "invoice \u202Egpj.exe", "invoice gpj.exe"},
		{"an isolate and controls", "a\u2066b\x00c\x1bd\u0085e", "a b c d e"},
		{"long", strings.Repeat("问", 100), strings.Repeat("问", 60) + "…"},
		{"nothing left", "\uFFFD\u202E", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title := core.TitleFrom(tt.question)
			if title != tt.want {
				t.Errorf("core.TitleFrom(%q) = %q, want %q", tt.question, title, tt.want)
			}
			if checked, err := core.ValidOptionalName(title); err != nil || checked != title {
				t.Errorf("core.TitleFrom(%q) = %q, which the name check turns into %q, %v", tt.question, title, checked, err)
			}
		})
	}
}
