package selftest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// filler makes each file long enough to be cut into several small chunks.
const filler = " The archive keeps older notes in a separate box on the second shelf. Visitors may read them in the reading room on weekdays." +
	" Copies can be ordered at the front desk for a small fee. The box is labelled with the year on its side."

// kbOfFiles writes each topic as a text file and stores it as one chunk
// spanning the whole file, as a knowledge base cut at a large size would.
func kbOfFiles(t *testing.T, st *store.Store) core.KnowledgeBase {
	ctx := context.Background()
	dir := t.TempDir()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "archive", Chunking: core.DefaultChunking})
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range topics {
		text := tp.text + filler
		path := filepath.Join(dir, strings.TrimSuffix(tp.file, ".md")+".txt")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(text))
		chunk := core.ChunkRecord{Text: text, Hash: hex.EncodeToString(sum[:]), End: utf8.RuneCountInString(text), Tokens: 80}
		if err := st.PutFile(ctx, kb.ID, core.FileRecord{Path: path, Hash: chunk.Hash, Status: core.FileIndexed, Format: "text"}, []core.ChunkRecord{chunk}); err != nil {
			t.Fatal(err)
		}
	}
	return kb
}

// A candidate chunk size is measured on the files cut again, where each
// question's chunk is found by its place in its file; a size equal to the
// knowledge base's own adds nothing.
func TestRunComparesACandidateChunkSize(t *testing.T) {
	tests := []struct {
		name   string
		tokens int
		want   []string
	}{
		{"a smaller size", 50, []string{"keyword", "keyword+neighbours", "keyword@50"}},
		{"the size in use", core.DefaultChunking.MaxTokens, []string{"keyword", "keyword+neighbours"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, "")
			kb := kbOfFiles(t, st)
			engine := search.New(st, search.Options{})
			defer engine.Close()
			calls := 0
			var phases []core.SelfTestPhase
			run, err := Run(ctx, Deps{Store: st, Chat: scriptedChat(t, &calls), Search: engine.Search},
				Request{KB: kb, ChatModel: "writer", Retrieval: core.DefaultRetrieval, ChunkTokens: tt.tokens},
				func(p core.SelfTestProgress) { phases = append(phases, p.Phase) })
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, s := range run.Scores {
				keys = append(keys, s.Setting.Key)
			}
			if !equal(keys, tt.want) {
				t.Fatalf("settings measured = %q, want %q", keys, tt.want)
			}
			resized := run.Scores[len(run.Scores)-1]
			if tt.tokens == kb.Chunking.MaxTokens {
				return
			}
			if resized.Setting.ChunkTokens != tt.tokens || resized.Hit5 != 1 || resized.Hit1 < 0.9 {
				t.Errorf("at %d tokens: %+v; want every question's place found in the first five", tt.tokens, resized)
			}
			rechunked := false
			for _, p := range phases {
				rechunked = rechunked || p == core.SelfTestRechunking
			}
			if !rechunked {
				t.Errorf("progress never said the files were being cut again: %q", phases)
			}
		})
	}
}

// Cutting again keeps each file's offsets, so chunks of the two sizes
// overlap where they hold the same text.
func TestRechunkKeepsOffsets(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	kb := kbOfFiles(t, st)
	scratch := storetest.Open(t, "")
	small, err := Rechunk(ctx, st, kb, 50, scratch)
	if err != nil {
		t.Fatal(err)
	}
	if small.Chunking.MaxTokens != 50 || small.Chunking.OverlapTokens >= 25 {
		t.Errorf("chunking = %+v", small.Chunking)
	}
	files, _ := scratch.Files(ctx, small.ID)
	if len(files) != len(topics) {
		t.Fatalf("%d files cut again, want %d", len(files), len(topics))
	}
	chunks, err := scratch.Chunks(ctx, small.ID, files[0].Path)
	if err != nil || len(chunks) < 2 {
		t.Fatalf("%d chunks, %v; want the file cut into several", len(chunks), err)
	}
	whole, _ := os.ReadFile(files[0].Path)
	text := []rune(string(whole))
	for _, c := range chunks {
		if got := string(text[c.Start:c.End]); !strings.Contains(got, strings.TrimSpace(c.Text)) && !strings.Contains(c.Text, strings.TrimSpace(got)) {
			t.Errorf("chunk %d at [%d, %d) holds %q, the file there %q", c.Ordinal, c.Start, c.End, c.Text, got)
		}
	}
}
