package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/crashtest"
)

func TestMain(m *testing.M) {
	crashtest.Main(map[string]crashtest.Work{"chats": chatWork})
	os.Exit(m.Run())
}

const (
	chatRounds    = 25
	answerUpdates = 5
)

// chatWork does what the app does while people chat, as fast as it can:
// chats and turns created, answers streamed in saves and finished, and the
// settings saved after each, committing every step.
func chatWork(dir string) error {
	ctx := context.Background()
	st, err := Open(ctx, dir, NewHolder("crash-test", ""))
	if err != nil {
		return err
	}
	if err := st.InterruptAnswers(ctx); err != nil { // as the app does on start
		return err
	}
	settings, notice, err := st.LoadSettings()
	if err != nil || notice != nil {
		return fmt.Errorf("settings after a kill: %v, %v", notice, err)
	}
	saved, _ := strconv.Atoi(strings.TrimPrefix(settings.DefaultChatModel, "model-"))
	for round := range chatRounds {
		chat, err := st.CreateChat(ctx, core.Chat{Title: fmt.Sprintf("对话 %d", round)})
		if err != nil {
			return err
		}
		crashtest.Commit("chat %d", chat.ID)
		turn, err := st.AddTurn(ctx, chat.ID, "保修期多长？", 0)
		if err != nil {
			return err
		}
		crashtest.Commit("turn %d", turn.ID)
		answer, err := st.StartAnswer(ctx, turn.ID, "m")
		if err != nil {
			return err
		}
		text := ""
		for part := range answerUpdates {
			text += fmt.Sprintf("第%d段，part %d. ", part, part)
			if err := st.SaveAnswerText(ctx, answer.ID, text); err != nil {
				return err
			}
			crashtest.Commit("text %d %s", answer.ID, text)
		}
		answer.Content, answer.Status = text+"完。", core.AnswerDone
		if err := st.FinishAnswer(ctx, answer); err != nil {
			return err
		}
		crashtest.Commit("done %d %s", answer.ID, answer.Content)
		saved++
		settings.DefaultChatModel = fmt.Sprintf("model-%d", saved)
		if err := st.SaveSettings(settings); err != nil {
			return err
		}
		crashtest.Commit("settings %d", saved)
	}
	return st.Close()
}

// Chat saving and settings saving killed with SIGKILL at random points,
// many times over: after each kill the store opens and passes SQLite's
// integrity check, every committed chat, turn and saved answer text is
// there, an answer cut mid-stream is shown interrupted with its text, and
// the settings file is whole and no older than the last save.
func TestKillWhileSavingChatsAndSettingsLosesNothingCommitted(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 5))
	var commits []string
	kills := 0
	for range 30 {
		steps := chatRounds * (answerUpdates + 4)
		r := crashtest.Run(t, "chats", dir, 1+rng.IntN(steps), time.Duration(rng.IntN(3000))*time.Microsecond)
		commits = append(commits, r.Commits...)
		checkChatsAndSettings(t, dir, commits)
		if !r.Finished {
			kills++
		}
	}
	if kills < 20 {
		t.Fatalf("only %d of 30 runs were killed mid-work; the test did not test", kills)
	}
	if stale, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(stale) > 0 {
		t.Errorf("temporary files left after restarts: %v", stale)
	}
	t.Logf("%d kills over %d committed steps; every check passed", kills, len(commits))
}

func checkChatsAndSettings(t *testing.T, dir string, commits []string) {
	t.Helper()
	ctx := context.Background()
	var st *Store
	var err error
	for try := 0; try < 50; try++ { // the killed process's lock goes with it; let the OS catch up
		if st, err = Open(ctx, dir, NewHolder("checker", "")); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the store does not open after a kill: %v", err)
	}
	defer st.Close()
	if err := st.CheckIntegrity(ctx); err != nil {
		t.Fatalf("integrity check after a kill: %v", err)
	}
	if err := st.InterruptAnswers(ctx); err != nil {
		t.Fatal(err)
	}
	settings, notice, err := st.LoadSettings()
	if err != nil || notice != nil {
		t.Fatalf("settings after a kill: %v, %v", notice, err)
	}
	stored, _ := strconv.Atoi(strings.TrimPrefix(settings.DefaultChatModel, "model-"))
	for _, c := range commits {
		kind, rest, _ := strings.Cut(c, " ")
		idText, text, _ := strings.Cut(rest, " ")
		id, _ := strconv.ParseInt(idText, 10, 64)
		switch kind {
		case "chat":
			if _, err := st.Chat(ctx, id); err != nil {
				t.Fatalf("committed chat %d is gone: %v", id, err)
			}
		case "turn":
			if _, err := st.Turn(ctx, id); err != nil {
				t.Fatalf("committed turn %d is gone: %v", id, err)
			}
		case "text":
			a, err := st.Answer(ctx, id)
			if err != nil || !strings.HasPrefix(a.Content, text) || a.Status == core.AnswerStreaming {
				t.Fatalf("answer %d after a kill: %q (%s), %v; it had saved %q", id, a.Content, a.Status, err, text)
			}
		case "done":
			if a, err := st.Answer(ctx, id); err != nil || a.Content != text || a.Status != core.AnswerDone {
				t.Fatalf("finished answer %d after a kill: %q (%s), %v", id, a.Content, a.Status, err)
			}
		case "settings":
			if stored < int(id) {
				t.Fatalf("settings save %d was committed but the file holds save %d", id, stored)
			}
		}
	}
}
