package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/search/keyword"
	"github.com/zhiku-app/zhiku/backend/store"
)

type opened struct {
	What        string  `json:"what"`
	Seconds     float64 `json:"seconds"`
	ResidentMiB float64 `json:"residentMiB"`
	// KeywordBuildSeconds is the keyword index's share of a cold open.
	KeywordBuildSeconds float64 `json:"keywordBuildSeconds,omitempty"`
	Chunks              int     `json:"chunks,omitempty"`
}

func open(ctx context.Context, dir, what string) (opened, error) {
	out := opened{What: what}
	switch what {
	case "zhiku", "zhiku-cold":
		index := filepath.Join(storeDir(dir), "index")
		if what == "zhiku-cold" {
			os.RemoveAll(index)
		}
		began := time.Now()
		st, err := store.Open(ctx, storeDir(dir), store.NewHolder("searchbench", ""))
		if err != nil {
			return out, err
		}
		defer st.Close()
		engine := search.New(st, search.Options{Dir: index})
		if err := engine.Warm(ctx); err != nil {
			return out, err
		}
		out.Seconds = seconds(time.Since(began))
		out.ResidentMiB = residentMiB()
		engine.Wait()
		if what == "zhiku-cold" {
			out.KeywordBuildSeconds, out.Chunks, err = keywordBuild(ctx, st)
		}
		return out, err
	case "zhiku-update":
		// One file of the knowledge base changes; the index catches up.
		st, err := store.Open(ctx, storeDir(dir), store.NewHolder("searchbench", ""))
		if err != nil {
			return out, err
		}
		defer st.Close()
		engine := search.New(st, search.Options{Dir: filepath.Join(storeDir(dir), "index")})
		if err := engine.Warm(ctx); err != nil {
			return out, err
		}
		kbs, err := st.KBs(ctx)
		if err != nil {
			return out, err
		}
		records := []core.ChunkRecord{{Text: "一个改动过的文件。", Hash: "changed", Tokens: 9}}
		path := "/bench/00000.md"
		if err := st.PutFile(ctx, kbs[0].ID, core.FileRecord{Path: path, Hash: "changed", Status: core.FileIndexed, Format: "markdown"}, records); err != nil {
			return out, err
		}
		began := time.Now()
		engine.Warm(ctx) // notices the change and catches up in the background
		engine.Wait()
		out.Seconds = seconds(time.Since(began))
		out.ResidentMiB = residentMiB()
		return out, nil
	case "chromem-persistent":
		began := time.Now()
		db, err := chromem.NewPersistentDB(chromemDir(dir), false)
		if err != nil {
			return out, err
		}
		out.Seconds = seconds(time.Since(began))
		out.ResidentMiB = residentMiB()
		return out, keepAlive(db)
	case "chromem-import":
		began := time.Now()
		db := chromem.NewDB()
		if err := db.ImportFromFile(exportPath(dir), ""); err != nil {
			return out, err
		}
		out.Seconds = seconds(time.Since(began))
		out.ResidentMiB = residentMiB()
		return out, keepAlive(db)
	}
	return out, fmt.Errorf("cannot open %q", what)
}

// keepAlive keeps db reachable until its size has been read.
func keepAlive(db *chromem.DB) error {
	for _, c := range db.ListCollections() {
		if c.Count() > 0 {
			return nil
		}
	}
	return errors.New("the database opened empty")
}

// keywordBuild times building the keyword index alone from texts in memory.
func keywordBuild(ctx context.Context, st *store.Store) (float64, int, error) {
	kbs, err := st.KBs(ctx)
	if err != nil || len(kbs) == 0 {
		return 0, 0, fmt.Errorf("no knowledge base: %v", err)
	}
	var texts []string
	err = st.EachChunk(ctx, kbs[0].ID, func(c store.IndexedChunk) error {
		texts = append(texts, c.Text)
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	began := time.Now()
	ix := keyword.New()
	for i, t := range texts {
		ix.Add(int64(i), uint32(i/chunksPerFile), t)
	}
	return seconds(time.Since(began)), len(texts), nil
}
