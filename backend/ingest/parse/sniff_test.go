package parse

import (
	"bytes"
	"compress/gzip"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// A file whose name has no extension is read by what it holds: text in
// any encoding Zhiku knows is indexed as plain text, whatever the name; a
// program, an image or an archive is skipped as binary.
func TestFilesWithoutExtensionAreReadByContent(t *testing.T) {
	readme := "知库说明\n\n把文件夹变成可以提问的知识库。\n"
	license := "MIT License\n\nPermission is hereby granted, free of charge, to any person.\n"
	script := "#!/usr/bin/env python3\n# 整理笔记\nprint('你好')\n"
	tests := []struct {
		name     string
		data     []byte
		text     string // the text read, when it is text
		encoding string
		refused  *core.ProblemKind
	}{
		{name: "README", data: encode(t, simplifiedchinese.GBK.NewEncoder().Bytes, readme), text: readme, encoding: "GB18030"},
		{name: "LICENSE", data: encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes, license),
			text: license, encoding: "UTF-16LE"},
		{name: "NOTICE", data: encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes, readme),
			text: readme, encoding: "UTF-16BE"},
		{name: "tidy-notes", data: []byte(script), text: script, encoding: "UTF-8"},
		{name: "Makefile", data: []byte("build:\n\tgo build ./...\n"), text: "build:\n\tgo build ./...\n", encoding: "UTF-8"},
		{name: ".bashrc", data: []byte("export EDITOR=vim\n"), text: "export EDITOR=vim\n", encoding: "UTF-8"},
		{name: "CHANGES", data: encode(t, charmap.Windows1252.NewEncoder().Bytes, "Café menu — déjà vu\n"),
			text: "Café menu — déjà vu\n", encoding: "windows-1252"},
		{name: "empty", data: nil, text: ""},
		{name: "program", data: ownExecutable(t), refused: &core.ErrBinaryContent},
		{name: "picture", data: pngImage(t), refused: &core.ErrBinaryContent},
		{name: "archive", data: gzipped(t, strings.Repeat(readme, 200)), refused: &core.ErrBinaryContent},
		{name: "id_ed25519", data: []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"),
			refused: &core.ErrPrivateKey},
		{name: "secring", data: []byte("note\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF\n"), refused: &core.ErrPrivateKey},
		{name: "CERTIFICATE", data: []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
			text: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", encoding: "UTF-8"},
		{name: "terminal-noise", data: bytes.Repeat([]byte("\x1b\x01\x02ok\x03\x04"), 500), refused: &core.ErrBinaryContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.name, tt.data)
			parser, ok := For(path)
			if !ok {
				t.Fatalf("%s has no parser", tt.name)
			}
			var sections []chunk.Section
			info, err := parser(context.Background(), path, func(s chunk.Section) error {
				sections = append(sections, s)
				return nil
			})
			if tt.refused != nil {
				if !tt.refused.Is(err) || len(sections) > 0 {
					t.Fatalf("got %d sections and %v, want %s", len(sections), err, tt.refused.Code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := joined(t, sections); got != tt.text {
				t.Fatalf("read %q, want %q", got, tt.text)
			}
			if tt.text != "" && (info.Format != "text" || info.Encoding != tt.encoding) {
				t.Fatalf("info = %+v, want text in %s", info, tt.encoding)
			}
		})
	}
}

// A name with an extension Zhiku does not know is still refused by its
// name, unread: the extension says what it is.
func TestAnUnknownExtensionIsNotSniffed(t *testing.T) {
	if _, ok := For(writeFile(t, "drawing.xyz", []byte("plain words"))); ok {
		t.Fatal("a file with an unknown extension got a parser")
	}
}

func encode(t *testing.T, enc func([]byte) ([]byte, error), text string) []byte {
	t.Helper()
	b, err := enc([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ownExecutable is the start of the running test binary: a real program
// for this system (ELF, Mach-O or PE).
func ownExecutable(t *testing.T) []byte {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	start, err := readStart(exe, 64<<10)
	if err != nil {
		t.Fatal(err)
	}
	return start
}

func pngImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := range 64 {
		img.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipped(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(text))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
