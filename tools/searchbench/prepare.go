package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/squad"
	"github.com/zhiku-app/zhiku/backend/store"
)

const benchModel = "bench-embed"

// chunksPerFile groups the generated chunks into files, as a real folder would.
const chunksPerFile = 500

type prepared struct {
	Chunks          int     `json:"chunks"`
	Dim             int     `json:"dim"`
	StoreSeconds    float64 `json:"storeSeconds"`
	ChromemWrite    float64 `json:"chromemWriteSeconds"`
	ChromemExport   float64 `json:"chromemExportSeconds"`
	SnapshotSeconds float64 `json:"snapshotSeconds"`
}

// sentencePool is what chunk texts are made of.
func sentencePool() []string {
	if path, ok := squad.FindCMRC(); ok {
		if set, err := squad.Load(path); err == nil {
			var out []string
			for _, c := range set.Contexts() {
				for _, s := range strings.SplitAfter(c, "。") {
					if s = strings.TrimSpace(s); len([]rune(s)) >= 8 {
						out = append(out, s)
					}
				}
			}
			return out
		}
	}
	return []string{"知库把您的文件变成可以搜索的知识库。", "中文文本没有空格，分词需要专门处理。",
		"Retrieval finds passages first and answers from them.", "增量同步只重新索引发生变化的文件。"}
}

func chunkText(rng *rand.Rand, pool []string) string {
	var b strings.Builder
	for b.Len() < 400 { // about 140 Chinese characters, as in a 180-character cut
		b.WriteString(pool[rng.IntN(len(pool))])
	}
	return b.String()
}

func randomUnit(rng *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	var sum float64
	for i := range v {
		v[i] = float32(rng.NormFloat64())
		sum += float64(v[i]) * float64(v[i])
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
	return v
}

func prepare(ctx context.Context, dir string, n, dim int) (prepared, error) {
	out := prepared{Chunks: n, Dim: dim}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return out, err
	}
	st, err := store.Open(ctx, storeDir(dir), store.NewHolder("searchbench", ""))
	if err != nil {
		return out, err
	}
	defer st.Close()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "bench", Chunking: core.DefaultChunking, EmbedModel: benchModel})
	if err != nil {
		return out, err
	}
	pool := sentencePool()
	rng := rand.New(rand.NewPCG(uint64(n), uint64(dim)))
	db, err := chromem.NewPersistentDB(chromemDir(dir), false)
	if err != nil {
		return out, err
	}
	coll, err := db.CreateCollection("chunks", nil, func(context.Context, string) ([]float32, error) {
		return nil, errors.New("no embedding here")
	})
	if err != nil {
		return out, err
	}
	var storeTime, chromemTime time.Duration
	for file := 0; file*chunksPerFile < n; file++ {
		count := min(chunksPerFile, n-file*chunksPerFile)
		records := make([]core.ChunkRecord, count)
		hashes := make([]string, count)
		vectors := make([][]float32, count)
		docs := make([]chromem.Document, count)
		for i := range records {
			text := chunkText(rng, pool)
			sum := sha256.Sum256([]byte(text))
			hashes[i] = hex.EncodeToString(sum[:])
			records[i] = core.ChunkRecord{Ordinal: i, Text: text, Hash: hashes[i], Start: i * 140, End: (i + 1) * 140, Tokens: 140}
			vectors[i] = randomUnit(rng, dim)
			docs[i] = chromem.Document{ID: strconv.Itoa(file*chunksPerFile + i), Embedding: vectors[i]}
		}
		path := fmt.Sprintf("/bench/%05d.md", file)
		began := time.Now()
		if err := st.PutFile(ctx, kb.ID, core.FileRecord{Path: path, Hash: path, Status: core.FileIndexed, Format: "markdown"}, records); err != nil {
			return out, err
		}
		if err := st.PutEmbeddings(ctx, benchModel, hashes, vectors); err != nil {
			return out, err
		}
		storeTime += time.Since(began)
		began = time.Now()
		if err := coll.AddDocuments(ctx, docs, runtime.NumCPU()); err != nil {
			return out, err
		}
		chromemTime += time.Since(began)
	}
	if err := st.SetVectorModel(ctx, kb.ID, benchModel); err != nil {
		return out, err
	}
	out.StoreSeconds, out.ChromemWrite = seconds(storeTime), seconds(chromemTime)

	began := time.Now()
	if err := db.ExportToFile(exportPath(dir), false, ""); err != nil {
		return out, err
	}
	out.ChromemExport = seconds(time.Since(began))

	began = time.Now()
	engine := search.New(st, search.Options{Dir: filepath.Join(storeDir(dir), "index")})
	if err := engine.Warm(ctx); err != nil {
		return out, err
	}
	engine.Wait() // the snapshot is written
	out.SnapshotSeconds = seconds(time.Since(began))
	return out, nil
}
