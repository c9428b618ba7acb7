package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// selfTestEvents hands over check-up progress: the first report and the
// last.
type selfTestEvents struct {
	started  chan core.SelfTestProgress
	finished chan core.SelfTestProgress
}

func newSelfTestEvents() *selfTestEvents {
	return &selfTestEvents{started: make(chan core.SelfTestProgress, 1), finished: make(chan core.SelfTestProgress, 1)}
}

func (e *selfTestEvents) Emit(name string, payload any) {
	p, ok := payload.(core.SelfTestProgress)
	if !ok || name != core.EventSelfTestProgress {
		return
	}
	if p.Finished {
		e.finished <- p
		return
	}
	select {
	case e.started <- p:
	default:
	}
}

func (e *selfTestEvents) final(t *testing.T) core.SelfTestProgress {
	t.Helper()
	select {
	case p := <-e.finished:
		return p
	case <-time.After(20 * time.Second):
		t.Fatal("the check-up never finished")
		return core.SelfTestProgress{}
	}
}

var festivalTowns = []string{"Arden", "Bexley", "Corfe", "Dunmore", "Elgin", "Fenwick", "Galloway", "Hexham", "Ilkley", "Jedburgh", "Kendal", "Ludlow"}

// festivalFolder is a folder of one short file per town.
func festivalFolder(t *testing.T) string {
	files := map[string]string{}
	for i, town := range festivalTowns {
		files[strings.ToLower(town)+".md"] = fmt.Sprintf("The %s lantern festival takes place every %d October near the old %s harbour.", town, i+1, town)
	}
	return folder(t, "festivals", files)
}

// festivalOllama answers the Q&A-pair writer with a question about the
// town its chunk names; while hold is set, it answers nothing until the
// request is cancelled or the test ends.
func festivalOllama(t *testing.T, hold *atomic.Bool) *httptest.Server {
	ended := make(chan struct{})
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/chat" {
			fmt.Fprint(w, `{"version":"0.17.4","models":[]}`)
			return
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		// Read whole, so the server notices the client going away.
		json.NewDecoder(r.Body).Decode(&req)
		io.Copy(io.Discard, r.Body)
		if hold.Load() {
			select {
			case <-r.Context().Done():
			case <-ended:
			}
			return
		}
		prompt := req.Messages[len(req.Messages)-1].Content
		question := "What is this?"
		for _, town := range festivalTowns {
			if strings.Contains(prompt, town) {
				question = "When does the " + town + " lantern festival take place?"
			}
		}
		pairs, _ := json.Marshal([]map[string]string{{"question": question, "answer": "In October."}})
		reply, _ := json.Marshal(map[string]any{"done": true, "message": map[string]string{"role": "assistant", "content": string(pairs)}})
		w.Write(append(reply, '\n'))
	}))
	t.Cleanup(func() {
		close(ended)
		ollama.Close()
	})
	return ollama
}

// A check-up measures the knowledge base, keeps the run, applies its
// recommendation to the retrieval settings in force and no more of them,
// and marks the run stale once the knowledge base's chunks change.
func TestSelfTestRunsAppliesAndGoesStale(t *testing.T) {
	var hold atomic.Bool
	ollama := festivalOllama(t, &hold)
	t.Setenv("OLLAMA_HOST", ollama.URL)
	events := newSelfTestEvents()
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "festivals", Sources: []string{festivalFolder(t)}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	// Reranking is on, with no reranker model chosen: it is not compared,
	// and applying a setting without it turns it off.
	if _, err := b.Library.Configure(ctx, kb.ID, core.KBSettings{Chunking: kb.Chunking, Rerank: true}); err != nil {
		t.Fatal(err)
	}
	settings := b.Settings.current()
	settings.Retrieval.RRFK, settings.Retrieval.Neighbours = 30, 2
	if _, err := b.Settings.Update(ctx, settings); err != nil {
		t.Fatal(err)
	}

	if err := b.SelfTest.Start(ctx, SelfTestRequest{KBID: kb.ID, Model: "writer", Questions: 20}); err != nil {
		t.Fatal(err)
	}
	final := events.final(t)
	if final.Problem != nil || final.Cancelled || final.Run == nil {
		t.Fatalf("final progress = %+v", final)
	}
	run := *final.Run
	if run.Questions != len(festivalTowns) || len(run.Scores) != 2 || run.Recommended != "keyword" || run.ChatModel != "writer" {
		t.Errorf("run = %+v; want every town asked about, keyword search alone measured twice and recommended", run)
	}
	runs, err := b.SelfTest.Runs(ctx, kb.ID)
	if err != nil || len(runs) != 1 || runs[0].ID != run.ID || runs[0].Stale {
		t.Fatalf("runs = %+v, %v", runs, err)
	}

	applied, err := b.SelfTest.Apply(ctx, run.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	want := settings.Retrieval
	want.Mode, want.Neighbours = core.RetrievalKeyword, 0
	if applied.Retrieval != want || b.Settings.current().Retrieval != want {
		t.Errorf("retrieval after Apply = %+v, want %+v", applied.Retrieval, want)
	}
	if after, err := b.store.KB(ctx, kb.ID); err != nil || after.Rerank || after.Chunking != kb.Chunking {
		t.Errorf("knowledge base after Apply = %+v, %v; want reranking off and its chunks as they were", after, err)
	}
	if _, err := b.SelfTest.Apply(ctx, run.ID, "vector"); !core.ErrInvalidSetting.Is(err) {
		t.Errorf("applying a setting the run did not measure: err = %v", err)
	}

	if _, err := b.Library.Configure(ctx, kb.ID, core.KBSettings{Chunking: core.ChunkSettings{MaxTokens: 500, OverlapTokens: 50}}); err != nil {
		t.Fatal(err)
	}
	if runs, _ := b.SelfTest.Runs(ctx, kb.ID); len(runs) != 1 || !runs[0].Stale {
		t.Errorf("after the chunk size changed, runs = %+v, want the run stale", runs)
	}
	if _, err := b.SelfTest.Apply(ctx, run.ID, ""); !core.ErrSelfTestStale.Is(err) {
		t.Errorf("applying a stale run: err = %v", err)
	}
}

// A check-up that is cancelled, or started twice, keeps nothing and says
// so; a knowledge base that is gone is named as such.
func TestSelfTestCancelAndRefusals(t *testing.T) {
	var hold atomic.Bool
	hold.Store(true)
	ollama := festivalOllama(t, &hold)
	t.Setenv("OLLAMA_HOST", ollama.URL)
	events := newSelfTestEvents()
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "festivals", Sources: []string{festivalFolder(t)}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)

	if err := b.SelfTest.Start(ctx, SelfTestRequest{KBID: kb.ID, Model: "writer"}); err != nil {
		t.Fatal(err)
	}
	<-events.started
	if err := b.SelfTest.Start(ctx, SelfTestRequest{KBID: kb.ID, Model: "writer"}); !core.ErrSelfTestBusy.Is(err) {
		t.Errorf("a second start while one runs: err = %v", err)
	}
	if err := b.SelfTest.Cancel(ctx, kb.ID); err != nil {
		t.Fatal(err)
	}
	if final := events.final(t); !final.Cancelled || final.Problem != nil || final.Run != nil {
		t.Errorf("final progress after Cancel = %+v", final)
	}
	if runs, _ := b.SelfTest.Runs(ctx, kb.ID); len(runs) != 0 {
		t.Errorf("a cancelled check-up was kept: %+v", runs)
	}
	if err := b.SelfTest.Start(ctx, SelfTestRequest{KBID: kb.ID + 100, Model: "writer"}); !core.ErrKBNotFound.Is(err) {
		t.Errorf("a knowledge base that is gone: err = %v", err)
	}
	if _, err := b.SelfTest.Apply(ctx, 999, ""); !core.ErrSelfTestRunNotFound.Is(err) {
		t.Errorf("a run that is gone: err = %v", err)
	}
}

// A candidate chunk size is measured when asked for, and applying it cuts
// the knowledge base again at that size; a size out of range is refused.
func TestSelfTestComparesAndAppliesAChunkSize(t *testing.T) {
	var hold atomic.Bool
	ollama := festivalOllama(t, &hold)
	t.Setenv("OLLAMA_HOST", ollama.URL)
	events := newSelfTestEvents()
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "festivals", Sources: []string{festivalFolder(t)}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	if err := b.SelfTest.Start(ctx, SelfTestRequest{KBID: kb.ID, Model: "writer", ChunkTokens: 10}); !core.ErrChunkSettings.Is(err) {
		t.Errorf("a chunk size below the least: err = %v", err)
	}
	if err := b.SelfTest.Start(ctx, SelfTestRequest{KBID: kb.ID, Model: "writer", ChunkTokens: 100}); err != nil {
		t.Fatal(err)
	}
	final := events.final(t)
	if final.Run == nil {
		t.Fatalf("final progress = %+v", final)
	}
	last := final.Run.Scores[len(final.Run.Scores)-1]
	if last.Setting.Key != "keyword@100" || last.Setting.ChunkTokens != 100 || last.Hit5 != 1 {
		t.Fatalf("the resized setting = %+v", last)
	}
	if _, err := b.SelfTest.Apply(ctx, final.Run.ID, "keyword@100"); err != nil {
		t.Fatal(err)
	}
	resized, err := b.store.KB(ctx, kb.ID)
	if err != nil || resized.Chunking.MaxTokens != 100 || resized.Chunking.OverlapTokens != kb.Chunking.OverlapTokens {
		t.Errorf("chunking after Apply = %+v, %v; want 100 tokens, the overlap kept", resized.Chunking, err)
	}
	if runs, _ := b.SelfTest.Runs(ctx, kb.ID); len(runs) != 1 || !runs[0].Stale {
		t.Errorf("after the chunk size was applied, runs = %+v, want the run stale", runs)
	}
}
