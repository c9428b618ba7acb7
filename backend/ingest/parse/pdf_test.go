package parse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
)

func TestPDFPagesAndChineseWithoutEmbeddedFonts(t *testing.T) {
	path := pdftest.Write(t, filepath.Join(t.TempDir(), "报告.pdf"), []pdftest.Page{
		{Chinese: []string{"知库把您的文件变成", "可以搜索的知识库。"}},
		{Image: true}, // a scanned page: no text
		{Latin: []string{"Retrieval needs care-", "fully formed chunks and exact", "citations."}},
	})
	sections, info := collect(t, PDF, path)
	if info.Format != "pdf" || len(sections) != 2 {
		t.Fatalf("info %+v, %d sections", info, len(sections))
	}
	if sections[0].Page != 1 || !strings.Contains(sections[0].Text, "知库把您的文件变成可以搜索的知识库。") {
		t.Errorf("page 1 = %q: the Chinese lines must join without a space", sections[0].Text)
	}
	if sections[1].Page != 3 || !strings.Contains(sections[1].Text, "Retrieval needs carefully formed chunks and exact citations.") {
		t.Errorf("page 3 = %q: English lines join with spaces, and a line-end hyphen inside a word goes", sections[1].Text)
	}
	joined(t, sections) // offsets tile the extracted text
}

func TestAScannedPDFNeedsOCR(t *testing.T) {
	path := pdftest.Write(t, filepath.Join(t.TempDir(), "scan.pdf"), []pdftest.Page{{Image: true}, {Image: true}})
	_, err := PDF(t.Context(), path, func(chunk.Section) error { return nil })
	if !core.ErrNeedsOCR.Is(err) {
		t.Fatalf("PDF(scan) = %v, want needs-OCR", err)
	}
}

func TestBrokenPDFsFailCleanly(t *testing.T) {
	valid, _ := os.ReadFile(pdftest.Write(t, filepath.Join(t.TempDir(), "ok.pdf"), []pdftest.Page{{Latin: []string{"hello"}}}))
	tests := map[string][]byte{
		"not a PDF":  []byte("this is not a PDF at all"),
		"truncated":  valid[:len(valid)/2],
		"empty file": nil,
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.pdf")
			os.WriteFile(path, data, 0o644)
			// A truncated file may be repaired by PDFium; it must not crash.
			if _, err := PDF(t.Context(), path, func(chunk.Section) error { return nil }); err == nil && name != "truncated" {
				t.Fatalf("PDF(%s) succeeded", name)
			}
		})
	}
}

func TestCancellingAPDFStops(t *testing.T) {
	path := pdftest.Write(t, filepath.Join(t.TempDir(), "a.pdf"), []pdftest.Page{{Latin: []string{"hello"}}})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := PDF(ctx, path, func(chunk.Section) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("PDF after cancel = %v", err)
	}
	if sections, _ := collect(t, PDF, path); len(sections) != 1 {
		t.Fatalf("the next PDF read %d pages", len(sections))
	}
}

func TestJoinVisualLines(t *testing.T) {
	tests := map[string]string{
		"知识\r\n库":                  "知识库",
		"line one\r\nline two":     "line one line two",
		"well-\nformed":            "wellformed",
		"Zhiku-\nApp":              "Zhiku- App",
		"第一段\n\n第二段":               "第一段\n\n第二段",
		"标点，\n下一行":                 "标点，下一行",
		"trailing spaces   \nnext": "trailing spaces next",
		"care\x02fully":            "carefully",
	}
	for in, want := range tests {
		if got := JoinVisualLines(in); got != want {
			t.Errorf("JoinVisualLines(%q) = %q, want %q", in, got, want)
		}
	}
}
