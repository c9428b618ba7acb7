package service

import (
	"context"
	"os"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/models/hubtest"
)

// downloadEvents collects the end of each download.
type downloadEvents chan core.DownloadProgress

func (d downloadEvents) Emit(name string, payload any) {
	if p, ok := payload.(core.DownloadProgress); ok && p.Done {
		d <- p
	}
}

func TestHubDownloadThroughTheService(t *testing.T) {
	hub := hubtest.New(t)
	data := append([]byte("GGUF"), make([]byte, 1<<20)...)
	hub.Add("Qwen/Qwen3-0.6B-GGUF", "Qwen3-0.6B-Q8_0.gguf", data)
	done := make(downloadEvents, 4)
	b, err := open(t, t.TempDir(), done)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	req := HubRequest{Hub: core.HubHuggingFace, Endpoint: hub.URL + "/", Repo: "Qwen/Qwen3-0.6B-GGUF"}
	files, err := b.Models.HubFiles(ctx, req)
	if err != nil || len(files) != 1 || files[0].Quantization != "Q8_0" {
		t.Fatalf("files = %+v, %v", files, err)
	}
	if _, err := b.Models.Download(ctx, DownloadRequest{HubRequest: req, File: files[0]}); err != nil {
		t.Fatal(err)
	}
	final := <-done
	if final.Problem != nil || final.Completed != int64(len(data)) {
		t.Fatalf("download ended %+v", final)
	}
	if got, err := os.ReadFile(final.Path); err != nil || len(got) != len(data) {
		t.Fatalf("saved %d bytes at %s: %v", len(got), final.Path, err)
	}

	bad := []struct {
		req  HubRequest
		want core.ProblemKind
	}{
		{HubRequest{Hub: "civitai", Repo: "a/b"}, core.ErrBadRequest},
		{HubRequest{Hub: core.HubHuggingFace, Endpoint: "file:///etc", Repo: "a/b"}, core.ErrBadRequest},
		{HubRequest{Hub: core.HubModelScope, Endpoint: hub.URL, Repo: "nobody/nothing"}, core.ErrHubNotFound},
	}
	for _, c := range bad {
		if _, err := b.Models.HubFiles(ctx, c.req); !c.want.Is(err) {
			t.Errorf("%+v: err = %v, want %s", c.req, err, c.want.Code)
		}
	}
	if _, err := b.Models.Download(ctx, DownloadRequest{HubRequest: req, File: core.HubFile{Path: "../../x"}}); !core.ErrBadRequest.Is(err) {
		t.Errorf("a path out of the repository: err = %v", err)
	}
}
