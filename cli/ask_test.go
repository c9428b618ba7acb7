package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// emptyOllama answers like an Ollama that runs with no model installed.
func emptyOllama(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/version":
			w.Write([]byte(`{"version":"0.17.4"}`))
		case "/api/tags", "/api/ps":
			w.Write([]byte(`{"models":[]}`))
		default:
			http.Error(w, `{"error":"model not found"}`, http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// Without --kb, `zhiku ask` answers from every knowledge base and says
// so; without a model, it says how to name or install one here.
func TestAskUsesEveryKnowledgeBaseAndNamesTheFixForAMissingModel(t *testing.T) {
	t.Setenv("OLLAMA_HOST", emptyOllama(t))
	dataDir := t.TempDir()
	for _, name := range []string{"旅行", "work"} {
		docs := filepath.Join(t.TempDir(), name)
		os.MkdirAll(docs, 0o755)
		os.WriteFile(filepath.Join(docs, "note.md"), []byte("兵马俑位于西安市临潼区。"), 0o644)
		env, _, stderr := testEnv(core.LocaleEnglish)
		if code := Main(context.Background(), []string{"index", docs, "--data-dir", dataDir}, env); code != 0 {
			t.Fatalf("index: %s", stderr)
		}
	}
	runCases(t, []cliCase{
		{"all of them, said on stderr", []string{"ask", "--data-dir", dataDir, "兵马俑在哪？"}, core.LocaleEnglish, 1, "Searching all 2 knowledge bases: work, 旅行."},
		{"in Chinese", []string{"ask", "--data-dir", dataDir, "兵马俑在哪？"}, core.LocaleChinese, 1, "正在检索全部 2 个知识库：work、旅行。"},
		{"the one named", []string{"ask", "--data-dir", dataDir, "--kb", "work", "兵马俑在哪？"}, core.LocaleEnglish, 1, "zhiku models pull NAME"},
		{"no model installed: pull one or name one", []string{"ask", "--data-dir", dataDir, "兵马俑在哪？"}, core.LocaleEnglish, 1, "Install one with \"zhiku models pull NAME\""},
		{"no model installed, in Chinese", []string{"ask", "--data-dir", dataDir, "兵马俑在哪？"}, core.LocaleChinese, 1, "--model 名称"},
		{"no knowledge base yet", []string{"ask", "--data-dir", t.TempDir(), "hello"}, core.LocaleEnglish, 1, "No knowledge base yet, so the model answers alone."},
	})
}
