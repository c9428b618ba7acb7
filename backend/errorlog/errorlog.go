// Package errorlog keeps the problems the window showed in a file the
// person can open: logs/zhiku.log in the data folder, one line a problem,
// rotated at a few MiB with one older generation kept. A line holds the
// time, the operation, the problem's code, what it concerned and its
// messages, never a document's text: a problem names files, not what
// they hold.
package errorlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// FileName is the log's name in its folder; the older generation has
// ".1" added.
const FileName = "zhiku.log"

// DefaultMaxBytes is how large the log grows before it is rotated: some
// ten thousand problems, so the two generations hold weeks of them.
const DefaultMaxBytes = 4 << 20

// Limits on what one line keeps of a problem, so one with a huge detail
// (a server's whole reply) cannot crowd out the rest.
const (
	maxFieldRunes  = 1000
	maxDetailRunes = 500
)

// Log appends problems to a file, from any number of goroutines.
type Log struct {
	file *File
	now  func() time.Time
}

// Open returns the log kept in dir (created on the first problem), rotated
// once it would pass maxBytes.
func Open(dir string, maxBytes int64) *Log {
	return &Log{file: OpenFile(dir, FileName, maxBytes), now: time.Now}
}

// Path is the log file's path, for showing it in the file manager.
func (l *Log) Path() string { return l.file.Path() }

// Add appends a problem met in operation, about subject ("" for none).
func (l *Log) Add(operation, subject string, p *core.Problem) error {
	line := format(core.LogEntry{Time: l.now(), Operation: operation, Code: p.Code, Subject: subject,
		Message: p.Message, Detail: p.Detail})
	_, err := l.file.Write([]byte(line))
	return err
}

// Touch creates the log file if it does not exist yet, so that it can be
// shown in the file manager before any problem.
func (l *Log) Touch() error { return l.file.Touch() }

// Close closes the file; a later Add opens it again.
func (l *Log) Close() error { return l.file.Close() }

// Recent returns up to limit entries, newest first, from the log and its
// older generation. Lines it cannot read (cut by a crash, edited by
// hand) are passed over.
func (l *Log) Recent(limit int) ([]core.LogEntry, error) {
	var entries []core.LogEntry
	path := l.file.Path()
	for _, path := range []string{path, path + ".1"} {
		if len(entries) >= limit {
			break
		}
		lines, err := lastLines(path, limit-len(entries), l.file.maxBytes)
		if err != nil {
			return nil, err
		}
		for _, line := range slices.Backward(lines) {
			if e, ok := parse(line); ok {
				entries = append(entries, e)
			}
		}
	}
	return entries, nil
}

// lastLines reads up to n of the last lines of the file at path, reading
// no more than maxBytes from its end; a missing file has none.
func lastLines(path string, n int, maxBytes int64) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the error log %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read the error log %s: %w", path, err)
	}
	start := max(0, info.Size()-maxBytes)
	data, err := io.ReadAll(io.NewSectionReader(f, start, info.Size()-start))
	if err != nil {
		return nil, fmt.Errorf("read the error log %s: %w", path, err)
	}
	if start > 0 {
		// The first line was cut where the reading began.
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		}
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines[max(0, len(lines)-n):], nil
}

// A line is its fields separated by tabs, which no field holds, in this
// order, so it reads in a text editor and in a spreadsheet alike.
const fields = 7

func format(e core.LogEntry) string {
	return strings.Join([]string{
		e.Time.UTC().Format(time.RFC3339Nano),
		clean(e.Operation, maxFieldRunes),
		clean(e.Code, maxFieldRunes),
		clean(e.Subject, maxFieldRunes),
		clean(e.Message[core.LocaleEnglish], maxFieldRunes),
		clean(e.Message[core.LocaleChinese], maxFieldRunes),
		clean(e.Detail, maxDetailRunes),
	}, "\t") + "\n"
}

func parse(line string) (core.LogEntry, bool) {
	parts := strings.Split(line, "\t")
	if len(parts) != fields {
		return core.LogEntry{}, false
	}
	at, err := time.Parse(time.RFC3339Nano, parts[0])
	if err != nil || parts[2] == "" {
		return core.LogEntry{}, false
	}
	return core.LogEntry{Time: at, Operation: parts[1], Code: parts[2], Subject: parts[3],
		Message: map[core.Locale]string{core.LocaleEnglish: parts[4], core.LocaleChinese: parts[5]}, Detail: parts[6]}, true
}

// clean keeps a field on its line: tabs and line breaks become spaces,
// and what is over limit characters is cut with an ellipsis.
func clean(s string, limit int) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	if runes := []rune(s); len(runes) > limit {
		s = string(runes[:limit]) + "…"
	}
	return s
}
