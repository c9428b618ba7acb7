package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
)

// `zhiku index` names every file it left out, with the reason in the
// person's language, in its own output and in its JSON.
func TestIndexListsEveryFileLeftOut(t *testing.T) {
	docs := filepath.Join(t.TempDir(), "课程")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "a.md"), []byte("# 标题\n\n正文。"), 0o644)
	os.WriteFile(filepath.Join(docs, "broken.pdf"), []byte("this is not a PDF at all"), 0o644)
	scan := pdftest.Write(t, filepath.Join(docs, "扫描件.pdf"), []pdftest.Page{{Image: true}})

	cases := []struct {
		name   string
		locale core.Locale
		want   []string
	}{
		{"in English", core.LocaleEnglish, []string{
			"“课程”: 1 file indexed, 1 chunk,", "1 file not indexed, and why:", "– " + scan, "It needs OCR before it can be searched",
			"1 file could not be read:", "✗ " + filepath.Join(docs, "broken.pdf"),
		}},
		{"in Chinese", core.LocaleChinese, []string{
			"“课程”：已索引 1 个文件，1 个文本块，", "1 个文件未索引，原因如下：", "需要先进行 OCR 才能搜索", "1 个文件无法读取：",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env, stdout, stderr := testEnv(c.locale)
			code := Main(context.Background(), []string{"index", docs, "--data-dir", t.TempDir()}, env)
			out := stdout.String()
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in:\n%s", w, out)
				}
			}
			if code != 0 || strings.Contains(out, "Knowledge bases view") || strings.Contains(out, "(s)") {
				t.Errorf("exit %d, output:\n%s%s", code, out, stderr)
			}
		})
	}

	env, stdout, stderr := testEnv(core.LocaleChinese)
	if code := Main(context.Background(), []string{"index", docs, "--json", "--data-dir", t.TempDir()}, env); code != 0 {
		t.Fatalf("index --json: exit %d\n%s", code, stderr)
	}
	var report indexReport
	if err := json.Unmarshal([]byte(stdout.String()), &report); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	wantSkipped := fileNote{Path: scan, State: core.FileNeedsOCR, Reason: core.ErrNeedsOCR.Code, Message: core.ErrNeedsOCR.New(nil).In(core.LocaleChinese)}
	if report.Indexed != 1 || !slices.Contains(report.Skipped, wantSkipped) || len(report.Failed) != 1 ||
		report.Failed[0].State != core.FileFailed || report.Failed[0].Reason == "" || report.Failed[0].Message == "" {
		t.Errorf("report = %+v", report)
	}
}
