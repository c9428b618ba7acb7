package app

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A second start's arguments become the paths to open, whichever way it
// was started, relative ones against the folder it was started in.
func TestASecondStartOpensTheFoldersItWasGiven(t *testing.T) {
	home := t.TempDir()
	notes := filepath.Join(home, "我的笔记")
	report := filepath.Join(home, "报告.pdf")
	os.Mkdir(notes, 0o755)
	os.WriteFile(report, []byte("%PDF"), 0o644)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"from the menu", nil, nil},
		{"a folder, relative", []string{"我的笔记"}, []string{notes}},
		{"open and two, absolute", []string{"open", notes, report}, []string{notes, report}},
		{"open alone", []string{"open"}, nil},
		{"one gone since", []string{filepath.Join(home, "gone"), "./我的笔记/"}, []string{notes}},
		{"empty arguments", []string{"", "open"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := openedPaths(tt.args, home); !slices.Equal(got, tt.want) {
				t.Fatalf("openedPaths(%q) = %q, want %q", tt.args, got, tt.want)
			}
		})
	}
}
