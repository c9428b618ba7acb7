package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// progressBar draws index:progress events: files, chunks and the time
// left by the window's own estimate.
type progressBar struct {
	meter  *meter
	locale core.Locale
}

// Emit implements core.Emitter; it draws only indexing progress.
func (b *progressBar) Emit(name string, payload any) {
	p, ok := payload.(core.IndexProgress)
	if name != core.EventIndexProgress || !ok {
		return
	}
	b.meter.draw(b.render(p), p.Phase != core.PhaseScanning && p.Phase != core.PhaseIndexing)
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
	txtRateLeft   = text{"%s/s, about %s left", "每秒 %s，约剩 %s"}
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
