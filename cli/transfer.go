package cli

import (
	"fmt"
	"strconv"

	"github.com/zhiku-app/zhiku/backend/core"
)

// amount is how far a job that counts up to a total has come: the bytes of
// a download, or a number of things done.
type amount struct {
	done, total int64
	perSecond   float64 // 0 while the rate is not known yet
	etaSeconds  float64
	unit        func(n int64) string
}

func inBytes(n int64) string { return core.FormatBytes(uint64(max(n, 0))) }

func inCount(n int64) string { return strconv.FormatInt(n, 10) }

// render draws the bar, the share done, how much of the total and, once
// known, the rate and the time left.
func (a amount) render(locale core.Locale) string {
	frac := 0.0
	if a.total > 0 {
		frac = float64(a.done) / float64(a.total)
	}
	line := fmt.Sprintf("%s %3.0f%%  %s / %s", bar(frac), frac*100, a.unit(a.done), a.unit(a.total))
	if a.perSecond > 0 {
		line += "  " + txtRateLeft.in(locale, a.unit(int64(a.perSecond)), timeLeft(locale, a.etaSeconds))
	}
	return line
}

// reading is what a transfer bar draws of one event.
type reading struct {
	amount   amount
	label    string // what is being transferred, after the figures
	finished bool
}

// transferBar draws one kind of transfer event (a model pull, a file
// download) and hands the last event, the one that finishes, to done.
type transferBar[P any] struct {
	event  string
	read   func(P) reading
	meter  *meter
	locale core.Locale
	done   chan P
}

func newTransferBar[P any](env *Env, event string, read func(P) reading) *transferBar[P] {
	return &transferBar[P]{event: event, read: read, meter: newMeter(env.Stderr), locale: env.Locale, done: make(chan P, 1)}
}

// Emit implements core.Emitter.
func (b *transferBar[P]) Emit(name string, payload any) {
	p, ok := payload.(P)
	if name != b.event || !ok {
		return
	}
	r := b.read(p)
	if r.finished {
		b.meter.finish()
		b.done <- p
		return
	}
	b.meter.draw(r.amount.render(b.locale)+"  "+r.label, false)
}
