package service

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// outbound records every request that would leave this computer: with
// HTTP_PROXY and HTTPS_PROXY pointing at it, Go's HTTP clients send it
// everything not addressed to loopback.
type outbound struct {
	mu    sync.Mutex
	hosts []string
}

func (o *outbound) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	o.hosts = append(o.hosts, r.Host)
	o.mu.Unlock()
	http.Error(w, "no network in tests", http.StatusBadGateway)
}

func (o *outbound) seen() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.hosts...)
}

// A whole working session — indexing, search, a chat, the models view —
// sends nothing anywhere but the configured Ollama; the hubs are reached
// only when the person asks for them.
func TestNothingLeavesThisComputerUnasked(t *testing.T) {
	// Go reads the proxy variables once per process, so the session runs
	// in a process of its own that sets them before any request.
	if os.Getenv("ZHIKU_PRIVACY_SESSION") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNothingLeavesThisComputerUnasked$", "-test.v")
		cmd.Env = append(os.Environ(), "ZHIKU_PRIVACY_SESSION=1")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS") {
			t.Fatalf("the session: %v\n%s", err, out)
		}
		return
	}
	watch := &outbound{}
	proxy := httptest.NewServer(watch)
	defer proxy.Close()
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("HTTPS_PROXY", proxy.URL)
	t.Setenv("NO_PROXY", "")
	ollama := stubOllama(t)
	t.Setenv("OLLAMA_HOST", ollama.URL)
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "handbook", Sources: []string{folder(t, "handbook", map[string]string{
		"warranty.md": "# Warranty\n\nThe warranty lasts two years. See https://example.com/terms for the terms.",
	})}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	if _, err := b.Search.Query(ctx, core.SearchQuery{Text: "warranty"}); err != nil {
		t.Fatal(err)
	}
	chat, _ := b.Chats.Create(ctx, core.Chat{KBIDs: []int64{kb.ID}, Settings: core.ChatSettings{Model: "m"}})
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "How long is the warranty?"}); err != nil {
		t.Fatal(err)
	}
	b.Chats.runs.Wait()
	if got, _ := b.Chats.Get(ctx, chat.ID); got.Turns[0].Answers[0].Status != core.AnswerDone {
		t.Fatalf("the chat did not answer: %+v", got.Turns[0].Answers[0])
	}
	b.Models.List(ctx)
	b.Models.Catalog(ctx, 0)
	if hosts := watch.seen(); len(hosts) != 0 {
		t.Fatalf("requests left this computer unasked: %v", hosts)
	}

	// Asked for, a hub is reached — which proves the watch sees traffic.
	b.Models.HubFiles(ctx, HubRequest{Hub: core.HubHuggingFace, Endpoint: "http://hub.example", Repo: "Qwen/Qwen3-8B-GGUF"})
	if hosts := watch.seen(); len(hosts) != 1 || !strings.HasPrefix(hosts[0], "hub.example") {
		t.Fatalf("the asked-for hub request went to %v", hosts)
	}
}
