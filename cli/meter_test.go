package cli

import (
	"bytes"
	"testing"
)

func TestClipKeepsALineWithinTheTerminal(t *testing.T) {
	tests := []struct {
		name string
		line string
		cols int
		want string
	}{
		{"fits", "50%  1.0 GiB", 40, "50%  1.0 GiB"},
		{"cut, without a trailing space", "50%  1.0 GiB / 2.0 GiB", 5, "50%"},
		{"a Chinese character takes two columns", "每秒 4.0 MiB", 6, "每秒 4"},
		{"a wide character that would straddle the edge is left out", "约剩 4 分", 3, "约"},
		{"width unknown", "50%  1.0 GiB / 2.0 GiB", 0, "50%  1.0 GiB / 2.0 GiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clip(tt.line, tt.cols); got != tt.want {
				t.Errorf("clip(%q, %d) = %q, want %q", tt.line, tt.cols, got, tt.want)
			}
		})
	}
}

func TestMeterRedrawsOnATerminalAndLogsElsewhere(t *testing.T) {
	tests := []struct {
		name  string
		tty   bool
		lines []string // the last one is final
		want  string
	}{
		{"terminal: redrawn in place, clipped short of the last column", true, []string{"12345678901", "abc"},
			"\r123456789\x1b[K\rabc\x1b[K\n"},
		{"log: the first line, then the final one", false, []string{"first", "too soon", "done"},
			"first\ndone\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			m := &meter{w: &out, tty: tt.tty, columns: func() int { return 10 }}
			for i, line := range tt.lines {
				m.draw(line, i == len(tt.lines)-1)
			}
			m.finish()
			if got := out.String(); got != tt.want {
				t.Errorf("wrote %q, want %q", got, tt.want)
			}
		})
	}
}
