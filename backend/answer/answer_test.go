package answer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// replyMode is how the stand-in model writes the answer itself.
type replyMode int

const (
	replies  replyMode = iota // the reply, then done
	stalls                    // a first chunk, then nothing
	isCancel                  // a first chunk, then the answer is cancelled
)

// standIn plays Ollama, the search and the stores for one answer, and
// records what the writer asked of them.
type standIn struct {
	mode   replyMode
	reply  string
	hits   []core.SearchHit
	named  []core.NamedFile
	cancel context.CancelFunc

	mu       sync.Mutex
	searches []core.SearchQuery
	mapCalls int
	meta     map[string]string
	phases   []core.ChatPhase
	saved    []core.Answer
}

const (
	rewritten = "长城全长多少公里"
	notes     = "长城东起山海关。"
	document  = "/docs/长城.md"
)

func (s *standIn) deps() Deps {
	return Deps{
		Chat: s.chat,
		Show: func(ctx context.Context, model string) (core.ModelDetails, error) {
			return core.ModelDetails{ContextLength: 4096, Capabilities: []string{core.CapabilityCompletion}}, nil
		},
		Host: func() string { return "http://127.0.0.1:11434" },
		Search: func(ctx context.Context, q core.SearchQuery, rs core.RetrievalSettings) (core.SearchResult, error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.searches = append(s.searches, q)
			return core.SearchResult{Hits: s.hits, Mode: rs.Mode, NamedFiles: s.named}, nil
		},
		Retrieval: func() core.RetrievalSettings { return core.DefaultRetrieval },
		Files: func(ctx context.Context, kbID int64) ([]core.FileRecord, error) {
			return []core.FileRecord{{Path: document, Chunks: 1}, {Path: "/docs/empty.md"}}, nil
		},
		Chunks: func(ctx context.Context, kbID int64, path string) ([]core.ChunkRecord, error) {
			return []core.ChunkRecord{{Text: "长城是中国古代的军事防御工程，东起山海关。"}}, nil
		},
		Meta: func(ctx context.Context, key string) (string, error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.meta[key], nil
		},
		SetMeta: func(ctx context.Context, key, value string) error {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.meta[key] = value
			return nil
		},
		Progress: func(cs core.ChatStream) {
			s.mu.Lock()
			defer s.mu.Unlock()
			if len(s.phases) == 0 || s.phases[len(s.phases)-1] != cs.Phase {
				s.phases = append(s.phases, cs.Phase)
			}
		},
		SaveText: func(ctx context.Context, answerID int64, text string) error { return nil },
		Finish: func(ctx context.Context, a core.Answer) error {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.saved = append(s.saved, a)
			return nil
		},
	}
}

// chat answers by what is asked: a one-token calibration, a rewrite, a
// map step's notes, or the answer itself.
func (s *standIn) chat(ctx context.Context, req llm.ChatRequest, fn func(llm.Chunk) error) error {
	switch req.Options.NumPredict {
	case 1:
		return fn(llm.Chunk{Done: true, PromptTokens: 20})
	case rewriteTokens:
		return fn(llm.Chunk{Content: rewritten, Done: true})
	case mapNotesTokens:
		s.mu.Lock()
		s.mapCalls++
		s.mu.Unlock()
		return fn(llm.Chunk{Content: notes, Done: true})
	}
	if s.mode == replies {
		if err := fn(llm.Chunk{Content: s.reply}); err != nil {
			return err
		}
		return fn(llm.Chunk{Done: true, PromptTokens: 300, OutputTokens: 12})
	}
	if err := fn(llm.Chunk{Content: "长城"}); err != nil {
		return err
	}
	if s.mode == isCancel {
		s.cancel()
	}
	<-ctx.Done()
	return ctx.Err()
}

func TestWriteTakesAQuestionToASavedAnswer(t *testing.T) {
	hit := core.SearchHit{ChunkID: 1, KBID: 1, Path: document, Text: "长城全长两万一千多公里。", Context: "长城全长两万一千多公里。"}
	earlier := core.Turn{ID: 1, Question: "长城在哪里？", Answers: []core.Answer{{ID: 5, Content: "在中国北方。"}}, Chosen: 5}
	tests := []struct {
		name      string
		chat      core.Chat
		question  string
		documents []string
		model     string
		mode      replyMode
		stopped   bool
		hits      []core.SearchHit
		named     []core.NamedFile // what the search says the question names

		status     core.AnswerStatus
		problem    core.ProblemKind
		content    string
		sources    []string // the paths of the sources, cited ones marked *
		searched   []string // the texts searched: the question, then variants
		wholeDocs  int      // map steps taken
		lastPhases []core.ChatPhase
	}{
		{name: "plain answer without knowledge bases", chat: core.Chat{ID: 1}, question: "你好",
			status: core.AnswerDone, content: "你好！", lastPhases: []core.ChatPhase{core.ChatPhaseGenerating, core.ChatPhaseDone}},
		{name: "grounded answer cites its source", chat: core.Chat{ID: 1, KBIDs: []int64{1}}, question: "长城有多长？", hits: []core.SearchHit{hit},
			named:  []core.NamedFile{{KBID: 1, Path: document, Field: core.NamedByFileName, Name: "长城"}},
			status: core.AnswerDone, content: "两万一千多公里 [1]。", sources: []string{"*" + document},
			searched: []string{"长城有多长？"}, lastPhases: []core.ChatPhase{core.ChatPhaseRetrieving, core.ChatPhaseGenerating, core.ChatPhaseDone}},
		{name: "follow-up is rewritten and both wordings searched", chat: core.Chat{ID: 1, KBIDs: []int64{1}, Turns: []core.Turn{earlier}},
			question: "它有多长？", hits: []core.SearchHit{hit},
			status: core.AnswerDone, content: "两万一千多公里。", sources: []string{document},
			searched: []string{"它有多长？", rewritten}, lastPhases: []core.ChatPhase{core.ChatPhaseRewriting, core.ChatPhaseRetrieving, core.ChatPhaseGenerating, core.ChatPhaseDone}},
		{name: "whole document is read part by part", chat: core.Chat{ID: 1, KBIDs: []int64{1}}, question: "总结这个文件", documents: []string{document},
			status: core.AnswerDone, content: "它讲长城 [1]。", sources: []string{"*" + document}, wholeDocs: 1,
			lastPhases: []core.ChatPhase{core.ChatPhaseReading, core.ChatPhaseGenerating, core.ChatPhaseDone}},
		{name: "no sources found", chat: core.Chat{ID: 1, KBIDs: []int64{1}}, question: "熊猫吃什么？",
			status: core.AnswerDone, content: "资料里没有提到。", searched: []string{"熊猫吃什么？"},
			lastPhases: []core.ChatPhase{core.ChatPhaseRetrieving, core.ChatPhaseGenerating, core.ChatPhaseDone}},
		{name: "a document outside the chat is refused", chat: core.Chat{ID: 1, KBIDs: []int64{1}}, question: "总结", documents: []string{"/elsewhere.md"},
			status: core.AnswerFailed, problem: core.ErrDocumentNotInChat, lastPhases: []core.ChatPhase{core.ChatPhaseDone}},
		{name: "no model to answer with", chat: core.Chat{ID: 1}, question: "你好", model: "-",
			status: core.AnswerFailed, problem: core.ErrNoChatModel, lastPhases: []core.ChatPhase{core.ChatPhaseDone}},
		{name: "stall times out keeping the text", chat: core.Chat{ID: 1}, question: "你好", mode: stalls,
			status: core.AnswerFailed, problem: core.ErrOllamaTimeout, content: "长城", lastPhases: []core.ChatPhase{core.ChatPhaseGenerating, core.ChatPhaseDone}},
		{name: "stopped by the person", chat: core.Chat{ID: 1}, question: "你好", mode: isCancel, stopped: true,
			status: core.AnswerStopped, content: "长城", lastPhases: []core.ChatPhase{core.ChatPhaseGenerating, core.ChatPhaseDone}},
		{name: "interrupted by quitting", chat: core.Chat{ID: 1}, question: "你好", mode: isCancel,
			status: core.AnswerInterrupted, content: "长城", lastPhases: []core.ChatPhase{core.ChatPhaseGenerating, core.ChatPhaseDone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s := &standIn{mode: tt.mode, reply: tt.content, hits: tt.hits, named: tt.named, cancel: cancel, meta: map[string]string{}}
			w := New(s.deps())
			w.Timing.StallFirst, w.Timing.StallBetween = time.Minute, 50*time.Millisecond
			turn := core.Turn{ID: 2, ChatID: tt.chat.ID, Question: tt.question}
			tt.chat.Turns = append(tt.chat.Turns, turn)
			job := Job{Chat: tt.chat, Turn: turn, Answer: core.Answer{ID: 9, TurnID: 2, Model: "qwen3", Status: core.AnswerStreaming},
				Documents: tt.documents, Started: time.Now(), Stopped: func() bool { return tt.stopped }}
			if tt.model == "-" {
				job.Answer.Model, job.NoModel = "", core.ErrNoChatModel.New(nil)
			}

			got := w.Write(ctx, job)

			if len(s.saved) != 1 || s.saved[0].ID != 9 || s.saved[0].Status != got.Status {
				t.Fatalf("saved %+v, want the answer saved once as it ended", s.saved)
			}
			if got.Status != tt.status || got.Content != tt.content || got.FinishedAt == nil || got.Report == nil {
				t.Fatalf("answer = %s %q finished %v report %v, want %s %q", got.Status, got.Content, got.FinishedAt, got.Report != nil, tt.status, tt.content)
			}
			if (tt.problem.Code == "") != (got.Problem == nil) || (got.Problem != nil && !tt.problem.Is(got.Problem)) {
				t.Errorf("problem = %v, want %q", got.Problem, tt.problem.Code)
			}
			var sources []string
			for _, src := range got.Sources {
				mark := map[bool]string{true: "*"}[src.Cited]
				sources = append(sources, mark+src.Path)
			}
			if !slices.Equal(sources, tt.sources) {
				t.Errorf("sources = %v, want %v", sources, tt.sources)
			}
			var searched []string
			for _, q := range s.searches {
				searched = append(append(searched, q.Text), q.Variants...)
			}
			if !slices.Equal(searched, tt.searched) || !slices.Equal(got.Report.Queries, tt.searched) {
				t.Errorf("searched %v, reported %v, want %v", searched, got.Report.Queries, tt.searched)
			}
			if !slices.Equal(got.Report.NamedFiles, tt.named) {
				t.Errorf("reported named files %v, want %v", got.Report.NamedFiles, tt.named)
			}
			if s.mapCalls != tt.wholeDocs || len(got.Report.WholeDocuments) != tt.wholeDocs {
				t.Errorf("%d map steps over %v, want %d", s.mapCalls, got.Report.WholeDocuments, tt.wholeDocs)
			}
			if tail := s.phases[max(len(s.phases)-len(tt.lastPhases), 0):]; !slices.Equal(tail, tt.lastPhases) {
				t.Errorf("phases %v, want them to end %v", s.phases, tt.lastPhases)
			}
			if tt.model == "" && !strings.Contains(s.meta[tokenScaleKey+"qwen3"], `"han"`) {
				t.Errorf("token scale not kept: %v", s.meta)
			}
		})
	}
}

// The window asked for is the chat's or the default, within the model's
// limit, and a quarter of it, bounded, is kept for the answer.
func TestContextWindowAndReserve(t *testing.T) {
	cases := []struct{ model, chosen, window, reserve int }{
		{4096, 0, 4096, 1024},
		{131072, 0, core.DefaultNumCtx, 2048},
		{131072, 32768, 32768, 2048},
		{2048, 8192, 2048, 512},
		{1024, 0, 1024, 256},
	}
	for _, c := range cases {
		w := ContextWindow(c.model, c.chosen)
		if w != c.window || answerReserve(w) != c.reserve {
			t.Errorf("model %d, chosen %d: window %d reserve %d, want %d %d", c.model, c.chosen, w, answerReserve(w), c.window, c.reserve)
		}
	}
}

// A model that cannot chat is refused before anything is sent to it.
func TestModelThatCannotChatIsRefused(t *testing.T) {
	s := &standIn{meta: map[string]string{}}
	deps := s.deps()
	deps.Show = func(ctx context.Context, model string) (core.ModelDetails, error) {
		return core.ModelDetails{Capabilities: []string{core.CapabilityEmbedding}}, nil
	}
	deps.Chat = func(ctx context.Context, req llm.ChatRequest, fn func(llm.Chunk) error) error {
		return errors.New("sent to a model that cannot chat")
	}
	got := New(deps).Write(context.Background(), Job{Chat: core.Chat{ID: 1}, Turn: core.Turn{ID: 1, Question: "q"},
		Answer: core.Answer{ID: 1, Model: "bge-m3"}, Started: time.Now(), Stopped: func() bool { return false }})
	if got.Status != core.AnswerFailed || !core.ErrModelIncapable.Is(got.Problem) {
		t.Errorf("answer = %s %v, want failed with %s", got.Status, got.Problem, core.ErrModelIncapable.Code)
	}
}

// A model can end its answer before writing anything visible (a stop
// token first, or only spaces): the answer fails with a reason and what to
// do, instead of being kept as an empty "done" answer.
func TestAnswerWithNoTextFails(t *testing.T) {
	for _, tc := range []struct {
		name, reply string
		want        core.AnswerStatus
	}{
		{"nothing", "", core.AnswerFailed},
		{"only white space", " \n\t\n", core.AnswerFailed},
		{"text", "长城东起山海关。", core.AnswerDone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &standIn{reply: tc.reply, meta: map[string]string{}}
			got := New(s.deps()).Write(context.Background(), Job{Chat: core.Chat{ID: 1}, Turn: core.Turn{ID: 1, Question: "长城有多长？"},
				Answer: core.Answer{ID: 1, Model: "qwen3:4b"}, Started: time.Now(), Stopped: func() bool { return false }})
			if got.Status != tc.want {
				t.Fatalf("status = %s (%v), want %s", got.Status, got.Problem, tc.want)
			}
			if tc.want == core.AnswerFailed && !core.ErrEmptyAnswer.Is(got.Problem) {
				t.Errorf("problem = %v, want %s", got.Problem, core.ErrEmptyAnswer.Code)
			}
		})
	}
}
