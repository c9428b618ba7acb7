package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

func TestChatLifecycle(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	chat, err := st.CreateChat(ctx, core.Chat{Title: "Reports", KBIDs: []int64{3}, Settings: core.ChatSettings{Model: "qwen3"}})
	if err != nil {
		t.Fatal(err)
	}
	first := mustTurn(t, st, chat.ID, "What does the 2023 report say about revenue?", 0)
	a1 := mustAnswer(t, st, first.ID, "Revenue grew [1].")
	a2 := mustAnswer(t, st, first.ID, "It grew by 12% [1][2].")
	if err := st.RateAnswer(ctx, a1.ID, -1); err != nil {
		t.Fatal(err)
	}
	if err := st.ChooseAnswer(ctx, first.ID, a1.ID); err != nil {
		t.Fatal(err)
	}
	second := mustTurn(t, st, chat.ID, "和去年相比呢？", 0)
	mustAnswer(t, st, second.ID, "增长了")

	got, err := st.Chat(ctx, chat.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Turns) != 2 || len(got.Turns[0].Answers) != 2 || got.Turns[0].Chosen != a1.ID {
		t.Fatalf("turns = %+v", got.Turns)
	}
	if chosen, _ := got.Turns[0].ChosenAnswer(); chosen.Rating != -1 || chosen.Content != "Revenue grew [1]." {
		t.Errorf("chosen answer = %+v", chosen)
	}
	if got.Turns[0].Answers[1].ID != a2.ID || got.Turns[0].Answers[1].Report == nil || got.Turns[0].Answers[1].Report.NumCtx != 4096 {
		t.Errorf("second answer lost its report: %+v", got.Turns[0].Answers[1])
	}
	if got.Settings.Model != "qwen3" || len(got.KBIDs) != 1 {
		t.Errorf("chat = %+v", got)
	}

	// Editing the first question and sending it again drops both turns.
	edited := mustTurn(t, st, chat.ID, "What does the 2024 report say?", first.ID)
	got, _ = st.Chat(ctx, chat.ID)
	if len(got.Turns) != 1 || got.Turns[0].ID != edited.ID || len(got.Turns[0].Answers) != 0 {
		t.Fatalf("after editing, turns = %+v", got.Turns)
	}
	if _, err := st.AddTurn(ctx, chat.ID, "x", first.ID); !core.ErrTurnNotFound.Is(err) {
		t.Errorf("replacing a removed turn: err = %v", err)
	}
	if err := st.ChooseAnswer(ctx, edited.ID, a2.ID); !core.ErrTurnNotFound.Is(err) {
		t.Errorf("choosing another turn's answer: err = %v", err)
	}
	if err := st.DeleteChat(ctx, chat.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Chat(ctx, chat.ID); !core.ErrChatNotFound.Is(err) {
		t.Errorf("deleted chat: err = %v", err)
	}
	if _, err := st.AddTurn(ctx, chat.ID, "x", 0); !core.ErrChatNotFound.Is(err) {
		t.Errorf("turn in a deleted chat: err = %v", err)
	}
}

func TestChatsListAndSearch(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	older, _ := st.CreateChat(ctx, core.Chat{Title: "Tax 2023"})
	mustAnswer(t, st, mustTurn(t, st, older.ID, "Which deductions apply?", 0).ID, "Home office costs 100% [1].")
	time.Sleep(2 * time.Millisecond)
	newer, _ := st.CreateChat(ctx, core.Chat{Title: "读书笔记"})
	mustTurn(t, st, newer.ID, "《红楼梦》的主题是什么？", 0)
	pinned, _ := st.CreateChat(ctx, core.Chat{Title: "Pinned", Pinned: true})

	cases := []struct {
		query string
		want  []int64
		match string
	}{
		{"", []int64{pinned.ID, newer.ID, older.ID}, ""},
		{"红楼梦", []int64{newer.ID}, "《红楼梦》的主题是什么？"},
		{"HOME OFFICE", []int64{older.ID}, "Home office costs 100% [1]."},
		{"100%", []int64{older.ID}, "Home office costs 100% [1]."},
		{"_", nil, ""},
	}
	for _, c := range cases {
		chats, err := st.Chats(ctx, c.query)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, ch := range chats {
			ids = append(ids, ch.ID)
		}
		if len(ids) != len(c.want) {
			t.Errorf("Chats(%q) = %v, want %v", c.query, ids, c.want)
			continue
		}
		for i := range ids {
			if ids[i] != c.want[i] {
				t.Errorf("Chats(%q) = %v, want %v", c.query, ids, c.want)
			}
		}
		if len(chats) == 1 && chats[0].Match != c.match {
			t.Errorf("Chats(%q) match = %q, want %q", c.query, chats[0].Match, c.match)
		}
	}
}

func TestInterruptedAnswersKeepTheirText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir, store.NewHolder("test", ""))
	if err != nil {
		t.Fatal(err)
	}
	chat, _ := st.CreateChat(ctx, core.Chat{Title: "t"})
	turn := mustTurn(t, st, chat.ID, "q", 0)
	a, _ := st.StartAnswer(ctx, turn.ID, "m")
	if err := st.SaveAnswerText(ctx, a.ID, "half an ans"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st = storetest.Open(t, dir)
	if err := st.InterruptAnswers(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := st.Answer(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != core.AnswerInterrupted || got.Content != "half an ans" {
		t.Errorf("answer after restart = %+v", got)
	}
}

// TestTurnMatchesTheChat holds Turn, which reads one turn and its answers,
// to the same turn as Chat shows it.
func TestTurnMatchesTheChat(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	chat, err := st.CreateChat(ctx, core.Chat{Title: "Reports"})
	if err != nil {
		t.Fatal(err)
	}
	answered := mustTurn(t, st, chat.ID, "What does the 2023 report say about revenue?", 0)
	first := mustAnswer(t, st, answered.ID, "Revenue grew [1].")
	mustAnswer(t, st, answered.ID, "It grew by 12% [1].")
	if err := st.RateAnswer(ctx, first.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := st.ChooseAnswer(ctx, answered.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	failed := mustTurn(t, st, chat.ID, "和去年相比呢？", 0)
	broken, err := st.StartAnswer(ctx, failed.ID, "m")
	if err != nil {
		t.Fatal(err)
	}
	broken.Status, broken.Problem = core.AnswerFailed, core.ErrOllamaUnreachable.New(nil)
	if err := st.FinishAnswer(ctx, broken); err != nil {
		t.Fatal(err)
	}
	streaming := mustTurn(t, st, chat.ID, "And the year before?", 0)
	if _, err := st.StartAnswer(ctx, streaming.ID, "m"); err != nil {
		t.Fatal(err)
	}
	unanswered := mustTurn(t, st, chat.ID, "Who wrote it?", 0)

	// A turn of another chat, and one its question's edit removed.
	other, err := st.CreateChat(ctx, core.Chat{Title: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := mustTurn(t, st, other.ID, "Unrelated?", 0)
	mustAnswer(t, st, elsewhere.ID, "Yes [1].")
	replaced := mustTurn(t, st, other.ID, "Typo?", 0)
	mustTurn(t, st, other.ID, "Fixed?", replaced.ID)

	listed := map[int64]core.Turn{}
	for _, id := range []int64{chat.ID, other.ID} {
		c, err := st.Chat(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, turn := range c.Turns {
			listed[turn.ID] = turn
		}
	}
	cases := []struct {
		name string
		id   int64
	}{
		{"two answers, one rated and chosen", answered.ID},
		{"a failed answer", failed.ID},
		{"an answer still streaming", streaming.ID},
		{"no answers", unanswered.ID},
		{"in another chat", elsewhere.ID},
		{"removed by an edit", replaced.ID},
		{"never created", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.Turn(ctx, c.id)
			want, ok := listed[c.id]
			if !ok {
				if !core.ErrTurnNotFound.Is(err) {
					t.Fatalf("Turn(%d) = %+v, %v; want the turn-not-found problem", c.id, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Turn(%d): %v", c.id, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Turn(%d) =\n%+v\nChat shows\n%+v", c.id, got, want)
			}
		})
	}
}

func mustTurn(t *testing.T, st *store.Store, chatID int64, question string, replacing int64) core.Turn {
	t.Helper()
	turn, err := st.AddTurn(context.Background(), chatID, question, replacing)
	if err != nil {
		t.Fatal(err)
	}
	return turn
}

func mustAnswer(t *testing.T, st *store.Store, turnID int64, content string) core.Answer {
	t.Helper()
	ctx := context.Background()
	a, err := st.StartAnswer(ctx, turnID, "m")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	a.Content, a.Status, a.FinishedAt = content, core.AnswerDone, &now
	a.Sources = []core.Source{{N: 1, Path: "/r.pdf", Page: 2, Cited: true}}
	a.Report = &core.PromptReport{NumCtx: 4096}
	if err := st.FinishAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}
