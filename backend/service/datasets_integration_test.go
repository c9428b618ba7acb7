//go:build integration

package service

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// Generation on the real Ollama test server: each chunk reaches the model
// delimited, after the Q&A writer's instructions in its language, progress
// counts the chunks, and a cancel stops between chunks. The tiny model
// writes noise, so its replies count as unparsed rather than as records.
func TestIntegrationGenerateFromChunks(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	proxy := llmtest.NewProxy(t, rig.Host)
	t.Setenv("OLLAMA_HOST", proxy.Host())
	events := &progressEvents{finished: make(chan core.GenerateProgress, 1)}
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	files := map[string]string{}
	for i := range 12 {
		files[fmt.Sprintf("第%02d章.md", i)] = fmt.Sprintf("# 第%d章\n\n保修期自购买之日起两年，第%d条说明电池保修一年。", i, i)
	}
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "手册", Sources: []string{folder(t, "手册", files)}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	set, _ := b.Datasets.Create(ctx, "gen")
	proxy.Reset()
	if err := b.Datasets.Generate(ctx, GenerateRequest{DatasetID: set.ID, KBID: kb.ID, Model: llmtest.ChatModel, Chunks: 3}); err != nil {
		t.Fatal(err)
	}
	final := <-events.finished
	if final.Total != 3 || final.Done != 3 || final.Added+final.Unparsed == 0 || final.Problem != nil {
		t.Fatalf("progress = %+v", final)
	}
	sent := proxy.Chats(t)
	if len(sent) != 3 || !strings.Contains(sent[0].Messages[0].Content, "问答对") || !strings.HasPrefix(sent[0].Messages[1].Content, "<input>\n# 第") {
		t.Fatalf("requests = %+v", sent)
	}

	// Cancel after the first chunk of many.
	events.finished = make(chan core.GenerateProgress, 1)
	events.all = nil
	if err := b.Datasets.Generate(ctx, GenerateRequest{DatasetID: set.ID, KBID: kb.ID, Model: llmtest.ChatModel, Chunks: 12}); err != nil {
		t.Fatal(err)
	}
	b.Datasets.CancelGenerate(ctx, set.ID)
	stopped := <-events.finished
	if !stopped.Cancelled || stopped.Done >= 12 {
		t.Errorf("cancelled progress = %+v", stopped)
	}
}
