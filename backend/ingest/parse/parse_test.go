package parse

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func collect(t *testing.T, p Parser, path string) ([]chunk.Section, Info) {
	t.Helper()
	var sections []chunk.Section
	info, err := p(context.Background(), path, func(s chunk.Section) error {
		sections = append(sections, s)
		return nil
	})
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return sections, info
}

// joined checks the sections tile the text exactly: each starts where the
// one before ended, so offsets index the document's extracted text.
func joined(t *testing.T, sections []chunk.Section) string {
	t.Helper()
	var b strings.Builder
	next := 0
	for i, s := range sections {
		if s.Offset != next {
			t.Fatalf("section %d starts at %d, want %d", i, s.Offset, next)
		}
		next += utf8.RuneCountInString(s.Text)
		b.WriteString(s.Text)
	}
	return b.String()
}

func TestPlainTextInGB18030(t *testing.T) {
	text := "知库的说明。\n第二行，中文。\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	sections, info := collect(t, PlainText, writeFile(t, "说明.txt", gb))
	if info.Encoding != "GB18030" || joined(t, sections) != text {
		t.Fatalf("info %+v, text %q", info, joined(t, sections))
	}
}

func TestLongTextIsStreamedInSections(t *testing.T) {
	line := strings.Repeat("知识库", 100) + "\n"
	text := strings.Repeat(line, 1000) // 300k characters
	sections, _ := collect(t, PlainText, writeFile(t, "long.txt", []byte(text)))
	if len(sections) < 5 || joined(t, sections) != text {
		t.Fatalf("%d sections; text preserved: %v", len(sections), joined(t, sections) == text)
	}
	for i, s := range sections {
		if n := utf8.RuneCountInString(s.Text); n > sectionRunes+len([]rune(line)) {
			t.Fatalf("section %d holds %d characters", i, n)
		}
	}
}

func TestAHugeSingleLineIsCutAtCharacterBoundaries(t *testing.T) {
	text := strings.Repeat("数据", 700_000) // 4.2 MB with no line break
	sections, _ := collect(t, PlainText, writeFile(t, "minified.json", []byte(text)))
	if got := joined(t, sections); got != text {
		t.Fatalf("text changed: %d bytes in, %d out", len(text), len(got))
	}
	for _, s := range sections {
		if !utf8.ValidString(s.Text) {
			t.Fatal("a section was cut inside a character")
		}
	}
}

func TestMarkdownHeadingPaths(t *testing.T) {
	md := strings.Join([]string{
		"前言。",
		"# 指南",
		"总述。",
		"## 安装",
		"### Linux",
		"运行脚本。",
		"```sh",
		"# not a heading",
		"```",
		"## 使用 ##",
		"#### 深层",
		"细节。",
		"#hashtag is text",
		"",
	}, "\n")
	sections, info := collect(t, Markdown, writeFile(t, "guide.md", []byte(md)))
	if info.Format != "markdown" || joined(t, sections) != md {
		t.Fatalf("info %+v, text preserved: %v", info, joined(t, sections) == md)
	}
	var paths []string
	for _, s := range sections {
		paths = append(paths, strings.Join(s.Headings, " › "))
	}
	want := []string{"", "指南", "指南 › 安装", "指南 › 安装 › Linux", "指南 › 使用", "指南 › 使用 › 深层"}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("heading paths %q, want %q", paths, want)
	}
	if !strings.Contains(sections[3].Text, "# not a heading") {
		t.Errorf("the fenced code went missing from its section: %q", sections[3].Text)
	}
}

func TestFor(t *testing.T) {
	tests := map[string]string{"a.md": "markdown", "B.MARKDOWN": "markdown", "c.txt": "text", "main.go": "text", "x.bin": "", "noext": "text"}
	for name, want := range tests {
		p, ok := For(name)
		got := ""
		if ok {
			_, info := collect(t, p, writeFile(t, "f"+filepath.Ext(name), []byte("x\n")))
			got = info.Format
		}
		if got != want {
			t.Errorf("For(%q) parses as %q, want %q", name, got, want)
		}
	}
}

func TestCancellation(t *testing.T) {
	path := writeFile(t, "big.txt", []byte(strings.Repeat("行\n", 100_000)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PlainText(ctx, path, func(chunk.Section) error { return nil }); err != context.Canceled {
		t.Fatalf("PlainText with a cancelled context = %v", err)
	}
}
