package cli

import (
	"bytes"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestAmountRendersBytesOrCountsWithTheTimeLeftInEachLanguage(t *testing.T) {
	tests := []struct {
		name   string
		locale core.Locale
		amount amount
		want   string
	}{
		{"bytes before the rate is known", core.LocaleEnglish, amount{done: 512 << 20, total: 2 << 30, unit: inBytes},
			bar(0.25) + "  25%  512.0 MiB / 2.0 GiB"},
		{"bytes with the rate", core.LocaleEnglish, amount{done: 1 << 30, total: 2 << 30, perSecond: 4 << 20, etaSeconds: 256, unit: inBytes},
			bar(0.5) + "  50%  1.0 GiB / 2.0 GiB  4.0 MiB/s, about 4 min 16 s left"},
		{"bytes with the rate, in Chinese", core.LocaleChinese, amount{done: 1 << 30, total: 2 << 30, perSecond: 4 << 20, etaSeconds: 256, unit: inBytes},
			bar(0.5) + "  50%  1.0 GiB / 2.0 GiB  每秒 4.0 MiB，约剩 4 分 16 秒"},
		{"counts", core.LocaleEnglish, amount{done: 30, total: 40, unit: inCount},
			bar(0.75) + "  75%  30 / 40"},
		{"counts with the rate", core.LocaleEnglish, amount{done: 30, total: 40, perSecond: 5, etaSeconds: 2, unit: inCount},
			bar(0.75) + "  75%  30 / 40  5/s, about 2 s left"},
		{"no total yet", core.LocaleEnglish, amount{done: 0, total: 0, unit: inBytes},
			bar(0) + "   0%  0 B / 0 B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.amount.render(tt.locale); got != tt.want {
				t.Errorf("render = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTransferBarDrawsItsOwnEventAndHandsOverTheLast(t *testing.T) {
	var out bytes.Buffer
	env := &Env{Stderr: &out, Locale: core.LocaleEnglish}
	b := newTransferBar(env, core.EventModelPull, func(p core.PullProgress) reading {
		return reading{amount{p.Completed, p.Total, p.BytesPerSecond, p.ETASeconds, inBytes}, p.Status, p.Done}
	})
	b.meter.tty, b.meter.columns = true, func() int { return 200 }
	b.Emit(core.EventModelDownload, core.PullProgress{Completed: 1, Total: 2})
	b.Emit(core.EventModelPull, core.DownloadProgress{Completed: 1, Total: 2})
	if out.Len() != 0 {
		t.Fatalf("drew another kind of event: %q", out.String())
	}
	b.Emit(core.EventModelPull, core.PullProgress{Status: "pulling 3f2a", Completed: 1 << 20, Total: 4 << 20})
	want := "\r" + bar(0.25) + "  25%  1.0 MiB / 4.0 MiB  pulling 3f2a\x1b[K"
	if out.String() != want {
		t.Fatalf("drew %q, want %q", out.String(), want)
	}
	b.Emit(core.EventModelPull, core.PullProgress{Status: "success", Done: true})
	if got := out.String(); got != want+"\n" {
		t.Errorf("finished with %q, want the line ended", got)
	}
	if last := <-b.done; last.Status != "success" {
		t.Errorf("handed over %+v, want the finishing event", last)
	}
}
