package app

import (
	"slices"
	"testing"
	"time"
)

// Only what the windowing system itself delivered in a drop reaches the
// backend, once, and only shortly after the drag was last over the
// window; a drop a script in the page claims is refused, and so is a drag
// that merely passed over the window a while ago.
func TestOnlyDropsTheWindowingSystemDeliveredPass(t *testing.T) {
	// A drag's steps as the windowing system reports them.
	type step struct {
		delivered []string      // the files of a drag handed to the view
		hovering  bool          // the drag moves over the view
		wait      time.Duration // time passes
	}
	tests := []struct {
		name     string
		native   []step
		claimed  []string // what the drop message names
		real     []string
		refused  []string
		thenLeft []string // what a second, identical drop message still gets
	}{
		{"a real drop", []step{{delivered: []string{"/home/me/论文"}}}, []string{"/home/me/论文"}, []string{"/home/me/论文"}, nil, nil},
		{"a drop of two", []step{{delivered: []string{"/a", "/b"}}}, []string{"/a", "/b"}, []string{"/a", "/b"}, nil, nil},
		{"a forged drop", nil, []string{"/home/me/.ssh"}, nil, []string{"/home/me/.ssh"}, nil},
		{"a real drop with a forged extra", []step{{delivered: []string{"/a"}}}, []string{"/a", "/etc"}, []string{"/a"}, []string{"/etc"}, nil},
		{"an old drag does not vouch for a later claim", []step{{delivered: []string{"/a"}}, {delivered: []string{"/b"}}},
			[]string{"/a"}, nil, []string{"/a"}, nil},
		{"an empty claim", []step{{delivered: []string{"/a"}}}, []string{""}, nil, []string{""}, nil},
		{"a drop just inside the window", []step{{delivered: []string{"/a"}}, {wait: dropClaimWindow}},
			[]string{"/a"}, []string{"/a"}, nil, nil},
		{"a drag that passed over the window a while ago", []step{{delivered: []string{"/a"}}, {wait: dropClaimWindow + time.Millisecond}},
			[]string{"/a"}, nil, []string{"/a"}, nil},
		{"a drag held over the window a long time, then dropped", []step{{delivered: []string{"/a"}}, {wait: 4 * time.Second},
			{hovering: true}, {wait: 4 * time.Second}, {hovering: true}}, []string{"/a"}, []string{"/a"}, nil, nil},
		{"a drag that left long ago", []step{{delivered: []string{"/a"}}, {hovering: true}, {wait: time.Minute}},
			[]string{"/a"}, nil, []string{"/a"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
			d := &nativeDrops{now: func() time.Time { return now }}
			for _, s := range tt.native {
				switch {
				case s.delivered != nil:
					d.delivered(s.delivered)
				case s.hovering:
					d.hovering()
				default:
					now = now.Add(s.wait)
				}
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
