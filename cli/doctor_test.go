package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/store/damagetest"
)

// damagedDataFolder makes a data folder whose database has a knowledge
// base of many chunks, and damages two pages of them.
func damagedDataFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, dir, store.NewHolder("test", ""))
	if err != nil {
		t.Fatal(err)
	}
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "handbook", Sources: []string{t.TempDir()}, Chunking: core.DefaultChunking})
	if err != nil {
		t.Fatal(err)
	}
	chunks := make([]core.ChunkRecord, 300)
	for i := range chunks {
		chunks[i] = core.ChunkRecord{Ordinal: i, Hash: fmt.Sprint(i), Text: strings.Repeat("The warranty lasts two years. ", 20)}
	}
	if err := st.PutFile(ctx, kb.ID, core.FileRecord{Path: "/docs/manual.txt", Hash: "h", Status: core.FileIndexed}, chunks); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	damagetest.Table(t, dir, "chunks", 2)
	return dir
}

// A damaged database stops zhiku index before it writes and makes the
// doctor fail, both saying what to run; zhiku doctor --recover then saves
// what can be read, keeps the damaged file aside, and the doctor passes.
func TestDoctorFindsAndRecoversADamagedDatabase(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	dir := damagedDataFolder(t)
	damaged, err := os.ReadFile(filepath.Join(dir, "zhiku.db"))
	if err != nil {
		t.Fatal(err)
	}
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "note.txt"), []byte("A note to index."), 0o644)
	runCases(t, []cliCase{
		{"index refuses to write", []string{"index", docs, "--data-dir", dir}, core.LocaleEnglish, 1, "run zhiku doctor --recover"},
		{"doctor finds the damage", []string{"doctor", "--data-dir", dir}, core.LocaleEnglish, 1, "is damaged"},
	})
	if after, err := os.ReadFile(filepath.Join(dir, "zhiku.db")); err != nil || !bytes.Equal(after, damaged) {
		t.Fatalf("the damaged database was written to (%v)", err)
	}
	runCases(t, []cliCase{
		{"recover", []string{"doctor", "--recover", "--data-dir", dir}, core.LocaleEnglish, 0, "The damaged one is kept as " + filepath.Join(dir, "zhiku.db.damaged-")},
		{"recovered in Chinese", []string{"doctor", "--recover", "--data-dir", dir}, core.LocaleChinese, 0, "完好"},
		{"doctor after recovery", []string{"doctor", "--data-dir", dir}, core.LocaleEnglish, 0, "data version"},
		{"index after recovery", []string{"index", docs, "--data-dir", dir, "--kb", "notes"}, core.LocaleEnglish, 0, "1 file indexed"},
	})
	kept, _ := filepath.Glob(filepath.Join(dir, "zhiku.db.damaged-*"))
	if len(kept) != 1 {
		t.Fatalf("damaged copies kept: %v, want one", kept)
	}
	if aside, err := os.ReadFile(kept[0]); err != nil || !bytes.Equal(aside, damaged) {
		t.Errorf("the damaged copy differs from the damaged database (%v)", err)
	}
}
