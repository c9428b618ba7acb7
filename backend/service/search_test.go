package service

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

type recordingOpener struct{ opened, revealed []string }

func (o *recordingOpener) Open(path string, page int) error {
	o.opened = append(o.opened, path)
	return nil
}

func (o *recordingOpener) Reveal(path string) error {
	o.revealed = append(o.revealed, path)
	return nil
}

func TestSearchFindsIndexedFilesAndOpensOnlyThose(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	b, err := open(t, t.TempDir(), &events{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingOpener{}
	b.Search.opener = rec
	ctx := context.Background()
	root := folder(t, "旅行", map[string]string{"西安.md": "# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。", "杭州.txt": "西湖在杭州。"})
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)

	res, err := b.Search.Query(ctx, core.SearchQuery{Text: "兵马俑在哪里"})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "西安.md")
	if len(res.Hits) == 0 || res.Hits[0].Path != want || res.Mode != core.RetrievalKeyword || !core.ErrNoVectors.Is(res.VectorProblem) {
		t.Fatalf("Query = %+v", res)
	}
	if err := b.Search.OpenFile(ctx, want, 1); err != nil || len(rec.opened) != 1 {
		t.Fatalf("OpenFile = %v, opened %v", err, rec.opened)
	}
	if err := b.Search.RevealFile(ctx, want); err != nil || len(rec.revealed) != 1 {
		t.Fatalf("RevealFile = %v, revealed %v", err, rec.revealed)
	}
	for _, path := range []string{"/etc/passwd", root, "relative.md"} {
		if err := b.Search.OpenFile(ctx, path, 0); !core.ErrPathNotInLibrary.Is(err) {
			t.Errorf("OpenFile(%s) = %v, want a refusal", path, err)
		}
	}
	if len(rec.opened) != 1 {
		t.Fatalf("opened %v", rec.opened)
	}

	if err := b.Library.Delete(ctx, kb.ID); err != nil {
		t.Fatal(err)
	}
	if res, err := b.Search.Query(ctx, core.SearchQuery{Text: "兵马俑"}); err != nil || len(res.Hits) != 0 {
		t.Fatalf("after deleting the knowledge base: %+v, %v", res, err)
	}
}
