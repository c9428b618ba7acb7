package app

import (
	"log/slog"
	"slices"
	"sync"
)

// nativeDrops tells a drop the person made from one a script in the page
// claims. Wails reports a drop as a message on the same channel the page's
// scripts use, so a script can claim to have dropped any folder; a drop
// lets the page have Zhiku read what was dropped. The windowing system's
// own drag-and-drop hands the web view the dropped files just before
// Wails reports the drop: those are recorded here, and only they pass.
type nativeDrops struct {
	mu sync.Mutex
	// last is what the windowing system delivered in the latest drag;
	// nil once a drop has used it.
	last []string
}

// drops is the window's record, filled from the windowing system's drag
// handler, which has no other way to reach Go.
var drops = &nativeDrops{}

// delivered records what the windowing system delivered in a drag.
func (d *nativeDrops) delivered(paths []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last = slices.Clone(paths)
}

// take splits a reported drop into the paths the windowing system
// delivered and those it did not, and forgets the delivery, so a script
// cannot replay a drop the person made.
func (d *nativeDrops) take(claimed []string) (real, refused []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range claimed {
		if p != "" && slices.Contains(d.last, p) {
			real = append(real, p)
		} else {
			refused = append(refused, p)
		}
	}
	d.last = nil
	return real, refused
}

// passRealDrops calls onDrop with the paths of a reported drop that the
// person really dropped, if any, and logs the rest.
func passRealDrops(onDrop func(paths []string)) func(paths []string) {
	return func(paths []string) {
		real, refused := drops.take(paths)
		if len(refused) > 0 {
			slog.Warn("a drop the windowing system did not deliver was refused", "paths", refused)
		}
		if len(real) > 0 {
			onDrop(real)
		}
	}
}
