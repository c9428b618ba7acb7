package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/httpapi"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

// stubOllama answers at once: chats with a sentence, embeddings with
// vectors of eight numbers.
func stubOllama(t *testing.T) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/chat":
			fmt.Fprint(w, `{"done":true,"prompt_eval_count":50,"eval_count":5,"message":{"role":"assistant","content":"It lasts two years [1]."}}`+"\n")
		case "/api/embed":
			var req struct{ Input []string }
			json.NewDecoder(r.Body).Decode(&req)
			vectors := make([][]float32, len(req.Input))
			for i := range vectors {
				vectors[i] = []float32{rand.Float32(), rand.Float32(), rand.Float32(), rand.Float32(), 1, 0, 0, 0}
			}
			json.NewEncoder(w).Encode(map[string]any{"embeddings": vectors})
		case "/api/show":
			fmt.Fprint(w, `{"model_info":{"general.architecture":"llama","llama.context_length":4096},"capabilities":["completion"]}`)
		case "/api/tags", "/api/ps":
			fmt.Fprint(w, `{"models":[]}`)
		default:
			fmt.Fprint(w, `{"version":"0.17.4"}`)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// Twenty people chat at once through the HTTP API while a folder of two
// thousand files indexes (ten thousand in make bench): every answer comes
// back whole, nothing errors or deadlocks, and memory stays bounded. Run
// with the race detector, as make test does.
func TestConcurrentChatsWhileIndexing(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	t.Setenv("OLLAMA_HOST", stubOllama(t).URL)
	events := httpapi.NewBroker()
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := b.Settings.Update(ctx, core.Settings{Language: "system", Theme: core.ThemeSystem, DefaultChatModel: "m", DefaultEmbedModel: "e"}); err != nil {
		t.Fatal(err)
	}
	registry, err := rpc.New(b.Services())
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(httpapi.New(registry, events, nil).Handler())
	defer api.Close()
	call := func(method string, out any, args ...any) error {
		body, _ := json.Marshal(args)
		resp, err := http.Post(api.URL+"/api/call/"+method, "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			var e map[string]any
			json.NewDecoder(resp.Body).Decode(&e)
			return fmt.Errorf("%s: %d %v", method, resp.StatusCode, e)
		}
		if out != nil {
			return json.NewDecoder(resp.Body).Decode(out)
		}
		return nil
	}

	files := map[string]string{}
	for i := range 2000 {
		files[fmt.Sprintf("d%02d/note-%04d.md", i%40, i)] = fmt.Sprintf("# Note %d\n\nThe warranty of item %d lasts %d years. 保修期为 %d 年。", i, i, i%5+1, i%5+1)
	}
	var kb core.KnowledgeBase
	if err := call("Library/Create", &kb, core.NewKnowledgeBase{Name: "notes", Sources: []string{folder(t, "notes", files)}}); err != nil {
		t.Fatal(err)
	}

	// The heap is sampled while the load runs: its peak is what must stay
	// bounded.
	var peak uint64
	sampling, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-sampling:
				return
			case <-time.After(100 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()

	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	answered := 0
	stop := time.Now().Add(8 * time.Second)
	for person := range 20 {
		wg.Go(func() {
			for time.Now().Before(stop) && ctx.Err() == nil {
				var chat core.Chat
				err := call("Chats/Create", &chat, core.Chat{KBIDs: []int64{kb.ID}})
				var turn core.Turn
				if err == nil {
					err = call("Chats/Ask", &turn, core.AskRequest{ChatID: chat.ID, Question: fmt.Sprintf("How long is the warranty of item %d?", person)})
				}
				for err == nil {
					var got core.Chat
					if err = call("Chats/Get", &got, chat.ID); err != nil {
						break
					}
					a := got.Turns[0].Answers[0]
					if a.Status == core.AnswerStreaming {
						time.Sleep(20 * time.Millisecond)
						continue
					}
					if a.Status != core.AnswerDone || !strings.Contains(a.Content, "two years") {
						err = fmt.Errorf("answer %s: %q %v", a.Status, a.Content, a.Problem)
					}
					break
				}
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					answered++
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	close(sampling)
	<-sampled
	if len(errs) > 0 {
		t.Fatalf("%d errors under load, the first: %v", len(errs), errs[0])
	}
	progress, err := b.Library.Wait(ctx, kb.ID)
	if err != nil || progress.Phase != core.PhaseDone || len(progress.Failures) != 0 {
		t.Fatalf("indexing under load: %+v, %v", progress, err)
	}
	t.Logf("%d answers in 8 s from 20 people while %d files indexed; peak heap in use %d MiB", answered, progress.FilesTotal, peak>>20)
	if answered < 20 || peak > 512<<20 {
		t.Errorf("%d answers, peak heap in use %d MiB", answered, peak>>20)
	}
}
