package parse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/textenc"
)

// sniffSize is how much of a file whose name tells nothing is read to
// decide whether it holds text: a few screens of a README or a script,
// and past the headers binary formats start with.
const sniffSize = 8 << 10

// maxSniffedJunk is the share of control characters and undecodable bytes
// above which a sample is binary. Text holds almost none (an escape for a
// colour in a saved log); a program or a compressed file decoded as text
// holds one in eight or more.
const maxSniffedJunk = 0.10

// hasNoExtension reports whether a file's name says nothing of its
// format: README, LICENSE, Makefile, a script run by its shebang line, or
// a dotfile such as .bashrc, whose one dot starts the name.
func hasNoExtension(path string) bool {
	name := filepath.Base(path)
	ext := filepath.Ext(name)
	return ext == "" || ext == name
}

// Sniffed reads a file whose name says nothing of its format by what it
// holds: as plain text when its start decodes as text in an encoding
// textenc knows (a script and its shebang line included, as code with a
// name is), and refuses it as binary otherwise: a program, an image or an
// archive that happens to have no extension.
func Sniffed(ctx context.Context, path string, emit Emit) (Info, error) {
	sample, err := readStart(path, sniffSize)
	if err != nil {
		return Info{}, err
	}
	if !looksLikeText(sample) {
		return Info{}, core.ErrBinaryContent.New(nil)
	}
	if holdsPrivateKey(sample) {
		return Info{}, core.ErrPrivateKey.New(nil)
	}
	return PlainText(ctx, path, emit)
}

// readStart reads up to n bytes from the start of the file at path.
func readStart(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sample := make([]byte, n)
	read, err := io.ReadFull(f, sample)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("read the start of %s: %w", path, err)
	}
	return sample[:read], nil
}

// looksLikeText reports whether sample, the start of a file, is text: no
// NUL byte outside UTF-16 (where every ASCII character carries one), and,
// decoded in the encoding it most looks like, hardly any control
// characters or bytes that decode to nothing. An empty file is text with
// nothing in it, as an empty .txt is.
func looksLikeText(sample []byte) bool {
	d := textenc.Detect(sample)
	utf16 := d.Encoding == textenc.UTF16LE || d.Encoding == textenc.UTF16BE
	if !utf16 && bytes.IndexByte(sample, 0) >= 0 {
		return false
	}
	text, _ := textenc.Decode(sample)
	if len(sample) == sniffSize {
		// The sample may end inside a character: that one is no evidence.
		if r, size := utf8.DecodeLastRuneInString(text); r == utf8.RuneError {
			text = text[:len(text)-size]
		}
	}
	var runes, junk int
	for _, r := range text {
		runes++
		if isJunk(r) {
			junk++
		}
	}
	return float64(junk) <= maxSniffedJunk*float64(runes)
}

// holdsPrivateKey reports whether sample holds a private key in the PEM
// armour SSH, TLS and PGP keys are saved in: id_rsa and its kind have no
// extension, and a key is no knowledge to search or hand to a model.
func holdsPrivateKey(sample []byte) bool {
	text, _ := textenc.Decode(sample)
	for rest := text; ; {
		i := strings.Index(rest, "-----BEGIN ")
		if i < 0 {
			return false
		}
		rest = rest[i+len("-----BEGIN "):]
		if line, _, _ := strings.Cut(rest, "\n"); strings.Contains(line, "PRIVATE KEY") {
			return true
		}
	}
}
