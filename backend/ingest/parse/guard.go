package parse

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// The text one file may yield: 64 MiB, or four bytes for each byte of the
// file when that is more. 64 MiB of text is some twenty million Chinese
// characters, a hundred long novels in one file; no document people keep
// holds more. A plain text file yields at most about 1.5 times its size
// (GBK or UTF-16 Chinese grows as UTF-8), and a compressed document more
// but rarely beyond four; only a file built to amplify, a zip-bombed sheet
// or a PDF listing one page 200,000 times, goes past both, and it is
// stopped as it extracts, not after.
const (
	minTextBudget   = 64 << 20
	textPerFileByte = 4
)

// Text that is not text: once this many characters have been read, a file
// whose characters are more than a quarter NUL, control characters or
// undecodable bytes is not prose but a binary or empty file that happens
// to have a text name (a 1 GB sparse file of NULs named .md).
const (
	junkSample   = 4096
	maxJunkShare = 0.25
)

// guard stands between a parser and its receiver: it counts the file's
// text against its budget and stops the file as soon as it is over, or is
// found not to be text, or to be one block repeated.
type guard struct {
	next        Emit
	limit       int64
	repeatsFrom int64 // the text yielded before repetition is judged
	used        int64
	chars       int64
	junk        int64
	repeats     repeats
}

// guarded wraps a parser so that every section it extracts passes the
// guard; a file over a limit fails while it is being read.
func guarded(parser Parser) Parser {
	return func(ctx context.Context, path string, emit Emit) (Info, error) {
		var size int64
		if info, err := os.Stat(path); err == nil {
			size = info.Size()
		}
		return parser(ctx, path, newGuard(textBudget(size), size, emit).emit)
	}
}

// textBudget is how much text a file of fileSize bytes may yield.
func textBudget(fileSize int64) int64 {
	return max(minTextBudget, textPerFileByte*fileSize)
}

// newGuard guards the text of a file of fileSize bytes, allowing limit.
// Repetition is judged only once a file has yielded more text than twice
// its size: a file that repeats itself without amplifying (a log with the
// same stack trace between distinct lines) costs no more than its size,
// and its distinct lines are worth keeping.
func newGuard(limit, fileSize int64, next Emit) *guard {
	return &guard{next: next, limit: limit, repeatsFrom: 2 * fileSize}
}

func (g *guard) emit(sec chunk.Section) error {
	if g.used += int64(len(sec.Text)); g.used > g.limit {
		return core.ErrTextBudget.New(nil, "limit", fmt.Sprintf("%d MiB", g.limit>>20))
	}
	for _, r := range sec.Text {
		g.chars++
		if isJunk(r) {
			g.junk++
		}
	}
	if g.chars >= junkSample && float64(g.junk) > maxJunkShare*float64(g.chars) {
		return core.ErrNotText.New(nil, "percent", strconv.Itoa(int(100*g.junk/g.chars))+"%")
	}
	if distinct, total, repeated := g.repeats.add(sec.Text); repeated && g.used > g.repeatsFrom {
		return core.ErrRepeatedContent.New(nil, "distinct", strconv.Itoa(distinct), "total", strconv.Itoa(total))
	}
	return g.next(sec)
}

// isJunk is a character no prose holds: NUL and the other control
// characters but white space, and the replacement for undecodable bytes.
func isJunk(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		return false
	case r < 0x20, r >= 0x7F && r <= 0x9F, r == 0xFFFD:
		return true
	}
	return false
}
