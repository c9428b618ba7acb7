//go:build integration

package service

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// streams records answer events and signals the first streamed text.
type streams struct {
	mu        sync.Mutex
	all       []core.ChatStream
	firstText chan struct{}
	once      sync.Once
}

func (s *streams) Emit(name string, payload any) {
	if name != core.EventChatStream {
		return
	}
	ev := payload.(core.ChatStream)
	s.mu.Lock()
	s.all = append(s.all, ev)
	s.mu.Unlock()
	if ev.Content != "" && ev.Status == core.AnswerStreaming {
		s.once.Do(func() { close(s.firstText) })
	}
}

func (s *streams) phases() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var phases []string
	for _, ev := range s.all {
		if len(phases) == 0 || phases[len(phases)-1] != string(ev.Phase) {
			phases = append(phases, string(ev.Phase))
		}
	}
	return phases
}

// chatRig opens a backend whose Ollama traffic goes through a recording
// proxy to the test server, with a knowledge base of two files indexed
// with vectors, and a chat over it.
func chatRig(t *testing.T) (*Backend, *llmtest.Proxy, *streams, core.Chat, context.Context) {
	t.Helper()
	rig := llmtest.RigFromEnv(t)
	proxy := llmtest.NewProxy(t, rig.Host)
	t.Setenv("OLLAMA_HOST", proxy.Host())
	events := &streams{firstText: make(chan struct{})}
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	if _, err := b.Settings.Update(ctx, core.Settings{Language: "system", Theme: core.ThemeSystem,
		DefaultEmbedModel: llmtest.EmbedModel, DefaultChatModel: llmtest.ChatModel}); err != nil {
		t.Fatal(err)
	}
	kb := travelKB(t, b, ctx)
	chat, err := b.Chats.Create(ctx, core.Chat{KBIDs: []int64{kb.ID}, Settings: core.ChatSettings{Temperature: ptr(float32(0))}})
	if err != nil {
		t.Fatal(err)
	}
	proxy.Reset()
	return b, proxy, events, chat, ctx
}

func ptr[T any](v T) *T { return &v }

// settled waits for the chat's answers and returns the chat.
func settled(t *testing.T, b *Backend, ctx context.Context, id int64) core.Chat {
	t.Helper()
	b.Chats.runs.Wait()
	chat, err := b.Chats.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return chat
}

// A question is answered from the knowledge base: the prompt Ollama
// receives numbers the retrieved chunk as a delimited source with the
// rules to cite it, num_ctx comes from the model's 4,096-token limit, and
// the answer records its sources and the inspector's figures.
func TestIntegrationChatAnswersFromSources(t *testing.T) {
	b, proxy, events, chat, ctx := chatRig(t)
	turn, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "兵马俑在哪里？"})
	if err != nil {
		t.Fatal(err)
	}
	if turn.Answers[0].Status != core.AnswerStreaming {
		t.Errorf("Ask returned answer %+v", turn.Answers[0])
	}
	got := settled(t, b, ctx, chat.ID)
	answer := got.Turns[0].Answers[0]
	if answer.Status != core.AnswerDone || answer.Content == "" || answer.Model != llmtest.ChatModel {
		t.Fatalf("answer = %+v", answer)
	}
	if got.Title != "兵马俑在哪里？" {
		t.Errorf("title = %q, want the first question", got.Title)
	}
	if len(answer.Sources) == 0 || answer.Sources[0].N != 1 || !strings.HasSuffix(answer.Sources[0].Path, "西安.md") ||
		!strings.Contains(answer.Sources[0].Text, "兵马俑") {
		t.Fatalf("sources = %+v", answer.Sources)
	}

	chats := proxy.Chats(t)
	// Two calibration requests the first time the model is used, then the answer.
	if len(chats) != 3 {
		t.Fatalf("%d chat requests, want 2 calibrations and the answer", len(chats))
	}
	sent := chats[2]
	if sent.Options["num_ctx"] != float64(4096) || sent.Options["num_predict"] != float64(1024) || sent.Options["temperature"] != float64(0) {
		t.Errorf("options sent = %v", sent.Options)
	}
	if sent.Messages[0].Role != "system" || !strings.Contains(sent.Messages[0].Content, "[1]") || !strings.Contains(sent.Messages[0].Content, "不可信") {
		t.Errorf("system message = %q", sent.Messages[0].Content)
	}
	last := sent.Messages[len(sent.Messages)-1].Content
	if !strings.Contains(last, `<source id="1" file="西安.md" section="西安">`) || !strings.Contains(last, "兵马俑位于西安市临潼区") ||
		!strings.HasSuffix(last, "<question>\n兵马俑在哪里？\n</question>") {
		t.Errorf("last message = %q", last)
	}

	r := answer.Report
	if r == nil || r.NumCtx != 4096 || r.ModelContext != 4096 || r.Reserved != 1024 || r.ReportedPromptTokens == 0 ||
		len(r.Messages) != len(sent.Messages) || len(r.MessageTokens) != len(r.Messages) || r.FirstTokenMillis <= 0 {
		t.Fatalf("report = %+v", r)
	}
	if r.PromptTokens < r.ReportedPromptTokens {
		t.Errorf("estimated %d prompt tokens, Ollama counted %d: the estimate must not be low", r.PromptTokens, r.ReportedPromptTokens)
	}
	if phases := strings.Join(events.phases(), ","); phases != "retrieving,generating,done" {
		t.Errorf("phases = %s", phases)
	}
}

// A follow-up is rewritten with the history before retrieval; the answer's
// prompt carries the earlier turn; regenerating keeps both answers and
// the chosen one is remembered.
func TestIntegrationChatFollowUpAndRegenerate(t *testing.T) {
	b, proxy, _, chat, ctx := chatRig(t)
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "兵马俑在哪里？"}); err != nil {
		t.Fatal(err)
	}
	settled(t, b, ctx, chat.ID)
	proxy.Reset()
	turn, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "那西湖呢？"})
	if err != nil {
		t.Fatal(err)
	}
	got := settled(t, b, ctx, chat.ID)
	chats := proxy.Chats(t)
	if len(chats) != 2 {
		t.Fatalf("%d chat requests, want the rewrite and the answer", len(chats))
	}
	rewrite := chats[0].Messages[1].Content
	if !strings.Contains(rewrite, "兵马俑在哪里？") || !strings.HasSuffix(rewrite, "Q: 那西湖呢？") || chats[0].Options["num_predict"] != float64(96) {
		t.Errorf("rewrite request = %+v", chats[0])
	}
	answerMsgs := chats[1].Messages
	if len(answerMsgs) != 4 || answerMsgs[1].Content != "兵马俑在哪里？" || answerMsgs[2].Role != "assistant" {
		t.Errorf("answer request history = %+v", answerMsgs)
	}
	if q := got.Turns[1].Answers[0].Report.Queries; len(q) < 1 || q[0] != "那西湖呢？" {
		t.Errorf("queries = %q", q)
	}

	first := got.Turns[1].Answers[0]
	again, err := b.Chats.Regenerate(ctx, turn.ID)
	if err != nil {
		t.Fatal(err)
	}
	got = settled(t, b, ctx, chat.ID)
	if len(got.Turns[1].Answers) != 2 || got.Turns[1].Chosen != again.ID {
		t.Fatalf("after regenerating, turn = %+v", got.Turns[1])
	}
	if err := b.Chats.Choose(ctx, turn.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.Chats.Rate(ctx, first.ID, 1); err != nil {
		t.Fatal(err)
	}
	got = settled(t, b, ctx, chat.ID)
	if chosen, _ := got.Turns[1].ChosenAnswer(); chosen.ID != first.ID || chosen.Rating != 1 {
		t.Errorf("chosen = %+v", chosen)
	}
}

// Stop ends an answer mid-stream and keeps what arrived.
func TestIntegrationChatStop(t *testing.T) {
	b, _, events, chat, ctx := chatRig(t)
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "Write a long story about the terracotta army."}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-events.firstText:
	case <-ctx.Done():
		t.Fatal("no text streamed")
	}
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "another"}); !core.ErrChatBusy.Is(err) {
		t.Errorf("a second question while answering: err = %v", err)
	}
	if err := b.Chats.Stop(ctx, chat.ID); err != nil {
		t.Fatal(err)
	}
	answer := settled(t, b, ctx, chat.ID).Turns[0].Answers[0]
	if answer.Status != core.AnswerStopped || answer.Content == "" || answer.Report.OutputTokens >= 1024 {
		t.Fatalf("stopped answer = %+v", answer)
	}
}

// A long history is fitted into the 4,096-token window by the rules: the
// oldest turns go first, each listed in the report, and the prompt Ollama
// counts stays within the window less the answer's reserve.
func TestIntegrationChatFitsLongHistory(t *testing.T) {
	b, proxy, _, chat, ctx := chatRig(t)
	for i := range 12 {
		turn, err := b.store.AddTurn(ctx, chat.ID, fmt.Sprintf("第%d个问题：%s", i, strings.Repeat("历史", 60)), 0)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := b.store.StartAnswer(ctx, turn.ID, llmtest.ChatModel)
		a.Content, a.Status = strings.Repeat("很长的回答。", 50), core.AnswerDone
		if err := b.store.FinishAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	chat.Settings.NoRewrite = true
	if _, err := b.Chats.Update(ctx, chat); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "兵马俑在哪里？"}); err != nil {
		t.Fatal(err)
	}
	got := settled(t, b, ctx, chat.ID)
	answer := got.Turns[12].Answers[0]
	r := answer.Report
	if answer.Status != core.AnswerDone || r == nil {
		t.Fatalf("answer = %+v", answer)
	}
	var leftTurns []string
	for _, l := range r.Left {
		if l.Kind == "turn" {
			leftTurns = append(leftTurns, l.Label[:len("第0个问题")])
		}
	}
	if len(leftTurns) == 0 || leftTurns[0] == "第11个问题" {
		t.Fatalf("left out %v: the oldest turns should go", leftTurns)
	}
	budget := r.NumCtx - r.Reserved
	if r.PromptTokens > budget || r.ReportedPromptTokens > budget {
		t.Errorf("prompt estimated %d, counted %d, over the budget of %d", r.PromptTokens, r.ReportedPromptTokens, budget)
	}
	sent := proxy.Chats(t)
	msgs := sent[len(sent)-1].Messages
	if want := 2 + 2*(12-len(leftTurns)); len(msgs) != want {
		t.Errorf("%d messages sent, want %d", len(msgs), want)
	}
	if !strings.HasPrefix(msgs[len(msgs)-3].Content, "第11个问题") {
		t.Errorf("the newest earlier turn is missing: %q", msgs[len(msgs)-3].Content)
	}
}

// "Summarise 西安.md" reads the whole file part by part (map), then
// answers from the notes (reduce), with progress.
func TestIntegrationChatWholeDocument(t *testing.T) {
	b, proxy, events, chat, ctx := chatRig(t)
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "请总结西安这份文件"}); err != nil {
		t.Fatal(err)
	}
	answer := settled(t, b, ctx, chat.ID).Turns[0].Answers[0]
	if answer.Status != core.AnswerDone || len(answer.Report.WholeDocuments) != 1 || len(answer.Sources) != 1 {
		t.Fatalf("answer = %+v", answer)
	}
	sent := proxy.Chats(t)
	mapStep := sent[len(sent)-2].Messages[1].Content
	if !strings.Contains(mapStep, `<document file="西安.md">`) || !strings.Contains(mapStep, "兵马俑位于西安市临潼区") {
		t.Errorf("map step = %q", mapStep)
	}
	if reduce := sent[len(sent)-1].Messages[1].Content; !strings.Contains(reduce, `<source id="1" file="西安.md">`) {
		t.Errorf("reduce step = %q", reduce)
	}
	if phases := strings.Join(events.phases(), ","); !strings.Contains(phases, "reading,generating,done") {
		t.Errorf("phases = %s", phases)
	}
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "总结", Documents: []string{"/etc/passwd"}}); err != nil {
		t.Fatal(err)
	}
	failed := settled(t, b, ctx, chat.ID).Turns[1].Answers[0]
	if failed.Status != core.AnswerFailed || !core.ErrDocumentNotInChat.Is(failed.Problem) {
		t.Errorf("a file outside the knowledge bases: %+v", failed)
	}
}

// A model that is not installed fails the answer with a problem that
// says so; the question is kept for a retry.
func TestIntegrationChatMissingModel(t *testing.T) {
	b, _, _, chat, ctx := chatRig(t)
	chat.Settings.Model = "qwen3:not-pulled"
	if _, err := b.Chats.Update(ctx, chat); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "hello"}); err != nil {
		t.Fatal(err)
	}
	got := settled(t, b, ctx, chat.ID)
	if a := got.Turns[0].Answers[0]; a.Status != core.AnswerFailed || !core.ErrModelNotFound.Is(a.Problem) || got.Turns[0].Question != "hello" {
		t.Fatalf("answer = %+v", a)
	}
}

// Ollama dropping the connection mid-answer fails the answer with a clear
// problem and keeps what arrived; trying again works once it is back.
func TestIntegrationChatStreamCutKeepsThePartialAnswer(t *testing.T) {
	b, proxy, _, chat, ctx := chatRig(t)
	proxy.CutStreamsAfter(600)
	turn, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "Tell me about the terracotta army."})
	if err != nil {
		t.Fatal(err)
	}
	failed := settled(t, b, ctx, chat.ID).Turns[0].Answers[0]
	if failed.Status != core.AnswerFailed || !core.ErrStreamCut.Is(failed.Problem) || failed.Content == "" {
		t.Fatalf("cut answer = %+v", failed)
	}
	proxy.CutStreamsAfter(0)
	if _, err := b.Chats.Regenerate(ctx, turn.ID); err != nil {
		t.Fatal(err)
	}
	got := settled(t, b, ctx, chat.ID).Turns[0]
	if again, _ := got.ChosenAnswer(); again.Status != core.AnswerDone || len(got.Answers) != 2 {
		t.Fatalf("retried turn = %+v", got)
	}
}
