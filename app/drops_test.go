package app

import (
	"slices"
	"testing"
)

// Only what the windowing system itself delivered in a drop reaches the
// backend, once; a drop a script in the page claims is refused.
func TestOnlyDropsTheWindowingSystemDeliveredPass(t *testing.T) {
	tests := []struct {
		name     string
		native   [][]string // what the windowing system delivered, in order
		claimed  []string   // what the drop message names
		real     []string
		refused  []string
		thenLeft []string // what a second, identical drop message still gets
	}{
		{"a real drop", [][]string{{"/home/me/论文"}}, []string{"/home/me/论文"}, []string{"/home/me/论文"}, nil, nil},
		{"a drop of two", [][]string{{"/a", "/b"}}, []string{"/a", "/b"}, []string{"/a", "/b"}, nil, nil},
		{"a forged drop", nil, []string{"/home/me/.ssh"}, nil, []string{"/home/me/.ssh"}, nil},
		{"a real drop with a forged extra", [][]string{{"/a"}}, []string{"/a", "/etc"}, []string{"/a"}, []string{"/etc"}, nil},
		{"an old drag does not vouch for a later claim", [][]string{{"/a"}, {"/b"}}, []string{"/a"}, nil, []string{"/a"}, nil},
		{"an empty claim", [][]string{{"/a"}}, []string{""}, nil, []string{""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &nativeDrops{}
			for _, paths := range tt.native {
				d.delivered(paths)
			}
			real, refused := d.take(tt.claimed)
			if !slices.Equal(real, tt.real) || !slices.Equal(refused, tt.refused) {
				t.Fatalf("take(%q) = %q, refused %q; want %q, refused %q", tt.claimed, real, refused, tt.real, tt.refused)
			}
			if again, _ := d.take(tt.claimed); !slices.Equal(again, tt.thenLeft) {
				t.Errorf("the same drop replayed passed %q", again)
			}
		})
	}
}
