package app

import (
	"log/slog"
	"slices"
	"sync"
	"time"
)

// nativeDrops tells a drop the person made from one a script in the page
// claims. Wails reports a drop as a message on the same channel the page's
// scripts use, so a script can claim to have dropped any folder; a drop
// lets the page have Zhiku read what was dropped. The windowing system's
// own drag-and-drop hands the web view the dropped files just before
// Wails reports the drop: those are recorded here, and only they pass.
//
// WebKitGTK asks for a drag's files as soon as the drag moves over the
// view, dropped or not, and GTK tells the view the drag left just before
// it tells it of a drop, so leaving cannot forget a delivery. A delivery
// vouches for a claim only while the drag is over the view and for
// dropClaimWindow after: a drag that merely passed over the window
// cannot be claimed by a script later.
type nativeDrops struct {
	mu sync.Mutex
	// last is what the windowing system delivered in the latest drag;
	// nil once a drop has used it.
	last []string
	// seen is when the windowing system last showed that drag over the
	// view.
	seen time.Time
	// now is the clock; nil means time.Now.
	now func() time.Time
}

// dropClaimWindow is how long after a drag was last over the view a drop
// of it may be reported: Wails reports a drop at once, so seconds are
// ample even on a busy machine.
const dropClaimWindow = 5 * time.Second

// drops is the window's record, filled from the windowing system's drag
// handler, which has no other way to reach Go.
var drops = &nativeDrops{}

// delivered records what the windowing system delivered in a drag.
func (d *nativeDrops) delivered(paths []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last = slices.Clone(paths)
	d.seen = d.clock()
}

// hovering records that the windowing system shows the delivered drag
// still moving over the view, where the person may hold it a while
// before dropping.
func (d *nativeDrops) hovering() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.last != nil {
		d.seen = d.clock()
	}
}

func (d *nativeDrops) clock() time.Time {
	if d.now == nil {
		return time.Now()
	}
	return d.now()
}

// take splits a reported drop into the paths the windowing system
// delivered, lately, and those it did not, and forgets the delivery, so a
// script cannot replay a drop the person made.
func (d *nativeDrops) take(claimed []string) (real, refused []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fresh := d.clock().Sub(d.seen) <= dropClaimWindow
	for _, p := range claimed {
		if p != "" && fresh && slices.Contains(d.last, p) {
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
