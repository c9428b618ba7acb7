package cli

import (
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestIndexProgressSaysTheTimeLeftOnceItMeansSomething(t *testing.T) {
	indexing := core.IndexProgress{Phase: core.PhaseIndexing, FilesDone: 40, FilesTotal: 448, BytesDone: 2 << 20, BytesTotal: 8 << 20, FilesPerS: 21}
	estimating, ready, long := indexing, indexing, indexing
	estimating.Estimating = true
	ready.ETASeconds = 88
	long.ETASeconds = 2*3600 + 5*60 + 10
	tests := []struct {
		name     string
		locale   core.Locale
		progress core.IndexProgress
		want     string
	}{
		{"too early to say", core.LocaleEnglish, estimating, "  40/448  +0 chunks  estimating the time left…"},
		{"too early to say, in Chinese", core.LocaleChinese, estimating, "  40/448  +0 个文本块  正在估算剩余时间…"},
		{"a minute and a half", core.LocaleEnglish, ready, "  40/448  +0 chunks  21 files/s, about 1 min 28 s left"},
		{"a minute and a half, in Chinese", core.LocaleChinese, ready, "  40/448  +0 个文本块  每秒 21 个文件，约剩 1 分 28 秒"},
		{"hours", core.LocaleEnglish, long, "  40/448  +0 chunks  21 files/s, about 2 h 5 min left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &progressBar{locale: tt.locale}
			want := bar(0.25) + "  25%" + tt.want
			if got := b.render(tt.progress); got != want {
				t.Errorf("render = %q, want %q", got, want)
			}
		})
	}
}
