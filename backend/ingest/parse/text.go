package parse

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/textenc"
)

// sectionRunes bounds how much text one section of a long plain-text file
// holds before the next starts at a line break: long enough for chunks to
// fill, short enough to keep memory small for a file of gigabytes.
const sectionRunes = 32 << 10

// maxLineBytes bounds one line held in memory; a longer line (a minified
// file, a 100 MB single line) is cut into pieces of this size.
const maxLineBytes = 1 << 20

// PlainText reads a text file in any encoding textenc detects, as sections
// of whole lines.
func PlainText(ctx context.Context, path string, emit Emit) (Info, error) {
	info := Info{Format: "text"}
	err := readLines(ctx, path, &info, func(s *sectionBuilder, line string) error {
		if err := s.flushIfFull(emit); err != nil {
			return err
		}
		s.add(line)
		return nil
	}, emit)
	return info, err
}

// sectionBuilder gathers lines into a section and tracks offsets.
type sectionBuilder struct {
	buf      []byte
	runes    int
	offset   int // where the next section starts, in runes
	headings []string
}

func (s *sectionBuilder) add(line string) {
	s.buf = append(s.buf, line...)
	s.runes += utf8.RuneCountInString(line)
}

// flushIfFull starts a new section once this one holds sectionRunes.
func (s *sectionBuilder) flushIfFull(emit Emit) error {
	if s.runes < sectionRunes {
		return nil
	}
	return s.flush(emit)
}

func (s *sectionBuilder) flush(emit Emit) error {
	if s.runes == 0 {
		return nil
	}
	sec := chunk.Section{Text: string(s.buf), Headings: s.headings, Offset: s.offset}
	s.offset += s.runes
	s.buf, s.runes = s.buf[:0], 0
	return emit(sec)
}

// readLines decodes the file and hands each line (with its line break) to
// onLine, then flushes the last section.
func readLines(ctx context.Context, path string, info *Info, onLine func(*sectionBuilder, string) error, emit Emit) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r, d, err := textenc.NewReader(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	info.Encoding = d.Encoding
	lines := &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
	s := &sectionBuilder{}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		line, err := lines.next()
		if line != "" {
			if err := onLine(s, line); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	}
	return s.flush(emit)
}

// lineReader yields lines with their breaks, cutting a line longer than
// maxLineBytes into pieces at character boundaries.
type lineReader struct {
	br    *bufio.Reader
	carry []byte // the start of a character cut off by the previous piece
}

func (l *lineReader) next() (string, error) {
	line := l.carry
	l.carry = nil
	for {
		part, err := l.br.ReadSlice('\n')
		line = append(line, part...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return string(line), err
		}
		if len(line) >= maxLineBytes {
			cut := len(line)
			for i := 1; i <= utf8.UTFMax && i <= len(line); i++ {
				if utf8.RuneStart(line[len(line)-i]) {
					if !utf8.FullRune(line[len(line)-i:]) {
						cut = len(line) - i
					}
					break
				}
			}
			l.carry = append([]byte(nil), line[cut:]...)
			return string(line[:cut]), nil
		}
	}
}
