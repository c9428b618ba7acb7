package httpapi

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

// gbkFile is 资料/中文.txt with its names in GBK, as an old file on Linux.
const gbkFile = "/\xd7\xca\xc1\xcf/\xd6\xd0\xce\xc4.txt"

// files stands in for the services that give the page files and take
// them back by the path they gave.
type files struct{ opened []string }

func (files) Find(context.Context) (core.SearchResult, error) {
	return core.SearchResult{Hits: []core.SearchHit{{ChunkID: 1, Path: gbkFile}}}, nil
}

func (f *files) Open(_ context.Context, path string) error {
	file, err := core.PathFromKey(path)
	f.opened = append(f.opened, file)
	return err
}

// A file whose name is not UTF-8 reaches the page over HTTP, in a result
// and in an event, by a key that names it exactly when it comes back.
func TestPathsThatAreNotUTF8CrossHTTPExactly(t *testing.T) {
	library := &files{}
	registry, err := rpc.New(map[string]any{"Files": library})
	if err != nil {
		t.Fatal(err)
	}
	broker := NewBroker()
	ts := httptest.NewServer(New(registry, broker, fstest.MapFS{}).Handler())
	t.Cleanup(ts.Close)

	_, found := post(t, ts.URL+"/api/call/Files/Find", `[]`, nil)
	hit := found["hits"].([]any)[0].(map[string]any)
	if hit["displayPath"] != "/资料/中文.txt" {
		t.Fatalf("hit = %v, want it shown as /资料/中文.txt", hit)
	}
	args, _ := json.Marshal([]any{hit["path"]})
	if resp, body := post(t, ts.URL+"/api/call/Files/Open", string(args), nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("Open: %d %v", resp.StatusCode, body)
	}
	if len(library.opened) != 1 || library.opened[0] != gbkFile {
		t.Fatalf("opened %q, want %q", library.opened, gbkFile)
	}

	resp, err := http.Get(ts.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	reader := bufio.NewReader(resp.Body)
	if line, _ := reader.ReadString('\n'); line != ": connected\n" {
		t.Fatalf("first line = %q", line)
	}
	broker.Emit(core.EventFilesDropped, core.FilesDropped{Paths: []string{gbkFile}})
	for {
		line, err := reader.ReadString('\n')
		if err != nil {
			t.Fatalf("read stream: %v", err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var dropped core.FilesDropped
			if err := json.Unmarshal([]byte(data), &dropped); err != nil || len(dropped.Paths) != 1 || dropped.Paths[0] != hit["path"] {
				t.Fatalf("dropped %q, %v; want the key %q", data, err, hit["path"])
			}
			return
		}
	}
}
