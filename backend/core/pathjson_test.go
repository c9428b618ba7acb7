package core

import (
	"encoding/json"
	"reflect"
	"testing"
)

// gbkPath is /资料/中文.txt with its names in GBK, as an old file on Linux.
const (
	gbkPath     = "/\xd7\xca\xc1\xcf/\xd6\xd0\xce\xc4.txt"
	gbkKey      = pathKeyPrefix + "/%D7%CA%C1%CF/%D6%D0%CE%C4.txt"
	gbkReadable = "/资料/中文.txt"
)

// Every type that carries a path to the page writes it as its key, with
// the readable path beside it where the page shows it, and keeps its
// other fields.
func TestPathsCrossJSONAsKeys(t *testing.T) {
	tests := []struct {
		name  string
		value any
		want  map[string]any // the fields checked
	}{
		{"a file", FileRecord{Path: gbkPath, Status: FileIndexed, Chunks: 3},
			map[string]any{"path": gbkKey, "displayPath": gbkReadable, "status": "indexed", "chunks": 3.0}},
		{"a failure", FileFailure{Path: gbkPath},
			map[string]any{"path": gbkKey, "displayPath": gbkReadable, "problem": nil}},
		{"a hit", SearchHit{ChunkID: 9, Path: gbkPath, Page: 2},
			map[string]any{"path": gbkKey, "displayPath": gbkReadable, "chunkId": 9.0, "page": 2.0}},
		{"a source", Source{N: 1, Path: gbkPath, Cited: true},
			map[string]any{"path": gbkKey, "displayPath": gbkReadable, "n": 1.0, "cited": true}},
		{"dropped files", FilesDropped{Paths: []string{gbkPath, "/docs"}},
			map[string]any{"paths": []any{gbkKey, "/docs"}}},
		{"knowledge base sources", KnowledgeBase{Name: "资料", Sources: []string{gbkPath, "/docs"}},
			map[string]any{"name": "资料", "sources": []any{gbkKey, "/docs"}, "displaySources": []any{gbkReadable, "/docs"}}},
		{"chat filters", ChatSettings{Model: "qwen3", Folder: gbkPath, Path: "中文"},
			map[string]any{"model": "qwen3", "folder": gbkKey, "path": "中文"}},
		{"a check-up's miss", SelfTestMiss{Question: "何时？", Path: gbkPath, Page: 2, FirstPath: "/docs/a.md"},
			map[string]any{"path": gbkKey, "displayPath": gbkReadable, "firstPath": "/docs/a.md", "firstDisplayPath": "/docs/a.md", "page": 2.0}},
		{"progress", IndexProgress{Current: gbkPath, Failures: []FileFailure{{Path: gbkPath}}},
			map[string]any{"current": gbkReadable, "failures": []any{map[string]any{"path": gbkKey, "displayPath": gbkReadable, "problem": nil}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.value)
			var page map[string]any
			if err != nil || json.Unmarshal(data, &page) != nil {
				t.Fatalf("JSON = %s, %v", data, err)
			}
			for field, want := range tt.want {
				if got, ok := page[field]; !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", field, got, want)
				}
			}
		})
	}
}

// What the page sends back, and what is saved as JSON, names the real
// files again.
func TestKeysFromThePageNameTheRealFiles(t *testing.T) {
	chat := Chat{ID: 7, Settings: ChatSettings{Folder: "/\xd7\xca\xc1\xcf", Path: "中文"},
		Turns: []Turn{{Answers: []Answer{{Sources: []Source{{N: 1, Path: gbkPath, Cited: true}}}}}}}
	data, err := json.Marshal(chat)
	if err != nil {
		t.Fatal(err)
	}
	var back Chat
	if err := json.Unmarshal(data, &back); err != nil || !reflect.DeepEqual(back, chat) {
		t.Fatalf("the chat came back as %+v, %v\nwant %+v", back, err, chat)
	}

	tests := []struct {
		name string
		json string
		into any
		want any
	}{
		{"a file to read whole", `{"chatId":1,"question":"总结","documents":["` + gbkKey + `","/docs/a.md"]}`,
			&AskRequest{}, &AskRequest{ChatID: 1, Question: "总结", Documents: []string{gbkPath, "/docs/a.md"}}},
		{"search filters", `{"text":"兵马俑","folder":"` + pathKeyPrefix + `/%D7%CA%C1%CF","path":"中文"}`,
			&SearchQuery{}, &SearchQuery{Text: "兵马俑", Folder: "/\xd7\xca\xc1\xcf", Path: "中文"}},
		{"a source", `{"n":2,"path":"` + gbkKey + `","displayPath":"` + gbkReadable + `"}`,
			&Source{}, &Source{N: 2, Path: gbkPath}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := json.Unmarshal([]byte(tt.json), tt.into); err != nil || !reflect.DeepEqual(tt.into, tt.want) {
				t.Fatalf("decoded %+v, %v; want %+v", tt.into, err, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		json string
		into any
	}{
		{`{"documents":["` + pathKeyPrefix + `%Z"]}`, &AskRequest{}},
		{`{"folder":"` + pathKeyPrefix + `%"}`, &SearchQuery{}},
		{`{"path":"` + pathKeyPrefix + `%4"}`, &Source{}},
		{`{"folder":"` + pathKeyPrefix + `%"}`, &ChatSettings{}},
	} {
		if err := json.Unmarshal([]byte(bad.json), bad.into); err == nil {
			t.Errorf("%s decoded into %+v; a broken key is an error", bad.json, bad.into)
		}
	}
}
