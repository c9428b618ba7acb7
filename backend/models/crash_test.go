package models

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/crashtest"
	"github.com/zhiku-app/zhiku/backend/models/hubtest"
)

func TestMain(m *testing.M) {
	crashtest.Main(map[string]crashtest.Work{"download": downloadWork})
	os.Exit(m.Run())
}

const crashModelSize = 24 << 20

// crashDownload is the download the worker runs, from the hub the test
// serves, of a file of size bytes with the hash sum.
func crashDownload(folder, hub string, size int64, sum string) Download {
	return Download{Hub: Hub{Kind: core.HubHuggingFace, Endpoint: hub}, Repo: "org/model", Folder: folder,
		File:    core.HubFile{Path: "model.gguf", Size: size, SHA256: sum},
		Backoff: func(int) time.Duration { return time.Millisecond }}
}

func downloadWork(folder string) error {
	size, _ := strconv.ParseInt(os.Getenv("ZHIKU_CRASH_SIZE"), 10, 64)
	crashtest.Commit("started")
	_, err := crashDownload(folder, os.Getenv("ZHIKU_CRASH_HUB"), size, os.Getenv("ZHIKU_CRASH_SHA256")).Run(context.Background())
	return err
}

// A model download killed with SIGKILL at random points, many times over:
// the finished name never holds a partial file, the part file is always
// the start of the real one, each restart asks the hub only for the rest,
// and the file that finally arrives passes its SHA-256.
func TestKillDuringDownloadResumesWithoutCorruption(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	data := modelBytes(crashModelSize)
	hub := hubtest.New(t)
	hub.Add("org/model", "model.gguf", data)
	hub.Pace(2 * time.Millisecond) // about 16 MB/s: a whole download lasts over a second
	folder := t.TempDir()
	d := crashDownload(folder, hub.URL, int64(len(data)), hubtest.SHA256(data))
	rng := rand.New(rand.NewPCG(17, 19))
	kills, resumed := 0, 0
	// Kills go on until enough have landed mid-download, however slowly
	// the machine starts each worker; the last run is left to finish.
	for round := 0; ; round++ {
		jitter := time.Duration(5+rng.IntN(60)) * time.Millisecond
		last := (kills >= 10 && resumed >= 10) || round == 60
		if last {
			jitter = time.Hour
		}
		before := len(hub.Ranges())
		partBefore := partSize(d)
		r := crashtest.Run(t, "download", folder, 1, jitter,
			"ZHIKU_CRASH_HUB="+hub.URL, "ZHIKU_CRASH_SIZE="+strconv.Itoa(len(data)), "ZHIKU_CRASH_SHA256="+d.File.SHA256)
		if !r.Finished {
			kills++
		}
		if ranges := hub.Ranges()[before:]; partBefore > 0 && len(ranges) > 0 {
			if ranges[0] != "bytes="+strconv.FormatInt(partBefore, 10)+"-" {
				t.Fatalf("with %d bytes kept the download asked for %q", partBefore, ranges[0])
			}
			resumed++
		}
		got, err := os.ReadFile(d.Dest())
		switch {
		case err == nil && !bytes.Equal(got, data):
			t.Fatalf("the finished name holds %d bytes that are not the file", len(got))
		case err == nil && !r.Finished:
			t.Fatal("the finished name exists though the download was killed")
		case err != nil && r.Finished:
			t.Fatalf("the download finished but its file is missing: %v", err)
		}
		if part, err := os.ReadFile(d.Dest() + ".part"); err == nil && !bytes.Equal(part, data[:len(part)]) {
			t.Fatalf("the part file's %d bytes are not the start of the file", len(part))
		}
		if r.Finished || last {
			break
		}
	}
	if _, err := os.Stat(d.Dest()); err != nil || kills < 10 || resumed < 10 {
		t.Fatalf("the file arrived: %v, after %d kills, %d resumed: the test did not test", err == nil, kills, resumed)
	}
	t.Logf("%d kills, %d resumed from their part file; the file arrived whole", kills, resumed)
}

func partSize(d Download) int64 {
	info, err := os.Stat(d.Dest() + ".part")
	if err != nil {
		return 0
	}
	return info.Size()
}
