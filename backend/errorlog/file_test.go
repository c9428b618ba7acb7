package errorlog

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A log file that is written to rotates before a write would take it
// past its limit, keeps the latest writes whole in two generations, and
// tells OnOpen of each new generation, so what follows it (a crash's
// report) goes to the current file.
func TestALogFileRotatesAndSaysWhereItWrites(t *testing.T) {
	tests := []struct {
		name      string
		maxBytes  int64
		writes    int
		wantFiles []string
		wantOpens int
	}{
		{"well under its limit", 1 << 20, 10, []string{"output.log"}, 1},
		{"over its limit many times", 300, 100, []string{"output.log", "output.log.1"}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "logs")
			f := OpenFile(dir, "output.log", tt.maxBytes)
			var opened []string
			f.OnOpen(func(file *os.File) { opened = append(opened, file.Name()) })
			for i := range tt.writes {
				line := fmt.Sprintf("line %03d 知库\n", i)
				if n, err := f.Write([]byte(line)); err != nil || n != len(line) {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			var names []string
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if !slices.Equal(names, tt.wantFiles) {
				t.Fatalf("files %q, want %q", names, tt.wantFiles)
			}
			if len(opened) != tt.wantOpens || opened[len(opened)-1] != f.Path() {
				t.Errorf("OnOpen told of %d files, the last %q; want %d, the last %s", len(opened), opened[len(opened)-1], tt.wantOpens, f.Path())
			}
			current, _ := os.ReadFile(f.Path())
			if int64(len(current)) > tt.maxBytes || !strings.HasSuffix(string(current), fmt.Sprintf("line %03d 知库\n", tt.writes-1)) {
				t.Errorf("the current file holds %d bytes ending %q; want at most %d ending with the last line", len(current), current[max(0, len(current)-20):], tt.maxBytes)
			}
			older, _ := os.ReadFile(f.Path() + ".1")
			for _, gen := range [][]byte{current, older} {
				for _, line := range strings.SplitAfter(string(gen), "\n") {
					if line != "" && !strings.HasSuffix(line, "知库\n") {
						t.Errorf("a line was cut at a rotation: %q", line)
					}
				}
			}
		})
	}
}
