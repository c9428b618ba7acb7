package cli

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// answeringOllama answers like an Ollama with one chat model, "m", that
// replies answer to every question and counts 40 prompt tokens when the
// tokenizer is measured.
func answeringOllama(t *testing.T, answer string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/version":
			fmt.Fprint(w, `{"version":"0.17.4"}`)
		case "/api/tags", "/api/ps":
			fmt.Fprint(w, `{"models":[{"name":"m","model":"m"}]}`)
		case "/api/show":
			fmt.Fprint(w, `{"model_info":{"general.architecture":"llama","llama.context_length":4096},"capabilities":["completion"]}`)
		case "/api/chat":
			if strings.Contains(string(body), `"num_predict":1}`) {
				fmt.Fprint(w, `{"done":true,"prompt_eval_count":40,"message":{"role":"assistant","content":""}}`+"\n")
				return
			}
			fmt.Fprintf(w, `{"done":false,"message":{"role":"assistant","content":%q}}`+"\n", answer)
			fmt.Fprint(w, `{"done":true,"prompt_eval_count":200,"eval_count":9,"message":{"role":"assistant","content":""}}`+"\n")
		default:
			http.Error(w, `{"error":"model not found"}`, http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// indexedFolder makes a data folder with one knowledge base holding
// 西安.md, indexed without Ollama, and returns the folder and the file.
func indexedFolder(t *testing.T) (dataDir, file string) {
	t.Helper()
	dataDir = t.TempDir()
	docs := filepath.Join(t.TempDir(), "旅行")
	os.MkdirAll(docs, 0o755)
	file = filepath.Join(docs, "西安.md")
	os.WriteFile(file, []byte("# 西安\n\n兵马俑位于西安市临潼区。"), 0o644)
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	env, _, stderr := testEnv(core.LocaleEnglish)
	if code := Main(context.Background(), []string{"index", docs, "--data-dir", dataDir}, env); code != 0 {
		t.Fatalf("index: %s", stderr)
	}
	return dataDir, file
}

// folderState is every file under dir with its size, time and content
// hash. The WAL index (-shm) is left out: it is SQLite's shared memory,
// where every reader marks what it reads.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	state := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "-shm") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		state[path] = fmt.Sprintf("%d bytes, %s, %x", info.Size(), info.ModTime(), sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return state
}

func sameState(t *testing.T, before, after map[string]string) {
	t.Helper()
	for path, was := range before {
		if now, ok := after[path]; !ok || now != was {
			t.Errorf("%s changed: was %s, now %q", path, was, now)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			t.Errorf("%s was written", path)
		}
	}
}

// While the window holds the data folder, `zhiku ask` answers from its
// knowledge bases and writes nothing there; keeping the chat, or
// continuing one, says who holds the folder.
func TestAskBesideTheWindow(t *testing.T) {
	dataDir, file := indexedFolder(t)
	window, err := store.Open(context.Background(), dataDir, store.NewHolder("desktop", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()
	t.Setenv("OLLAMA_HOST", answeringOllama(t, "兵马俑位于西安市临潼区[1]。"))
	scratch := t.TempDir()
	t.Setenv("TMPDIR", scratch)
	before := folderState(t, dataDir)

	env, stdout, stderr := testEnv(core.LocaleEnglish)
	code := Main(context.Background(), []string{"ask", "--data-dir", dataDir, "--model", "m", "兵马俑在哪？"}, env)
	want := "兵马俑位于西安市临潼区[1]。\n\nSources:\n  [1] " + file + "\n"
	if code != 0 || stdout.String() != want {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s\nwant stdout:\n%s", code, stdout, stderr, want)
	}
	sameState(t, before, folderState(t, dataDir))

	// A summary reads the whole file from the folder, part by part.
	env, stdout, stderr = testEnv(core.LocaleEnglish)
	code = Main(context.Background(), []string{"ask", "--data-dir", dataDir, "--model", "m", "--json", "总结一下西安.md"}, env)
	var answer core.Answer
	if err := json.Unmarshal([]byte(stdout.String()), &answer); code != 0 || err != nil || answer.Report == nil ||
		!slices.Equal(answer.Report.WholeDocuments, []string{core.DisplayPath(file)}) || len(answer.Sources) != 1 || answer.Sources[0].Text == "" {
		t.Fatalf("exit %d (%v), stdout:\n%s\nstderr:\n%s\nwant the whole of %s read, with notes from its parts", code, err, stdout, stderr, file)
	}
	sameState(t, before, folderState(t, dataDir))
	if left, _ := os.ReadDir(scratch); len(left) != 0 {
		t.Errorf("the unsaved chat's store was left behind: %v", left)
	}
	if chats, err := window.Chats(context.Background(), ""); err != nil || len(chats) != 0 {
		t.Errorf("chats in the window's store: %v, %v", chats, err)
	}

	runCases(t, []cliCase{
		{"keeping the chat says who holds the folder", []string{"ask", "--save", "--data-dir", dataDir, "--model", "m", "兵马俑在哪？"}, core.LocaleEnglish, 1,
			"\"zhiku ask --save\" changes the data folder " + dataDir + ", which process"},
		{"so does continuing one", []string{"ask", "--chat", "1", "--data-dir", dataDir, "兵马俑在哪？"}, core.LocaleChinese, 1,
			"\"zhiku ask --chat\" 会修改数据文件夹"},
	})
	sameState(t, before, folderState(t, dataDir))
}

// Whether or not the window is open, `zhiku ask` keeps its chat only
// with --save, and then says how to continue it.
func TestAskKeepsTheChatOnlyWithSave(t *testing.T) {
	dataDir, _ := indexedFolder(t)
	t.Setenv("OLLAMA_HOST", answeringOllama(t, "在西安[1]。"))
	runCases(t, []cliCase{
		{"not kept", []string{"ask", "--data-dir", dataDir, "--model", "m", "兵马俑在哪？"}, core.LocaleEnglish, 0, "在西安[1]。"},
		{"kept", []string{"ask", "--save", "--data-dir", dataDir, "--model", "m", "兵马俑在哪？"}, core.LocaleEnglish, 0,
			"Kept as chat 1; continue it with \"zhiku ask --chat 1 QUESTION\"."},
		{"continued", []string{"ask", "--chat", "1", "--data-dir", dataDir, "那附近还有什么？"}, core.LocaleChinese, 0,
			"已保存为对话 1；可用 \"zhiku ask --chat 1 问题\" 继续。"},
	})
	st, err := store.OpenReadOnly(context.Background(), dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	chats, err := st.Chats(context.Background(), "")
	if err != nil || len(chats) != 1 {
		t.Fatalf("chats kept: %v, %v; want the one asked with --save", chats, err)
	}
	if chat, err := st.Chat(context.Background(), chats[0].ID); err != nil || len(chat.Turns) != 2 {
		t.Errorf("the kept chat: %+v, %v; want both questions", chat, err)
	}
}

// In a folder without data yet, the model answers alone and the folder
// is not made.
func TestAskWithoutDataMakesNoFolder(t *testing.T) {
	t.Setenv("OLLAMA_HOST", answeringOllama(t, "你好。"))
	dataDir := filepath.Join(t.TempDir(), "zhiku")
	runCases(t, []cliCase{
		{"answered alone", []string{"ask", "--data-dir", dataDir, "--model", "m", "你好"}, core.LocaleEnglish, 0, "No knowledge base yet, so the model answers alone."},
	})
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("asking made the data folder: %v", err)
	}
}
