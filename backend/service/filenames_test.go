package service

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

// page calls service methods as the page does, through either transport:
// the arguments and the result cross JSON, and the result is read back
// as the page's JavaScript reads it.
type page struct {
	t        *testing.T
	registry *rpc.Registry
}

func (p page) call(service, method string, args ...any) any {
	p.t.Helper()
	raw := make([]json.RawMessage, len(args))
	for i, arg := range args {
		raw[i] = mustJSON(p.t, arg)
	}
	result, err := p.registry.Call(context.Background(), service, method, raw)
	if err != nil {
		p.t.Fatalf("%s.%s: %v", service, method, err)
	}
	return asPageSees(p.t, result)
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// asPageSees is v as a page reads it once it came through JSON.
func asPageSees(t *testing.T, v any) any {
	t.Helper()
	var out any
	if err := json.Unmarshal(mustJSON(t, v), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// An old file named in GBK on Linux: its name is not UTF-8, which JSON
// cannot carry. It is indexed, listed, found and cited under a readable
// name, and every path the page sends back (to open it, show it in its
// folder, filter by it, summarise it) names the real file.
func TestAFileNamedInGBKIsUsableFromThePage(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9") // nothing listens on the discard port
	ev := &events{}
	b, err := open(t, t.TempDir(), ev)
	if err != nil {
		t.Fatal(err)
	}
	opener := &recordingOpener{}
	b.Search.opener = opener
	ctx := context.Background()
	// 旧文件 and 中文.txt, in GBK.
	parent := t.TempDir()
	root := filepath.Join(parent, "\xbe\xc9\xce\xc4\xbc\xfe")
	file := filepath.Join(root, "\xd6\xd0\xce\xc4.txt")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Skipf("this file system keeps no names that are not UTF-8: %v", err)
	}
	if err := os.WriteFile(file, []byte("兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。"), 0o644); err != nil {
		t.Skipf("this file system keeps no names that are not UTF-8: %v", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 || entries[0].Name() != filepath.Base(file) {
		t.Skip("this file system changes names that are not UTF-8")
	}
	readableRoot := filepath.Join(parent, "旧文件")
	readableFile := filepath.Join(readableRoot, "中文.txt")
	registry, err := rpc.New(b.Services())
	if err != nil {
		t.Fatal(err)
	}
	p := page{t, registry}

	// The folder is dropped on the window; the page makes a knowledge
	// base of the paths it was told of.
	b.DropFiles([]string{root})
	dropped := asPageSees(t, ev.latest(core.EventFilesDropped)).(map[string]any)["paths"]
	kb := p.call("Library", "CreateFromDrop", dropped).(map[string]any)
	if kb["name"] != "旧文件" || !slices.Equal(kb["displaySources"].([]any), []any{readableRoot}) {
		t.Fatalf("knowledge base = %v, want it named 旧文件 after its readable source", kb)
	}
	kbID := int64(kb["id"].(float64))
	if progress := waitDone(t, b.Library, kbID); progress.Phase != core.PhaseDone || len(progress.Failures) != 0 {
		t.Fatalf("indexing ended %+v", progress)
	}

	files := p.call("Library", "Files", kbID).([]any)
	if len(files) != 1 {
		t.Fatalf("files = %v", files)
	}
	listed := files[0].(map[string]any)
	key, _ := listed["path"].(string)
	if listed["status"] != string(core.FileIndexed) || listed["displayPath"] != readableFile || key == "" {
		t.Fatalf("listed %v, want %s indexed", listed, readableFile)
	}

	found := func(query map[string]any) []any {
		t.Helper()
		query["text"] = "兵马俑在哪里"
		return p.call("Search", "Query", query).(map[string]any)["hits"].([]any)
	}
	hits := found(map[string]any{})
	if len(hits) == 0 {
		t.Fatal("the file is not found")
	}
	hit := hits[0].(map[string]any)
	if hit["path"] != key || hit["displayPath"] != readableFile {
		t.Fatalf("hit = %v, want path %q shown as %s", hit, key, readableFile)
	}
	for name, filter := range map[string]map[string]any{
		"its folder as sent":        {"folder": kb["sources"].([]any)[0]},
		"its folder as shown":       {"folder": readableRoot},
		"its path as sent":          {"path": key},
		"part of its name as shown": {"path": "中文"},
	} {
		if hits := found(filter); len(hits) != 1 {
			t.Errorf("filtered by %s: %d hits, want 1", name, len(hits))
		}
	}

	p.call("Search", "OpenFile", hit["path"], hit["page"])
	p.call("Search", "RevealFile", hit["path"])
	if !slices.Equal(opener.opened, []string{file}) || !slices.Equal(opener.revealed, []string{file}) {
		t.Fatalf("opened %q and revealed %q, want %q", opener.opened, opener.revealed, file)
	}

	// A cited source is kept with its answer, and the source panel can
	// open it and ask for the whole file.
	chat := p.call("Chats", "Create", map[string]any{"title": "兵马俑", "kbIds": []int64{kbID}}).(map[string]any)
	chatID := int64(chat["id"].(float64))
	turn, err := b.store.AddTurn(ctx, chatID, "兵马俑在哪里", 0)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := b.store.StartAnswer(ctx, turn.ID, "qwen3")
	if err != nil {
		t.Fatal(err)
	}
	answer.Status, answer.Content = core.AnswerDone, "在西安 [1]。"
	answer.Sources = []core.Source{{N: 1, ChunkID: int64(hit["chunkId"].(float64)), KBID: kbID, Path: file, Text: "兵马俑", Cited: true}}
	if err := b.store.FinishAnswer(ctx, answer); err != nil {
		t.Fatal(err)
	}
	saved := p.call("Chats", "Get", chatID).(map[string]any)
	source := saved["turns"].([]any)[0].(map[string]any)["answers"].([]any)[0].(map[string]any)["sources"].([]any)[0].(map[string]any)
	if source["path"] != key || source["displayPath"] != readableFile {
		t.Fatalf("cited source = %v, want path %q shown as %s", source, key, readableFile)
	}
	p.call("Search", "OpenFile", source["path"], 0)
	if len(opener.opened) != 2 || opener.opened[1] != file {
		t.Fatalf("opened %q from the citation, want %q", opener.opened, file)
	}
	var ask core.AskRequest
	if err := json.Unmarshal(mustJSON(t, map[string]any{"chatId": chatID, "question": "总结这个文件", "documents": []any{source["path"]}}), &ask); err != nil {
		t.Fatal(err)
	}
	for question, asked := range map[string][]string{"总结这个文件": ask.Documents, "总结一下中文.txt": nil} {
		docs, err := b.Chats.answers.WholeDocuments(ctx, core.Chat{KBIDs: []int64{kbID}}, question, asked)
		if err != nil || len(docs) != 1 || docs[0].Path != file {
			t.Errorf("whole documents for %q = %+v, %v; want %q", question, docs, err, file)
		}
	}
}

// What the person chooses in the system's dialogs comes back to the page
// as a key, which names the real folder or file when the page sends it
// on.
func TestAPathChosenInADialogKeepsItsGBKName(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	root := filepath.Join(t.TempDir(), "\xbe\xc9\xce\xc4\xbc\xfe") // 旧文件, in GBK
	records := filepath.Join(root, "\xd6\xd0\xce\xc4.jsonl")       // 中文.jsonl
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Skipf("this file system keeps no names that are not UTF-8: %v", err)
	}
	line := `{"messages": [{"role": "user", "content": "保修期多长？"}, {"role": "assistant", "content": "两年。"}]}` + "\n"
	if err := os.WriteFile(records, []byte(line), 0o644); err != nil {
		t.Skipf("this file system keeps no names that are not UTF-8: %v", err)
	}
	dialogs := &pickedDialogs{}
	b, err := openWith(t, Options{DataDir: t.TempDir(), Dialogs: dialogs, ConfinePaths: true})
	if err != nil {
		t.Fatal(err)
	}
	registry, err := rpc.New(b.Services())
	if err != nil {
		t.Fatal(err)
	}
	p := page{t, registry}

	dialogs.picked = root
	folder := p.call("System", "PickFolder", "Choose a folder")
	kb := p.call("Library", "Create", map[string]any{"name": "旧文件", "sources": []any{folder}}).(map[string]any)
	kbID := int64(kb["id"].(float64))
	waitDone(t, b.Library, kbID)
	if stored, err := b.store.KB(context.Background(), kbID); err != nil || !slices.Equal(stored.Sources, []string{root}) {
		t.Fatalf("sources = %q, %v; want %q", stored.Sources, err, root)
	}

	dialogs.picked = records
	file := p.call("System", "PickFile", "Choose records", "*.jsonl")
	set := p.call("Datasets", "Create", "imports").(map[string]any)
	if n := p.call("Datasets", "Import", set["id"], file, "messages"); n != float64(1) {
		t.Fatalf("imported %v records, want 1", n)
	}
}
