package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
	"github.com/zhiku-app/zhiku/backend/store"
)

type chatted struct {
	Chunks int `json:"chunks"`
	// ToOllama is from calling Ask (pressing Enter) to the answer's
	// request reaching Ollama: reading the model, retrieval and building
	// the prompt. Search is the hybrid search alone, the baseline.
	ToOllama latency `json:"toOllama"`
	Search   latency `json:"search"`
}

// stubOllama answers as Ollama does, at once: vectors of the prepared
// dimension for queries, and chat answers of one word. It signals each
// answer request's arrival on arrived.
type stubOllama struct {
	dim     int
	arrived chan time.Time
	mu      sync.Mutex
	rng     *rand.Rand
}

func (o *stubOllama) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/api/version":
		fmt.Fprint(w, `{"version":"0.17.4"}`)
	case "/api/tags":
		fmt.Fprint(w, `{"models":[]}`)
	case "/api/show":
		fmt.Fprint(w, `{"model_info":{"general.architecture":"llama","llama.context_length":32768},"capabilities":["completion"]}`)
	case "/api/embed":
		var req struct{ Input []string }
		json.NewDecoder(r.Body).Decode(&req)
		o.mu.Lock()
		vectors := make([][]float32, len(req.Input))
		for i := range vectors {
			vectors[i] = randomUnit(o.rng, o.dim)
		}
		o.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{"embeddings": vectors})
	case "/api/chat":
		var req struct {
			Options map[string]any `json:"options"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		if req.Options["num_predict"] != float64(1) { // not a calibration
			o.arrived <- time.Now()
		}
		fmt.Fprint(w, `{"done":true,"prompt_eval_count":100,"eval_count":1,"message":{"role":"assistant","content":"ok"}}`+"\n")
	default:
		http.NotFound(w, r)
	}
}

// settled signals each answer that settles.
type settled chan core.Answer

func (s settled) Emit(name string, payload any) {
	if ev, ok := payload.(core.ChatStream); ok && name == core.EventChatStream && ev.Answer != nil {
		s <- *ev.Answer
	}
}

// chat measures, through the service as the window uses it, how long a
// question takes to reach Ollama, each in a new chat over the prepared
// knowledge base (a follow-up would add the model's rewrite).
func chat(ctx context.Context, dir string, n int) (chatted, error) {
	var out chatted
	ollama := &stubOllama{dim: 768, arrived: make(chan time.Time, 1), rng: rand.New(rand.NewPCG(3, 3))}
	server := httptest.NewServer(ollama)
	defer server.Close()
	// Ollama's address comes from the environment, as for a person with
	// Ollama installed: changing it in Settings counts as Ollama coming
	// back, which syncs every knowledge base, and that would run during
	// the measurement.
	os.Setenv("OLLAMA_HOST", server.URL)
	events := make(settled, 1)
	backend, err := service.Open(ctx, service.Options{DataDir: storeDir(dir), Holder: store.NewHolder("searchbench", ""),
		Emitter: events, HeartbeatUp: time.Hour, HeartbeatDown: time.Hour})
	if err != nil {
		return out, err
	}
	defer backend.Close()
	settings, _ := backend.Settings.Get(ctx)
	settings.OllamaHost, settings.DefaultChatModel = "", "bench-chat"
	if _, err := backend.Settings.Update(ctx, settings); err != nil {
		return out, err
	}
	kbs, err := backend.Library.List(ctx)
	if err != nil || len(kbs) == 0 {
		return out, errors.New("nothing prepared")
	}
	out.Chunks = kbs[0].Stats.Chunks
	texts := questions(n + 1)
	// The first question warms what a running app has warm: the index in
	// memory, the model's limits and token scales.
	ask := func(q string) (time.Duration, error) {
		chat, err := backend.Chats.Create(ctx, core.Chat{KBIDs: []int64{kbs[0].ID}})
		if err != nil {
			return 0, err
		}
		began := time.Now()
		if _, err := backend.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: q}); err != nil {
			return 0, err
		}
		select {
		case at := <-ollama.arrived:
			answer := <-events
			if answer.Status != core.AnswerDone || len(answer.Sources) == 0 {
				return 0, fmt.Errorf("answer %s with %d sources: %v", answer.Status, len(answer.Sources), answer.Problem)
			}
			return at.Sub(began), nil
		case answer := <-events:
			return 0, fmt.Errorf("answer %s before reaching Ollama: %v", answer.Status, answer.Problem)
		}
	}
	if _, err := ask(texts[n]); err != nil {
		return out, err
	}
	var took []float64
	for _, q := range texts[:n] {
		d, err := ask(q)
		if err != nil {
			return out, err
		}
		took = append(took, float64(d.Microseconds())/1000)
	}
	slices.Sort(took)
	out.ToOllama = latency{P50: took[len(took)/2], P95: took[len(took)*95/100]}
	out.Search, err = measure(n, func(i int) error {
		_, err := backend.Search.Query(ctx, core.SearchQuery{Text: texts[i], KBIDs: []int64{kbs[0].ID}, Limit: core.DefaultChatSources})
		return err
	})
	return out, err
}

// seedChat writes a chat of turns answered in Markdown straight into the
// store, for the browser's rendering benchmark.
func seedChat(ctx context.Context, dir string, turns int) (map[string]any, error) {
	st, err := store.Open(ctx, storeDir(dir), store.NewHolder("searchbench", ""))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	chat, err := st.CreateChat(ctx, core.Chat{Title: fmt.Sprintf("%d turns", turns)})
	if err != nil {
		return nil, err
	}
	pool := sentencePool()
	rng := rand.New(rand.NewPCG(5, 5))
	sources := []core.Source{{N: 1, Path: "/bench/00001.md", Text: pool[0], Context: pool[0], Cited: true}, {N: 2, Path: "/bench/00002.md", Page: 3, Text: pool[1], Context: pool[1]}}
	for i := range turns {
		turn, err := st.AddTurn(ctx, chat.ID, fmt.Sprintf("第 %d 个问题：%s", i+1, pool[rng.IntN(len(pool))]), 0)
		if err != nil {
			return nil, err
		}
		a, err := st.StartAnswer(ctx, turn.ID, "bench-chat")
		if err != nil {
			return nil, err
		}
		now := time.Now()
		a.Content = fmt.Sprintf("**要点**：%s [1]\n\n- %s\n- %s [2]\n\n```go\nfunc answer%d() int { return %d }\n```\n",
			pool[rng.IntN(len(pool))], pool[rng.IntN(len(pool))], pool[rng.IntN(len(pool))], i, i)
		a.Status, a.FinishedAt, a.Sources = core.AnswerDone, &now, sources
		if err := st.FinishAnswer(ctx, a); err != nil {
			return nil, err
		}
	}
	return map[string]any{"chatId": chat.ID, "turns": turns}, nil
}
