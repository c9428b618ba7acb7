package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
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

// loadReport is what the load test measured; make bench prints it.
type loadReport struct {
	Files           int     `json:"files"`
	IdleAnswersPerS float64 `json:"idleAnswersPerSecond"`
	IdleP95Ms       float64 `json:"idleP95Ms"`
	AnswersPerS     float64 `json:"answersPerSecond"`
	P95Ms           float64 `json:"p95Ms"`
	FilesIndexed    int     `json:"filesIndexed"`
	FilesPerS       float64 `json:"filesPerSecond"`
	IdleFilesPerS   float64 `json:"idleFilesPerSecond"`
	PeakHeapMiB     float64 `json:"peakHeapMiB"`
	CloseMs         float64 `json:"closeMs"`
}

const (
	people     = 20
	loadWindow = 8 * time.Second
	idleWindow = 3 * time.Second
)

// Twenty people chat at once through the HTTP API while a folder of ten
// thousand files indexes, for a bounded time: every answer comes back
// whole, nothing errors or deadlocks, memory stays bounded, indexing makes
// progress beside the chats, and closing stops it all promptly. The same
// chats with nothing indexing are the baseline. Run with the race
// detector, as make test does; make bench prints the figures.
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
	call := apiCaller(api.URL)

	var small core.KnowledgeBase
	if err := call("Library/Create", &small, core.NewKnowledgeBase{Name: "idle", Sources: []string{folder(t, "idle", notes(20))}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Library.Wait(ctx, small.ID); err != nil {
		t.Fatal(err)
	}
	idle := chatLoad(ctx, call, small.ID, idleWindow)
	if len(idle.errs) > 0 {
		t.Fatalf("%d errors with nothing indexing, the first: %v", len(idle.errs), idle.errs[0])
	}

	r := loadReport{Files: loadFiles(), IdleAnswersPerS: idle.perSecond(), IdleP95Ms: idle.p95Ms()}
	big := folder(t, "notes", notes(r.Files))
	var kb core.KnowledgeBase
	if err := call("Library/Create", &kb, core.NewKnowledgeBase{Name: "notes", Sources: []string{big}}); err != nil {
		t.Fatal(err)
	}
	// The chats start once the folder is scanned, so they meet its files
	// being parsed and stored, however slowly this machine scans.
	for phase(b, kb.ID) == core.PhaseScanning || phase(b, kb.ID) == "" {
		if ctx.Err() != nil {
			t.Fatal("the folder was still being scanned after two minutes")
		}
		time.Sleep(50 * time.Millisecond)
	}
	loaded := chatLoad(ctx, call, kb.ID, loadWindow)
	if len(loaded.errs) > 0 {
		t.Fatalf("%d errors under load, the first: %v", len(loaded.errs), loaded.errs[0])
	}
	r.AnswersPerS, r.P95Ms, r.PeakHeapMiB = loaded.perSecond(), loaded.p95Ms(), float64(loaded.peakHeap)/(1<<20)
	r.FilesIndexed = progressOf(b, kb.ID).FilesDone
	r.FilesPerS = float64(r.FilesIndexed) / loadWindow.Seconds()
	// Then indexing alone for a while, for its rate without the chats.
	time.Sleep(idleWindow)
	r.IdleFilesPerS = float64(progressOf(b, kb.ID).FilesDone-r.FilesIndexed) / idleWindow.Seconds()

	// Closing mid-indexing stops everything without a deadlock.
	closed := make(chan struct{})
	start := time.Now()
	go func() { b.Close(); close(closed) }()
	select {
	case <-closed:
		r.CloseMs = float64(time.Since(start).Milliseconds())
	case <-time.After(30 * time.Second):
		t.Fatal("closing the backend mid-indexing did not finish in 30 s")
	}

	t.Logf("%d people: %.1f answers/s (p95 %.0f ms) while %d of %d files indexed (%.1f files/s; %.1f without the chats); %.1f answers/s (p95 %.0f ms) with nothing indexing; peak heap %.0f MiB; closed in %.0f ms",
		people, r.AnswersPerS, r.P95Ms, r.FilesIndexed, r.Files, r.FilesPerS, r.IdleFilesPerS, r.IdleAnswersPerS, r.IdleP95Ms, r.PeakHeapMiB, r.CloseMs)
	if loaded.answered < people || r.FilesIndexed == 0 || r.PeakHeapMiB > 512 {
		t.Errorf("%d answers, %d files indexed, peak heap in use %.0f MiB", loaded.answered, r.FilesIndexed, r.PeakHeapMiB)
	}
	if path := os.Getenv("ZHIKU_LOAD_REPORT"); path != "" {
		data, _ := json.Marshal(r)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func progressOf(b *Backend, kbID int64) core.IndexProgress {
	progress, _ := b.Library.Progress(context.Background())
	for _, p := range progress {
		if p.KBID == kbID {
			return p
		}
	}
	return core.IndexProgress{}
}

func phase(b *Backend, kbID int64) core.IndexPhase { return progressOf(b, kbID).Phase }

func notes(n int) map[string]string {
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("d%02d/note-%05d.md", i%40, i)] = fmt.Sprintf("# Note %d\n\nThe warranty of item %d lasts %d years. 保修期为 %d 年。", i, i, i%5+1, i%5+1)
	}
	return files
}

// apiCaller calls a service method through the HTTP API, as the page does.
func apiCaller(base string) func(method string, out any, args ...any) error {
	return func(method string, out any, args ...any) error {
		body, _ := json.Marshal(args)
		resp, err := http.Post(base+"/api/call/"+method, "application/json", bytes.NewReader(body))
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
}

// loadResult is what a window of chatting measured.
type loadResult struct {
	window    time.Duration
	answered  int
	latencies []time.Duration
	errs      []error
	peakHeap  uint64
}

func (r loadResult) perSecond() float64 { return float64(r.answered) / r.window.Seconds() }

func (r loadResult) p95Ms() float64 {
	if len(r.latencies) == 0 {
		return 0
	}
	sorted := slices.Clone(r.latencies)
	slices.Sort(sorted)
	return float64(sorted[len(sorted)*95/100].Milliseconds())
}

// chatLoad has twenty people ask questions over the knowledge base, each
// waiting for the whole answer before the next, for window; the heap is
// sampled throughout.
func chatLoad(ctx context.Context, call func(string, any, ...any) error, kbID int64, window time.Duration) loadResult {
	r := loadResult{window: window}
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
				r.peakHeap = max(r.peakHeap, m.HeapInuse)
			}
		}
	}()
	var wg sync.WaitGroup
	var mu sync.Mutex
	stop := time.Now().Add(window)
	for person := range people {
		wg.Go(func() {
			for time.Now().Before(stop) && ctx.Err() == nil {
				start := time.Now()
				err := askAndWait(call, kbID, person)
				mu.Lock()
				if err != nil {
					r.errs = append(r.errs, err)
				} else {
					r.answered++
					r.latencies = append(r.latencies, time.Since(start))
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
	return r
}

func askAndWait(call func(string, any, ...any) error, kbID int64, person int) error {
	var chat core.Chat
	if err := call("Chats/Create", &chat, core.Chat{KBIDs: []int64{kbID}}); err != nil {
		return err
	}
	var turn core.Turn
	if err := call("Chats/Ask", &turn, core.AskRequest{ChatID: chat.ID, Question: fmt.Sprintf("How long is the warranty of item %d?", person)}); err != nil {
		return err
	}
	for {
		var got core.Chat
		if err := call("Chats/Get", &got, chat.ID); err != nil {
			return err
		}
		a := got.Turns[0].Answers[0]
		if a.Status == core.AnswerStreaming {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		if a.Status != core.AnswerDone || !strings.Contains(a.Content, "two years") {
			return fmt.Errorf("answer %s: %q %v", a.Status, a.Content, a.Problem)
		}
		return nil
	}
}

// loadFiles is the folder's size: ZHIKU_LOAD_FILES, or ten thousand.
func loadFiles() int {
	if n, err := strconv.Atoi(os.Getenv("ZHIKU_LOAD_FILES")); err == nil && n > 0 {
		return n
	}
	return 10000
}
