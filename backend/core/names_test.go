package core

import (
	"strings"
	"testing"
)

// A name made of a file's name, which may hold anything a file system
// allows, is tidied into a usable one rather than refused.
func TestNamesMadeOfFileNames(t *testing.T) {
	tests := []struct{ file, want string }{
		{"notes", "notes"},
		{"line\nbreak\ttab", "line break tab"},
		{"caf\xe9 au lait", "caf au lait"},
		{"  spaced  out  ", "spaced out"},
		{"gpj.\u202Eexe", "gpj. exe"},
	}
	for _, tt := range tests {
		if got := NameOf(tt.file); got != tt.want {
			t.Errorf("NameOf(%q) = %q, want %q", tt.file, got, tt.want)
		}
		if _, err := ValidName(NameOf(tt.file)); err != nil {
			t.Errorf("NameOf(%q) is refused: %v", tt.file, err)
		}
	}
	long := NameOf(strings.Repeat("名", 3*MaxNameLength))
	if _, err := ValidName(long + " (99999)"); err != nil {
		t.Errorf("a long file's name leaves no room for a number: %v", err)
	}
}
