package models

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/models/hubtest"
)

func modelBytes(n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return append([]byte("GGUF"), b...)
}

func TestHubFiles(t *testing.T) {
	hub := hubtest.New(t)
	hub.Add("Qwen/Qwen3-8B-GGUF", "Qwen3-8B-Q4_K_M.gguf", modelBytes(100))
	hub.Add("Qwen/Qwen3-8B-GGUF", "README.md", []byte("# Qwen3"))
	hub.Add("org/gated", "x.gguf", modelBytes(10))
	hub.Gate("org/gated")
	for _, kind := range []core.HubKind{core.HubHuggingFace, core.HubModelScope} {
		h := Hub{Kind: kind, Endpoint: hub.URL}
		files, err := h.Files(context.Background(), "Qwen/Qwen3-8B-GGUF")
		if err != nil || len(files) != 2 {
			t.Fatalf("%s: files = %+v, %v", kind, files, err)
		}
		for _, f := range files {
			if f.Path == "Qwen3-8B-Q4_K_M.gguf" && (f.Quantization != "Q4_K_M" || f.Size != 104 || len(f.SHA256) != 64) {
				t.Errorf("%s: %+v", kind, f)
			}
		}
		cases := []struct {
			repo string
			want core.ProblemKind
		}{
			{"org/gated", core.ErrHubDenied},
			{"org/missing", core.ErrHubNotFound},
			{"not a repo", core.ErrHubNotFound},
			{"../../etc", core.ErrHubNotFound},
		}
		for _, c := range cases {
			if _, err := h.Files(context.Background(), c.repo); !c.want.Is(err) {
				t.Errorf("%s %s: err = %v, want %s", kind, c.repo, err, c.want.Code)
			}
		}
	}
	if _, err := (Hub{Kind: core.HubHuggingFace, Endpoint: "http://127.0.0.1:9"}).Files(context.Background(), "a/b"); !core.ErrHubUnreachable.Is(err) {
		t.Errorf("closed port: err = %v", err)
	}
}

// fullDisk fails writes after limit bytes, as a full disk does.
type fullDisk struct {
	w     io.Writer
	limit int
}

func (f *fullDisk) Write(b []byte) (int, error) {
	if len(b) > f.limit {
		n, _ := f.w.Write(b[:f.limit])
		f.limit = 0
		return n, &os.PathError{Op: "write", Path: "x.part", Err: syscall.ENOSPC}
	}
	f.limit -= len(b)
	return f.w.Write(b)
}

func TestDownloadResumesAndVerifies(t *testing.T) {
	data := modelBytes(3 << 20)
	cases := []struct {
		name       string
		kind       core.HubKind
		setup      func(hub *hubtest.Server, d *Download)
		wantErr    core.ProblemKind
		wantRanges func(ranges []string) bool
		partKept   bool
	}{
		{name: "whole, through the CDN redirect", kind: core.HubHuggingFace,
			wantRanges: func(r []string) bool { return len(r) == 1 && r[0] == "" }},
		{name: "ModelScope", kind: core.HubModelScope,
			wantRanges: func(r []string) bool { return len(r) == 1 }},
		{name: "connection cut mid-file resumes with a Range", kind: core.HubHuggingFace,
			setup: func(hub *hubtest.Server, d *Download) { hub.CutNext(1 << 20) },
			wantRanges: func(r []string) bool {
				return len(r) == 2 && r[0] == "" && strings.HasPrefix(r[1], "bytes=") && r[1] != "bytes=0-"
			}},
		{name: "a corrupted byte is caught by SHA-256", kind: core.HubHuggingFace,
			setup:   func(hub *hubtest.Server, d *Download) { hub.Corrupt(true) },
			wantErr: core.ErrDownloadCorrupt},
		{name: "a full disk keeps the part for later", kind: core.HubHuggingFace,
			setup: func(hub *hubtest.Server, d *Download) {
				d.wrap = func(w io.Writer) io.Writer { return &fullDisk{w: w, limit: 1 << 20} }
			},
			wantErr: core.ErrDiskFull, partKept: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hub := hubtest.New(t)
			hub.Add("org/model", "model-Q4_K_M.gguf", data)
			d := Download{Hub: Hub{Kind: c.kind, Endpoint: hub.URL}, Repo: "org/model", Folder: t.TempDir(),
				File:    core.HubFile{Path: "model-Q4_K_M.gguf", Size: int64(len(data)), SHA256: hubtest.SHA256(data)},
				Backoff: func(int) time.Duration { return time.Millisecond }}
			if c.setup != nil {
				c.setup(hub, &d)
			}
			path, err := d.Run(context.Background())
			if c.wantErr.Code != "" {
				if !c.wantErr.Is(err) {
					t.Fatalf("err = %v, want %s", err, c.wantErr.Code)
				}
				info, statErr := os.Stat(d.Dest() + ".part")
				if c.partKept != (statErr == nil && info.Size() > 0) {
					t.Errorf("part file kept = %v, want %v", statErr == nil, c.partKept)
				}
				if _, err := os.Stat(d.Dest()); err == nil {
					t.Error("a failed download left a finished file")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, data) || filepath.Base(path) != "model-Q4_K_M.gguf" {
				t.Fatalf("downloaded %d bytes to %s", len(got), path)
			}
			if !c.wantRanges(hub.Ranges()) {
				t.Errorf("ranges asked = %q", hub.Ranges())
			}
			if _, err := os.Stat(path + ".part"); !os.IsNotExist(err) {
				t.Error("the part file is left behind")
			}
		})
	}
}

// A download interrupted by the app closing continues from its part file
// when asked again, and a finished file is not fetched twice.
func TestDownloadContinuesAfterRestart(t *testing.T) {
	data := modelBytes(2 << 20)
	hub := hubtest.New(t)
	hub.Add("org/model", "m.gguf", data)
	folder := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	seen := int64(0)
	first := Download{Hub: Hub{Kind: core.HubHuggingFace, Endpoint: hub.URL}, Repo: "org/model", Folder: folder,
		File: core.HubFile{Path: "m.gguf", Size: int64(len(data)), SHA256: hubtest.SHA256(data)},
		Progress: func(p core.DownloadProgress) {
			if seen = p.Completed; seen > 0 {
				cancel() // the app closes
			}
		}}
	hub.CutNext(1 << 20) // and the connection drops, leaving a part
	if _, err := first.Run(ctx); err == nil {
		t.Fatal("the cancelled download finished")
	}
	part, err := os.Stat(first.Dest() + ".part")
	if err != nil || part.Size() == 0 {
		t.Fatalf("no part kept: %v", err)
	}
	again := first
	again.Progress = nil
	path, err := again.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Fatal("the resumed file differs")
	}
	ranges := hub.Ranges()
	if last := ranges[len(ranges)-1]; last != "bytes="+strconv.FormatInt(part.Size(), 10)+"-" {
		t.Errorf("resumed with %q, want from byte %d", last, part.Size())
	}
	before := len(hub.Ranges())
	if _, err := again.Run(context.Background()); err != nil || len(hub.Ranges()) != before {
		t.Errorf("a finished file was fetched again: %v", err)
	}
}
