package library

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// Files without an extension go through a sync as named text files do:
// text is indexed, binary and private keys skipped with their reason, an edit re-indexed,
// and one an older Zhiku skipped for its name is read though unchanged.
func TestFilesWithoutExtensionSyncLikeNamedText(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "项目")
	readme, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.Repeat("知库把文件夹变成知识库。", 20)))
	exe, err := os.Executable()
	must(t, err)
	program, err := os.ReadFile(exe)
	must(t, err)
	files := []struct {
		name   string
		data   []byte
		status core.FileStatus
		reason *core.ProblemKind
	}{
		{name: "README", data: readme, status: core.FileIndexed},
		{name: "deploy", data: []byte("#!/bin/sh\n# 部署到测试机\nrsync -a build/ test:/srv/\n"), status: core.FileIndexed},
		{name: "Makefile", data: []byte("test:\n\tgo test ./...\n"), status: core.FileIndexed},
		{name: "TODO", data: nil, status: core.FileSkipped, reason: &core.ErrFileEmpty},
		{name: "id_rsa", data: []byte("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n"),
			status: core.FileSkipped, reason: &core.ErrPrivateKey},
		{name: "program", data: program[:min(len(program), 256<<10)], status: core.FileSkipped, reason: &core.ErrBinaryContent},
	}
	for _, f := range files {
		write(t, filepath.Join(root, f.name), f.data)
	}
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "项目", Sources: []string{root}, Chunking: core.ChunkSettings{MaxTokens: 60, OverlapTokens: 10}})
	must(t, err)
	if p, err := Sync(ctx, st, kb, Options{}); err != nil || p.Phase != core.PhaseDone {
		t.Fatalf("sync = %+v, %v", p, err)
	}
	records, err := st.Files(ctx, kb.ID)
	must(t, err)
	byName := map[string]core.FileRecord{}
	for _, r := range records {
		byName[filepath.Base(r.Path)] = r
	}
	for _, f := range files {
		got := byName[f.name]
		if got.Status != f.status || f.reason != nil && !f.reason.Is(got.Reason) || f.reason == nil && got.Reason != nil {
			t.Errorf("%s: %s %+v, want %s %v", f.name, got.Status, got.Reason, f.status, f.reason)
		}
	}
	if r := byName["README"]; r.Encoding != "GB18030" || r.Format != "text" {
		t.Errorf("README read as %s in %s", r.Format, r.Encoding)
	}

	// An edit is re-indexed, as in a file with a name.
	later := time.Now().Add(time.Minute)
	write(t, filepath.Join(root, "deploy"), []byte("#!/bin/sh\n# 改为部署到正式机\nrsync -a build/ prod:/srv/\n"))
	must(t, os.Chtimes(filepath.Join(root, "deploy"), later, later))
	if p, _ := Sync(ctx, st, kb, Options{}); p.Changed != 1 {
		t.Fatalf("resync after editing a script = %+v", p)
	}
	chunks, err := st.Chunks(ctx, kb.ID, filepath.Join(root, "deploy"))
	must(t, err)
	if len(chunks) == 0 || !strings.Contains(chunks[0].Text, "正式机") {
		t.Fatalf("the edited script's chunks = %+v", chunks)
	}

	// An older Zhiku skipped README for its name; unchanged, it is read now.
	old := byName["README"]
	old.Status, old.Format, old.Encoding = core.FileSkipped, "", ""
	old.Reason = core.ErrFormatUnsupported.New(nil, "format", "")
	must(t, st.PutFile(ctx, kb.ID, old, nil))
	if p, _ := Sync(ctx, st, kb, Options{}); p.Changed != 1 {
		t.Fatalf("resync after an upgrade = %+v", p)
	}
	if got := statuses(t, st, kb.ID, root)["README"]; got != core.FileIndexed {
		t.Fatalf("README after an upgrade is %s", got)
	}
}
