package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

var checkupTowns = []string{"Arden", "Bexley", "Corfe", "Dunmore", "Elgin", "Fenwick", "Galloway", "Hexham", "Ilkley", "Jedburgh", "Kendal", "Ludlow"}

// questionWriter stands in for Ollama's chat model: it asks about the
// town its chunk names.
func questionWriter(t *testing.T) *httptest.Server {
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/chat" {
			fmt.Fprint(w, `{"version":"0.17.4","models":[]}`)
			return
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		question := "What is this?"
		for _, town := range checkupTowns {
			if strings.Contains(req.Messages[len(req.Messages)-1].Content, town) {
				question = "When does the " + town + " lantern festival take place?"
			}
		}
		pairs, _ := json.Marshal([]map[string]string{{"question": question, "answer": "In October."}})
		reply, _ := json.Marshal(map[string]any{"done": true, "message": map[string]string{"role": "assistant", "content": string(pairs)}})
		w.Write(append(reply, '\n'))
	}))
	t.Cleanup(ollama.Close)
	return ollama
}

func TestEvalCheckupCommand(t *testing.T) {
	t.Setenv("OLLAMA_HOST", questionWriter(t).URL)
	dataDir := t.TempDir()
	docs := filepath.Join(t.TempDir(), "festivals")
	os.MkdirAll(docs, 0o755)
	for i, town := range checkupTowns {
		text := fmt.Sprintf("The %s lantern festival takes place every %d October near the old %s harbour.", town, i+1, town)
		os.WriteFile(filepath.Join(docs, strings.ToLower(town)+".md"), []byte(text), 0o644)
	}
	env, _, stderr := testEnv(core.LocaleEnglish)
	if code := Main(context.Background(), []string{"index", docs, "--data-dir", dataDir}, env); code != 0 {
		t.Fatalf("index: %s", stderr)
	}
	run := func(more ...string) []string {
		return append([]string{"eval", "--kb", "festivals", "--model", "writer", "--data-dir", dataDir}, more...)
	}
	tests := []cliCase{
		{"the table marks the recommendation", run(), core.LocaleEnglish, 0, "* keyword                1.000   1.000   1.000"},
		{"the header", run("--questions", "20"), core.LocaleEnglish, 0, "Retrieval check-up of festivals: 12 questions from 12 chunks (0 without a question, 0 failed the check), written by writer"},
		{"the recommendation", run(), core.LocaleEnglish, 0, "Recommended: keyword (MRR 1.000, hit@5 1.000)"},
		{"in Chinese", run(), core.LocaleChinese, 0, "festivals 的检索体检：12 个问题"},
		{"as JSON", run("--json"), core.LocaleEnglish, 0, `"recommended": "keyword"`},
		{"a candidate chunk size", run("--chunk-tokens", "120"), core.LocaleEnglish, 0, "  keyword@120            1.000   1.000   1.000"},
		{"a chunk size out of range", run("--chunk-tokens", "5"), core.LocaleEnglish, 1, "Chunks must be 50 to 4000 tokens"},
		{"applied", run("--apply"), core.LocaleEnglish, 0, "Applied to the retrieval settings."},
		{"an unknown knowledge base", []string{"eval", "--kb", "nope", "--data-dir", dataDir}, core.LocaleEnglish, 1, "knowledge base"},
		{"a file and a knowledge base", run("set.json"), core.LocaleEnglish, 2, "Usage: zhiku eval"},
		{"no questions", run("--questions", "0"), core.LocaleEnglish, 2, "--questions"},
	}
	runCases(t, tests)

	backend, err := openReader(context.Background(), dataDir, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	defer backend.Close()
	if settings, _ := backend.Settings.Get(context.Background()); settings.Retrieval.Mode != core.RetrievalKeyword || settings.Retrieval.Neighbours != 0 {
		t.Errorf("after --apply, retrieval = %+v, want keyword search without neighbours", settings.Retrieval)
	}
}

func TestWantsCheckup(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"--kb", "notes"}, true},
		{[]string{"-kb=notes", "--json"}, true},
		{[]string{"--json", "--kb", "notes"}, true},
		{[]string{"set.json", "--max-chars", "180"}, false},
		{[]string{"--", "--kb"}, false},
		{[]string{"kb"}, false},
	}
	for _, tt := range tests {
		if got := wantsCheckup(tt.args); got != tt.want {
			t.Errorf("wantsCheckup(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}
