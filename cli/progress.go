package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// progressBar draws index:progress events on a terminal: one line redrawn
// in place on a TTY, a line every few seconds in a log.
type progressBar struct {
	w      io.Writer
	tty    bool
	locale core.Locale

	mu     sync.Mutex
	last   time.Time
	drawn  bool
	lastKB int64
}

// Emit implements core.Emitter; it draws only indexing progress.
func (b *progressBar) Emit(name string, payload any) {
	p, ok := payload.(core.IndexProgress)
	if name != core.EventIndexProgress || !ok {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	final := p.Phase != core.PhaseScanning && p.Phase != core.PhaseIndexing
	if !b.tty && !final && time.Since(b.last) < 3*time.Second {
		return
	}
	b.last = time.Now()
	line := b.render(p)
	if b.tty {
		fmt.Fprintf(b.w, "\r%s\x1b[K", line)
		b.drawn = !final
		if final {
			fmt.Fprintln(b.w)
		}
		return
	}
	fmt.Fprintln(b.w, line)
}

func (b *progressBar) render(p core.IndexProgress) string {
	if p.Phase == core.PhaseScanning {
		return txtScanning.in(b.locale, p.FilesTotal)
	}
	frac := 1.0
	if p.BytesTotal > 0 {
		frac = float64(p.BytesDone) / float64(p.BytesTotal)
	}
	line := fmt.Sprintf("%s %3.0f%%  %d/%d  %s", bar(frac), frac*100, p.FilesDone, p.FilesTotal, txtChunks.in(b.locale, p.Chunks))
	if p.Phase == core.PhaseIndexing {
		// The same estimate as the window's: by bytes and format, steady.
		switch {
		case p.Estimating:
			line += "  " + txtEstimating.in(b.locale)
		case p.FilesPerS > 0:
			line += "  " + txtTimeLeft.in(b.locale, p.FilesPerS, timeLeft(b.locale, p.ETASeconds))
		}
	}
	if p.Current != "" {
		line += "  " + filepath.Base(p.Current)
	}
	return line
}

var (
	txtEstimating = text{"estimating the time left…", "正在估算剩余时间…"}
	txtTimeLeft   = text{"%.0f files/s, about %s left", "每秒 %.0f 个文件，约剩 %s"}
	txtHours      = text{"%d h %d min", "%d 小时 %d 分"}
	txtMinutes    = text{"%d min %d s", "%d 分 %d 秒"}
	txtSeconds    = text{"%d s", "%d 秒"}
)

// timeLeft words a number of seconds as people say a time left.
func timeLeft(locale core.Locale, seconds float64) string {
	s := int(max(seconds, 0) + 0.5)
	switch {
	case s >= 3600:
		return txtHours.in(locale, s/3600, s%3600/60)
	case s >= 60:
		return txtMinutes.in(locale, s/60, s%60)
	}
	return txtSeconds.in(locale, s)
}

// bar draws a fraction as 24 blocks.
func bar(frac float64) string {
	const width = 24
	filled := min(max(int(frac*width), 0), width)
	return strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
}
