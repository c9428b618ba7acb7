package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func testEnv(locale core.Locale) (*Env, *syncBuffer, *syncBuffer) {
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	assets := fstest.MapFS{"index.html": {Data: []byte("<title>Zhiku</title>")}}
	return &Env{Stdout: stdout, Stderr: stderr, Assets: assets, Locale: locale}, stdout, stderr
}

// cliCase is one run of the command line and what it must print.
type cliCase struct {
	name   string
	args   []string
	locale core.Locale
	code   int
	out    string // expected in stdout+stderr
}

func runCases(t *testing.T, cases []cliCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			env, stdout, stderr := testEnv(tt.locale)
			code := Main(context.Background(), tt.args, env)
			all := stdout.String() + stderr.String()
			if code != tt.code || !strings.Contains(all, tt.out) {
				t.Fatalf("exit %d, output:\n%s\nwant exit %d and %q", code, all, tt.code, tt.out)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	tests := []cliCase{
		{"help", []string{"--help"}, core.LocaleEnglish, 0, "zhiku COMMAND"},
		{"version", []string{"version"}, core.LocaleEnglish, 0, "zhiku 0.1.0-dev"},
		{"command help", []string{"serve", "--help"}, core.LocaleEnglish, 0, "--addr"},
		{"serve help says what the page may name", []string{"serve", "--help"}, core.LocaleEnglish, 0, "besides these, the page may name only"},
		{"unknown command", []string{"frobnicate"}, core.LocaleEnglish, 2, `Unknown command "frobnicate"`},
		{"unknown command in Chinese", []string{"frobnicate"}, core.LocaleChinese, 2, "未知命令"},
		{"bad flag", []string{"serve", "--port", "1"}, core.LocaleEnglish, 2, "flag provided but not defined"},
		{"serve refuses the network", []string{"serve", "--addr", "0.0.0.0:8765"}, core.LocaleEnglish, 2, "unless --allow-network is given"},
		{"doctor", []string{"doctor", "--data-dir", t.TempDir()}, core.LocaleEnglish, 0, "Ollama"},
		{"ask without a question", []string{"ask", "--data-dir", t.TempDir()}, core.LocaleEnglish, 2, "ask QUESTION"},
		{"ask with Ollama not running names Ollama", []string{"ask", "--data-dir", t.TempDir(), "hello"}, core.LocaleChinese, 1, "Ollama"},
		{"render a built-in assistant", []string{"prompt", "render", "--data-dir", t.TempDir(), "Translator", "--var", "language=French"}, core.LocaleEnglish, 0, "Translate the text into French"},
		{"render in Chinese with a variable left", []string{"prompt", "render", "--data-dir", t.TempDir(), "Tutor"}, core.LocaleChinese, 0, "以下变量没有值"},
		{"lint a built-in assistant", []string{"prompt", "lint", "--data-dir", t.TempDir(), "Summariser"}, core.LocaleEnglish, 0, "No suggestions"},
		{"a name no assistant has is the prompt itself", []string{"prompt", "lint", "--data-dir", t.TempDir(), "Nobody"}, core.LocaleEnglish, 1, "task.vague"},
		{"compare needs two", []string{"prompt", "compare", "--data-dir", t.TempDir(), "--input", "x", "--model", "m", "Summariser"}, core.LocaleEnglish, 1, "two to four variants"},
		{"models without a subcommand", []string{"models"}, core.LocaleEnglish, 2, "usage: zhiku models list"},
		{"fit a catalogue model", []string{"models", "fit", "--data-dir", t.TempDir(), "--catalog", "qwen3:8b", "--ctx", "4096"}, core.LocaleEnglish, 0, "2 × 36 layers × 4096 tokens"},
		{"fit a name not in the catalogue", []string{"models", "fit", "--data-dir", t.TempDir(), "--catalog", "qwen3:7b"}, core.LocaleEnglish, 1, "qwen3:7b is not in the model catalogue. The closest names are qwen3:4b, qwen3:8b"},
		{"fit a name not in the catalogue, in Chinese", []string{"models", "fit", "--data-dir", t.TempDir(), "--catalog", "Deepsek-R1:7b"}, core.LocaleChinese, 1, "模型目录中没有 Deepsek-R1:7b。最接近的名称是 deepseek-r1:7b"},
		{"fit a file that is not GGUF", []string{"models", "fit", "--data-dir", t.TempDir(), "/etc/hostname.gguf"}, core.LocaleEnglish, 1, "cannot be read as a GGUF model"},
		{"import under a bad name", []string{"models", "import", "--data-dir", t.TempDir(), "--name", "bad name", "x.gguf"}, core.LocaleChinese, 1, "不是可用的模型名称"},
		{"list with Ollama down", []string{"models", "list", "--data-dir", t.TempDir()}, core.LocaleEnglish, 1, "not reachable"},
		{"ask an unknown knowledge base", []string{"ask", "--data-dir", t.TempDir(), "--kb", "nope", "hello"}, core.LocaleEnglish, 1, "knowledge base"},
	}
	runCases(t, tests)
}

func TestServeAnswersAndStopsCleanly(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	env, stdout, stderr := testEnv(core.LocaleEnglish)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, env) }()

	url := waitForURL(t, stdout)
	resp, err := http.Post(url+"/api/call/System/Info", "application/json", strings.NewReader("[]"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"version":"0.1.0-dev"`) {
		t.Fatalf("System.Info: %d %s", resp.StatusCode, body)
	}
	// An open event stream must not hold up the shutdown.
	events, err := http.Get(url + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15 s of being asked")
	}
}

func TestServeRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	held, err := store.Open(context.Background(), dir, store.NewHolder("desktop", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	env, _, stderr := testEnv(core.LocaleChinese)
	code := Main(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, env)
	if code != 1 || !strings.Contains(stderr.String(), "知库已在使用数据文件夹") {
		t.Fatalf("exit %d, stderr %q; want 1 and the already-running message in Chinese", code, stderr.String())
	}
}

func waitForURL(t *testing.T, out *syncBuffer) string {
	t.Helper()
	re := regexp.MustCompile(`http://(127\.0\.0\.1|0\.0\.0\.0|\[::\]):\d+`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindString(out.String()); m != "" {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("serve printed no address: %q", out.String())
	return ""
}

func TestIndexCommand(t *testing.T) {
	dataDir := t.TempDir()
	docs := filepath.Join(t.TempDir(), "笔记")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "a.md"), []byte("# 标题\n\n正文。"), 0o644)
	os.WriteFile(filepath.Join(docs, "b.txt"), []byte("plain notes"), 0o644)
	os.WriteFile(filepath.Join(docs, "c.bin"), []byte{0, 1}, 0o644)

	tests := []cliCase{
		{"flags after the path", []string{"index", docs, "--kb", "我的笔记", "--data-dir", dataDir}, core.LocaleEnglish, 0, "“我的笔记”: 2 files indexed"},
		{"again: nothing changed", []string{"index", docs, "--kb", "我的笔记", "--data-dir", dataDir}, core.LocaleEnglish, 0, "0 new or changed, 3 unchanged"},
		{"named after the folder", []string{"index", "--data-dir", dataDir, docs}, core.LocaleEnglish, 0, "“笔记”"},
		{"a missing path", []string{"index", "/no/such/folder", "--data-dir", dataDir}, core.LocaleEnglish, 1, "/no/such/folder cannot be opened"},
		{"no path", []string{"index", "--data-dir", dataDir}, core.LocaleEnglish, 2, "Usage: zhiku index"},
	}
	runCases(t, tests)
}

func TestSearchCommand(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	dataDir := t.TempDir()
	docs := filepath.Join(t.TempDir(), "旅行")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "西安.md"), []byte("# 西安\n\n兵马俑位于西安市临潼区。"), 0o644)
	os.WriteFile(filepath.Join(docs, "杭州.txt"), []byte("西湖在杭州。"), 0o644)
	env, _, stderr := testEnv(core.LocaleEnglish)
	if code := Main(context.Background(), []string{"index", docs, "--data-dir", dataDir}, env); code != 0 {
		t.Fatalf("index: %s", stderr)
	}

	tests := []cliCase{
		{"finds and marks", []string{"search", "兵马俑在哪", "--data-dir", dataDir}, core.LocaleEnglish, 0, "【兵马俑】"},
		{"says where", []string{"search", "兵马俑", "--data-dir", dataDir}, core.LocaleEnglish, 0, "西安.md  › 西安  [旅行]"},
		{"says it used keywords and why", []string{"search", "西湖", "--data-dir", dataDir}, core.LocaleEnglish, 0, "Only keyword search was used"},
		{"filters by type", []string{"search", "西湖", "--type", "md", "--data-dir", dataDir}, core.LocaleEnglish, 0, "Nothing found"},
		{"in Chinese", []string{"search", "西湖", "--data-dir", dataDir}, core.LocaleChinese, 0, "1 条结果（keyword 检索"},
		{"as JSON", []string{"search", "西湖", "--json", "--data-dir", dataDir}, core.LocaleEnglish, 0, `"path": "` + filepath.Join(docs, "杭州.txt")},
		{"says which file the query named", []string{"search", "西安的兵马俑", "--data-dir", dataDir}, core.LocaleEnglish, 0, "Focused on 西安.md, named in the query."},
		{"says it in Chinese", []string{"search", "西安的兵马俑", "--data-dir", dataDir}, core.LocaleChinese, 0, "查询提到了 西安.md，已优先从中检索。"},
		{"lists named files in JSON", []string{"search", "西安的兵马俑", "--json", "--data-dir", dataDir}, core.LocaleEnglish, 0,
			`"namedFiles": [` + "\n" + `    {` + "\n" + `      "kbId": 1,` + "\n" + `      "path": "` + filepath.Join(docs, "西安.md") + `",` + "\n" + `      "field": "file",` + "\n" + `      "name": "西安"`},
		{"an unknown knowledge base", []string{"search", "西湖", "--kb", "工作", "--data-dir", dataDir}, core.LocaleEnglish, 1, "no longer exists"},
		{"no query", []string{"search", "--data-dir", dataDir}, core.LocaleEnglish, 2, "Usage: zhiku search"},
	}
	runCases(t, tests)
}

func TestEvalCommand(t *testing.T) {
	set := filepath.Join(t.TempDir(), "set.json")
	os.WriteFile(set, []byte(`{"data":[{"title":"长城","paragraphs":[{"context":"长城东起山海关，西至嘉峪关。",
		"qas":[{"id":"1","question":"长城东起哪里？","answers":[{"text":"山海关","answer_start":4}]}]}]}]}`), 0o644)
	tests := []cliCase{
		{"keyword figures", []string{"eval", set}, core.LocaleEnglish, 0, "keyword       1.000     1.000     1.000     1.000    1.000"},
		{"the header", []string{"eval", set, "--max-chars", "60"}, core.LocaleEnglish, 0, "1 paragraph, 1 question; 1 chunk"},
		{"an unreachable embedding server", []string{"eval", set, "--embed-model", "bge-m3", "--ollama", "127.0.0.1:9"}, core.LocaleEnglish, 0, "Only keyword search was used"},
		{"a missing file", []string{"eval", "/no/such.json"}, core.LocaleEnglish, 1, "no such file"},
		{"not JSON", []string{"eval", "/etc/hostname"}, core.LocaleEnglish, 1, "SQuAD JSON"},
		{"a cap too small", []string{"eval", set, "--max-chars", "5"}, core.LocaleEnglish, 2, "Usage: zhiku eval"},
		{"no character cap", []string{"eval", set, "--max-chars", "0", "--max-tokens", "100"}, core.LocaleEnglish, 0, "at most 100 tokens and ∞ characters"},
	}
	runCases(t, tests)
}

// A folder with docs/ and questions.jsonl is read as a natural-question
// set: its files indexed as a folder, its figures by file and page, and
// the questions missed listed with what came first (here one found second
// counts at file@5, one about nothing the files hold is missed).
func TestEvalCommandOnANaturalQuestionSet(t *testing.T) {
	set := t.TempDir()
	os.MkdirAll(filepath.Join(set, "docs", "旅行"), 0o755)
	os.WriteFile(filepath.Join(set, "docs", "旅行", "西安.md"), []byte("# 西安\n\n兵马俑位于西安市临潼区。"), 0o644)
	os.WriteFile(filepath.Join(set, "docs", "杭州.txt"), []byte("西湖在杭州。"), 0o644)
	os.WriteFile(filepath.Join(set, "questions.jsonl"), []byte(`{"id":"a","question":"兵马俑在哪个区？","file":"旅行/西安.md","page":0}
{"id":"b","question":"西湖在西安吗","file":"旅行/西安.md","page":0}
{"id":"c","question":"量子计算机是什么","file":"杭州.txt","page":0}
`), 0o644)
	tests := []cliCase{
		{"the header", []string{"eval", set}, core.LocaleEnglish, 0, "2 files, 3 questions; 2 chunks (at most 300 tokens, overlap 40 tokens)"},
		{"keyword figures", []string{"eval", set}, core.LocaleEnglish, 0, "keyword        0.667   0.667   0.667   0.667"},
		{"the baseline", []string{"eval", set}, core.LocaleEnglish, 0, "bigram-bm25"},
		{"a question missed", []string{"eval", set}, core.LocaleChinese, 0, "c  量子计算机是什么\n    答案在 杭州.txt，不在前十条结果中；排在最前的是：没有结果"},
		{"chunking given", []string{"eval", set, "--max-tokens", "100"}, core.LocaleEnglish, 0, "at most 100 tokens, overlap 30 tokens"},
		{"as JSON", []string{"eval", set, "--json"}, core.LocaleEnglish, 0, `"fileAt5": 0.6666666666666666`},
		{"a set that is not there", []string{"eval", filepath.Join(set, "nothing")}, core.LocaleEnglish, 1, "no such file"},
	}
	runCases(t, tests)
}

// With --allow-network the server prints a link with its token, and a
// request without the token is refused.
func TestServeOnTheNetworkNeedsTheToken(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	t.Setenv("ZHIKU_SERVE_TOKEN", "a-token-of-twenty-chars")
	env, stdout, _ := testEnv(core.LocaleEnglish)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--addr", "0.0.0.0:0", "--allow-network", "--data-dir", t.TempDir()}, env)
	}()
	link := waitForURL(t, stdout)
	if !strings.Contains(stdout.String(), "?token=a-token-of-twenty-chars") {
		t.Fatalf("no link with the token:\n%s", stdout.String())
	}
	base := regexp.MustCompile(`//[^/]+:`).ReplaceAllString(link, "//127.0.0.1:")
	call := func(header string) int {
		req, _ := http.NewRequest(http.MethodPost, base+"/api/call/System/Info", strings.NewReader("[]"))
		req.Header.Set("Content-Type", "application/json")
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := call(""); got != http.StatusUnauthorized {
		t.Errorf("without the token: %d", got)
	}
	if got := call("Bearer a-token-of-twenty-chars"); got != http.StatusOK {
		t.Errorf("with the token: %d", got)
	}
	cancel()
	<-done

	t.Setenv("ZHIKU_SERVE_TOKEN", "short")
	env, _, stderr := testEnv(core.LocaleEnglish)
	if code := Main(context.Background(), []string{"serve", "--addr", "0.0.0.0:0", "--allow-network", "--data-dir", t.TempDir()}, env); code != 1 ||
		!strings.Contains(stderr.String(), "at least 16 characters") {
		t.Errorf("a short token: exit %d, %s", code, stderr.String())
	}
}
