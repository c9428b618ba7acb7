package parse

import (
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/klippa-app/go-pdfium"

	"github.com/zhiku-app/zhiku/backend/core"
)

// pdfStall is how long one PDFium call may run before the file is given
// up as one that sends PDFium into an endless loop.
var pdfStall = 2 * time.Minute

// pdfWatch guards one PDFium instance through one file. It kills an
// instance that stops making progress (the call in flight returns, the
// instance is replaced in the pool, and the file fails on its own), and
// one whose memory hit its limit, since PDFium's state after a failed
// allocation cannot be trusted. Killing interrupts PDFium mid-call, which
// go-pdfium offers as a last resort only, so cancelling is left to the
// page loop.
type pdfWatch struct {
	instance pdfium.Pdfium
	memory   *pdfMemory
	refused  int64 // the memory's refusals when the watch began
	stall    time.Duration
	last     atomic.Int64 // unix nanoseconds of the last progress
	dead     atomic.Bool
	overrun  atomic.Bool
	done     chan struct{}
	finished chan struct{} // closed when the watching goroutine has ended
}

func watchPDF(instance pdfium.Pdfium, memory *pdfMemory) *pdfWatch {
	w := &pdfWatch{instance: instance, memory: memory, refused: memory.refused.Load(), stall: pdfStall,
		done: make(chan struct{}), finished: make(chan struct{})}
	w.progress()
	go func() {
		defer close(w.finished)
		tick := time.NewTicker(max(min(w.stall/4, time.Second), time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-tick.C:
				if time.Since(time.Unix(0, w.last.Load())) > w.stall {
					w.kill()
					return
				}
			}
		}
	}()
	return w
}

func (w *pdfWatch) progress() { w.last.Store(time.Now().UnixNano()) }

// kill replaces the instance, once; its memory goes back to the system.
func (w *pdfWatch) kill() {
	if w.dead.CompareAndSwap(false, true) {
		w.instance.Kill()
	}
}

func (w *pdfWatch) killed() bool { return w.dead.Load() }

// failed reports whether the file must be given up: the instance was
// killed for stalling, or its memory was refused growth, in which case it
// is killed now.
func (w *pdfWatch) failed() bool {
	if w.memory.refused.Load() > w.refused {
		w.overrun.Store(true)
		w.kill()
	}
	return w.killed()
}

// reason says why the file was given up.
func (w *pdfWatch) reason() error {
	if w.overrun.Load() {
		return core.ErrPDFMemory.New(nil, "limit", fmt.Sprintf("%d MiB", pdfMemoryLimit>>20))
	}
	return core.ErrPDFStalled.New(nil, "minutes", strconv.FormatFloat(w.stall.Minutes(), 'g', 3, 64))
}

// stop ends the watch and returns the instance to the pool, unless it was
// killed (a killed instance is already replaced) or grew large, when it is
// closed for good so that its memory goes back to the system.
func (w *pdfWatch) stop() {
	// The watcher ends before the instance is closed or kept, so it can
	// never kill an instance already back in the pool.
	close(w.done)
	<-w.finished
	switch {
	case w.killed():
	case w.memory.used() > pdfKeepMemory:
		w.kill()
	default:
		w.instance.Close()
	}
}
