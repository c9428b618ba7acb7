package service

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// progressEvents collects generation progress and signals the end.
type progressEvents struct {
	all      []core.GenerateProgress
	finished chan core.GenerateProgress
}

func (p *progressEvents) Emit(name string, payload any) {
	if g, ok := payload.(core.GenerateProgress); ok {
		p.all = append(p.all, g)
		if g.Finished {
			p.finished <- g
		}
	}
}

// Pairs a model writes about each chunk become Q&A records with their
// chunk as provenance, and an answer the chunk does not support is kept,
// flagged.
func TestGenerateQAPairsFromAKnowledgeBase(t *testing.T) {
	var prompts []string
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/chat" {
			fmt.Fprint(w, `{"version":"0.17.4","models":[]}`)
			return
		}
		var body strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := r.Body.Read(buf)
			body.Write(buf[:n])
			if err != nil {
				break
			}
		}
		prompts = append(prompts, body.String())
		reply := `[{\"question\": \"How long is the warranty?\", \"answer\": \"The warranty lasts two years from purchase.\"}, {\"question\": \"Is water damage covered?\", \"answer\": \"Yes, accidental water damage is covered worldwide.\"}]`
		fmt.Fprintf(w, `{"done":true,"message":{"role":"assistant","content":"%s"}}`+"\n", reply)
	}))
	defer ollama.Close()
	t.Setenv("OLLAMA_HOST", ollama.URL)
	events := &progressEvents{finished: make(chan core.GenerateProgress, 1)}
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "handbook", Sources: []string{folder(t, "handbook", map[string]string{
		"warranty.md": "# Warranty\n\nThe warranty lasts two years from purchase. It covers parts and labour.",
	})}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	set, _ := b.Datasets.Create(ctx, "generated")
	if err := b.Datasets.Generate(ctx, GenerateRequest{DatasetID: set.ID, KBID: kb.ID, Model: "m"}); err != nil {
		t.Fatal(err)
	}
	final := <-events.finished
	if final.Total != 1 || final.Done != 1 || final.Added != 2 || final.Ungrounded != 1 || final.Problem != nil || final.Cancelled {
		t.Fatalf("progress = %+v", final)
	}
	if len(prompts) != 1 || !strings.Contains(prompts[0], "question–answer pairs") || !strings.Contains(prompts[0], `\u003cinput\u003e\n# Warranty`) {
		t.Errorf("prompt sent: %s", prompts)
	}
	records, _ := b.Datasets.Records(ctx, set.ID)
	if len(records) != 2 || !*records[0].Grounded || *records[1].Grounded || !strings.HasPrefix(records[0].Provenance, "chunk:") {
		t.Errorf("records = %+v", records)
	}

	bad := []struct {
		req  GenerateRequest
		want core.ProblemKind
	}{
		{GenerateRequest{DatasetID: set.ID, KBID: 999, Model: "m"}, core.ErrKBNotFound},
		{GenerateRequest{DatasetID: 999, KBID: kb.ID, Model: "m"}, core.ErrDatasetNotFound},
		{GenerateRequest{DatasetID: set.ID, KBID: kb.ID}, core.ErrNoModelsInstalled},
	}
	for _, c := range bad {
		if err := b.Datasets.Generate(ctx, c.req); !c.want.Is(err) {
			t.Errorf("%+v: err = %v, want %s", c.req, err, c.want.Code)
		}
	}
}
