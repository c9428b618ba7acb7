package service

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestDatasetsFromChatsComparisonsAndFiles(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	set, err := b.Datasets.Create(ctx, "Support")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Datasets.Create(ctx, "support"); !core.ErrDatasetName.Is(err) {
		t.Errorf("a second set of the same name: err = %v", err)
	}

	// A chat of two turns; the second answered three times, rated.
	chat, _ := b.store.CreateChat(ctx, core.Chat{Title: "c", Settings: core.ChatSettings{SystemPrompt: "Answer from the handbook."}})
	answer := func(turnID int64, text string, rating int) core.Answer {
		a, _ := b.store.StartAnswer(ctx, turnID, "m")
		now := time.Now()
		a.Content, a.Status, a.FinishedAt = text, core.AnswerDone, &now
		b.store.FinishAnswer(ctx, a)
		if rating != 0 {
			b.store.RateAnswer(ctx, a.ID, rating)
		}
		return a
	}
	t1, _ := b.store.AddTurn(ctx, chat.ID, "How long is the warranty?", 0)
	answer(t1.ID, "Two years.", 0)
	t2, _ := b.store.AddTurn(ctx, chat.ID, "Does it cover batteries?", 0)
	answer(t2.ID, "No idea.", -1)
	answer(t2.ID, "Yes, for one year.", 1)
	chosen := answer(t2.ID, "Batteries are covered.", 0)
	b.store.ChooseAnswer(ctx, t2.ID, chosen.ID)
	if n, err := b.Datasets.FromChat(ctx, set.ID, chat.ID); err != nil || n != 2 {
		t.Fatalf("from chat: %d, %v", n, err)
	}

	// A comparison marked in the prompt studio.
	b.Prompts.MarkBest(ctx, core.Preference{Input: "Summarise", Chosen: core.PreferenceOutput{Output: "good"}, Rejected: []core.PreferenceOutput{{Output: "worse"}}})
	if n, err := b.Datasets.FromPreferences(ctx, set.ID); err != nil || n != 1 {
		t.Fatalf("from preferences: %d, %v", n, err)
	}

	// A file, and a file with a bad line that adds nothing.
	dir := t.TempDir()
	good1 := filepath.Join(dir, "qa.jsonl")
	os.WriteFile(good1, []byte(`{"messages": [{"role": "user", "content": "保修期多长？"}, {"role": "assistant", "content": "两年。"}]}`+"\n"), 0o644)
	broken := filepath.Join(dir, "broken.jsonl")
	os.WriteFile(broken, []byte(`{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}`+"\n{oops\n"), 0o644)
	if n, err := b.Datasets.Import(ctx, set.ID, good1, "messages"); err != nil || n != 1 {
		t.Fatalf("import: %d, %v", n, err)
	}
	if n, err := b.Datasets.Import(ctx, set.ID, broken, "messages"); !core.ErrDatasetFile.Is(err) || n != 0 || !strings.Contains(core.AsProblem(err).In(core.LocaleEnglish), "line 2") {
		t.Fatalf("a broken file: %d, %v", n, err)
	}

	records, _ := b.Datasets.Records(ctx, set.ID)
	if len(records) != 4 {
		t.Fatalf("%d records", len(records))
	}
	conv, ranked, pref, qa := records[0], records[1], records[2], records[3]
	if conv.Kind != core.RecordConversation || len(conv.Messages) != 4 || conv.Messages[3].Content != "Batteries are covered." || conv.System != "Answer from the handbook." {
		t.Errorf("conversation = %+v", conv)
	}
	if ranked.Kind != core.RecordRanked || strings.Join(ranked.Responses, "|") != "Yes, for one year.|Batteries are covered.|No idea." {
		t.Errorf("ranked = %+v", ranked)
	}
	if pref.Provenance != "compare:1" || qa.Provenance != "import:qa.jsonl" || conv.Provenance != "chat:1" {
		t.Errorf("provenance: %q %q %q", conv.Provenance, pref.Provenance, qa.Provenance)
	}

	qa.Review = core.ReviewAccepted
	if err := b.Datasets.Update(ctx, qa); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	files, err := b.Datasets.Export(ctx, set.ID, ExportRequest{Format: "sharegpt", Dir: out, AcceptedOnly: true})
	if err != nil || len(files) != 2 || filepath.Base(files[0]) != "Support.train.jsonl" {
		t.Fatalf("export = %v, %v", files, err)
	}
	if got, _ := os.ReadFile(files[0]); !strings.Contains(string(got), `"保修期多长？"`) || strings.Count(string(got), "\n") != 1 {
		t.Errorf("exported %s", got)
	}
	report, _ := b.Datasets.Check(ctx, set.ID)
	if report.Total != 4 || report.ByKind[core.RecordRanked] != 2 || report.ByState[core.ReviewAccepted] != 1 {
		t.Errorf("report = %+v", report)
	}

	refusals := []struct {
		call func() error
		want core.ProblemKind
	}{
		{func() error {
			_, err := b.Datasets.Add(ctx, set.ID, []core.Record{{Kind: core.RecordQA, Prompt: "q"}})
			return err
		}, core.ErrRecordInvalid},
		{func() error {
			_, err := b.Datasets.Add(ctx, set.ID, []core.Record{{Kind: "essay", Prompt: "q"}})
			return err
		}, core.ErrRecordInvalid},
		{func() error {
			_, err := b.Datasets.Add(ctx, 999, []core.Record{{Kind: core.RecordPrompt, Prompt: "q"}})
			return err
		}, core.ErrDatasetNotFound},
		{func() error {
			_, err := b.Datasets.Export(ctx, set.ID, ExportRequest{Format: "prompt-only", Dir: out})
			return err
		}, core.ErrBadRequest},
		{func() error {
			_, err := b.Datasets.Import(ctx, set.ID, filepath.Join(dir, "missing.jsonl"), "messages")
			return err
		}, core.ErrDatasetFile},
	}
	for i, c := range refusals {
		if err := c.call(); !c.want.Is(err) {
			t.Errorf("case %d: err = %v, want %s", i, err, c.want.Code)
		}
	}
}
