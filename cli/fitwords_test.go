package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// The fit verdict reads in the person's language, not as the codes "fits"
// and "cpu" inside a Chinese sentence.
func TestFitVerdictInBothLanguages(t *testing.T) {
	tests := []struct {
		locale  core.Locale
		verdict core.FitVerdict
		device  core.FitDevice
		want    string
	}{
		{core.LocaleEnglish, core.FitYes, core.DeviceCPU, "Verdict: fits (on the CPU and RAM)"},
		{core.LocaleEnglish, core.FitNo, core.DeviceGPU, "Verdict: does not fit (on the GPU)"},
		{core.LocaleChinese, core.FitYes, core.DeviceCPU, "qwen3:4b，上下文 0 个词元\n结论：可运行（运行于 CPU 和内存）"},
		{core.LocaleChinese, core.FitTight, core.DeviceGPUAndCPU, "结论：勉强（运行于 GPU 加内存）"},
		{core.LocaleChinese, core.FitNo, core.DeviceUnified, "结论：内存不足（运行于 统一内存）"},
	}
	for _, tt := range tests {
		t.Run(string(tt.locale)+" "+string(tt.verdict), func(t *testing.T) {
			var out bytes.Buffer
			printFit(&Env{Stdout: &out, Locale: tt.locale}, core.Machine{}, core.FitReport{Model: "qwen3:4b", Verdict: tt.verdict, Device: tt.device})
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("output = %q, want %q in it", out.String(), tt.want)
			}
		})
	}
}
