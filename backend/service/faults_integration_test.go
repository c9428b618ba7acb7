//go:build integration

package service

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// Faults injected between Zhiku and the real Ollama while a knowledge base
// indexes: passing ones (500s, a slow server, a dropped connection) are
// retried with backoff and the index ends complete; vectors of the wrong
// length are refused with a clear problem, the text index is complete
// regardless, and the vectors arrive on the next sync once Ollama is
// right again. Nothing is ever half-written.
func TestIntegrationEmbeddingFaultsAroundOllama(t *testing.T) {
	cases := []struct {
		name    string
		fault   llmtest.Fault
		problem core.ProblemKind // "" when retries must hide the fault
	}{
		{"500s, then back", llmtest.Fault{Status: http.StatusInternalServerError, Times: 2}, core.ProblemKind{}},
		{"slow to answer", llmtest.Fault{Delay: 2 * time.Second, Times: 1}, core.ProblemKind{}},
		{"connection dropped mid-reply", llmtest.Fault{CutAfter: 20, Times: 2}, core.ProblemKind{}},
		{"vectors of another length", llmtest.Fault{VectorLength: 8}, core.ErrEmbeddingDimension},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, proxy, _, _, ctx := chatRig(t)
			kbs, _ := b.Library.List(ctx)
			kb := kbs[0]
			proxy.Inject("/api/embed", &c.fault)
			added := filepath.Join(kb.Sources[0], "成都.md")
			if err := os.WriteFile(added, []byte("# 成都\n\n大熊猫繁育研究基地位于成都市北郊。"), 0o644); err != nil {
				t.Fatal(err)
			}
			p := syncAndWait(t, b, ctx, kb.ID)
			if proxy.Faulted("/api/embed") == 0 {
				t.Fatal("no embedding request met the fault")
			}
			if p.Phase != core.PhaseDone || len(p.Failures) != 0 {
				t.Fatalf("sync with the fault = %+v", p)
			}
			if c.problem.Code == "" {
				if p.EmbedPending != 0 || p.EmbedProblem != nil || p.Embedded == 0 {
					t.Fatalf("a passing fault was not retried away: %+v", p)
				}
				assertFindsByVector(t, b, ctx, kb.ID, added)
				return
			}
			if !c.problem.Is(p.EmbedProblem) || p.EmbedPending == 0 {
				t.Fatalf("embedding problem = %+v, %d pending; want %s", p.EmbedProblem, p.EmbedPending, c.problem.Code)
			}
			if files, _ := b.Library.Files(ctx, kb.ID); !indexed(files, added) {
				t.Fatalf("the text of the new file is not indexed: %+v", files)
			}
			proxy.Inject("/api/embed", nil)
			if p := syncAndWait(t, b, ctx, kb.ID); p.EmbedPending != 0 || p.EmbedProblem != nil {
				t.Fatalf("the sync after the fault cleared = %+v", p)
			}
			assertFindsByVector(t, b, ctx, kb.ID, added)
		})
	}
}

func syncAndWait(t *testing.T, b *Backend, ctx context.Context, id int64) core.IndexProgress {
	t.Helper()
	if err := b.Library.Sync(ctx, id); err != nil {
		t.Fatal(err)
	}
	p, err := b.Library.Wait(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func indexed(files []core.FileRecord, path string) bool {
	for _, f := range files {
		if f.Path == path {
			return f.Status == core.FileIndexed
		}
	}
	return false
}

// assertFindsByVector checks that vector search alone reaches the file,
// so its vectors are stored and whole. The knowledge base is a few chunks,
// so the search returns them all.
func assertFindsByVector(t *testing.T, b *Backend, ctx context.Context, kbID int64, path string) {
	t.Helper()
	res, err := b.Search.Query(ctx, core.SearchQuery{Text: "大熊猫在哪里？", KBIDs: []int64{kbID}, Mode: core.RetrievalVector, Limit: 20})
	if err != nil || res.Mode != core.RetrievalVector || res.VectorProblem != nil {
		t.Fatalf("vector search = %+v, %v", res, err)
	}
	for _, h := range res.Hits {
		if h.Path == path {
			return
		}
	}
	t.Fatalf("vector search does not reach %s: %+v", path, res.Hits)
}

// Faults on the answer stream: a 500 fails the answer with Ollama's reason
// and no text, a server that never starts answering is given up on with a
// timeout, and after either, asking again works.
func TestIntegrationChatFaultsAroundOllama(t *testing.T) {
	cases := []struct {
		name    string
		fault   llmtest.Fault
		problem core.ProblemKind
	}{
		{"a 500", llmtest.Fault{Status: http.StatusInternalServerError}, core.ErrOllamaServer},
		{"no first token in time", llmtest.Fault{Delay: 3 * time.Second}, core.ErrOllamaTimeout},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, proxy, _, chat, ctx := chatRig(t)
			b.Chats.answers.Timing.StallFirst = time.Second
			proxy.Inject("/api/chat", &c.fault)
			turn, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: fmt.Sprintf("兵马俑在哪里？(%s)", c.name)})
			if err != nil {
				t.Fatal(err)
			}
			failed := settled(t, b, ctx, chat.ID).Turns[0].Answers[0]
			if proxy.Faulted("/api/chat") == 0 {
				t.Fatal("no chat request met the fault")
			}
			if failed.Status != core.AnswerFailed || !c.problem.Is(failed.Problem) || failed.Content != "" {
				t.Fatalf("answer under %s = %+v", c.name, failed)
			}
			proxy.Inject("/api/chat", nil)
			b.Chats.answers.Timing.StallFirst = time.Minute
			if _, err := b.Chats.Regenerate(ctx, turn.ID); err != nil {
				t.Fatal(err)
			}
			if again, _ := settled(t, b, ctx, chat.ID).Turns[0].ChosenAnswer(); again.Status != core.AnswerDone || again.Content == "" {
				t.Fatalf("asked again after the fault: %+v", again)
			}
		})
	}
}
