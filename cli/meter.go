package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
	"golang.org/x/text/width"
)

// meter draws one progress line: on a terminal it is redrawn in place and
// clipped to the terminal's width, since a line that wraps can no longer
// be taken back with \r; in a log it is written out every few seconds.
type meter struct {
	w       io.Writer
	tty     bool
	columns func() int // the terminal's width; 0 when it cannot be told

	mu    sync.Mutex
	last  time.Time
	drawn bool
}

func newMeter(w io.Writer) *meter {
	m := &meter{w: w, tty: isTerminal(w), columns: func() int { return 0 }}
	if f, ok := w.(*os.File); ok && m.tty {
		m.columns = func() int {
			cols, _, err := term.GetSize(int(f.Fd()))
			if err != nil {
				return 0
			}
			return cols
		}
	}
	return m
}

// draw shows line; a final line stays, with the cursor on the next one.
func (m *meter) draw(line string, final bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.tty {
		if final || time.Since(m.last) >= 3*time.Second {
			m.last = time.Now()
			fmt.Fprintln(m.w, line)
		}
		return
	}
	fmt.Fprintf(m.w, "\r%s\x1b[K", clip(line, m.columns()-1))
	m.drawn = !final
	if final {
		fmt.Fprintln(m.w)
	}
}

// finish moves past a line left half drawn, so what follows starts clean.
func (m *meter) finish() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.drawn {
		fmt.Fprintln(m.w)
		m.drawn = false
	}
}

// clip cuts line to at most cols terminal columns, counting a Chinese
// character as the two columns it takes; cols below 1 means no limit.
func clip(line string, cols int) string {
	if cols < 1 {
		return line
	}
	used := 0
	for i, r := range line {
		w := 1
		if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
			w = 2
		}
		if used+w > cols {
			return strings.TrimRight(line[:i], " ")
		}
		used += w
	}
	return line
}
