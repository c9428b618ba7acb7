package cli

import "github.com/zhiku-app/zhiku/backend/core"

// txtFitAtContext heads the fit estimate's arithmetic.
var txtFitAtContext = text{"%s at a context of %d tokens", "%s，上下文 %d 个词元"}

// The fit estimate's verdicts and devices as words of each language: the
// codes ("fits", "cpu") read as English inside a Chinese sentence.
var (
	fitVerdictWords = map[core.FitVerdict]text{
		core.FitYes:   {"fits", "可运行"},
		core.FitTight: {"tight", "勉强"},
		core.FitNo:    {"does not fit", "内存不足"},
	}
	fitDeviceWords = map[core.FitDevice]text{
		core.DeviceGPU:       {"the GPU", "GPU"},
		core.DeviceGPUAndCPU: {"the GPU and RAM", "GPU 加内存"},
		core.DeviceUnified:   {"unified memory", "统一内存"},
		core.DeviceCPU:       {"the CPU and RAM", "CPU 和内存"},
	}
)

// fitWords is the verdict and device of a fit report in the locale; a code
// without words shows as it is.
func fitWords(locale core.Locale, r core.FitReport) (verdict, device string) {
	verdict, device = string(r.Verdict), string(r.Device)
	if w, ok := fitVerdictWords[r.Verdict]; ok {
		verdict = w.in(locale)
	}
	if w, ok := fitDeviceWords[r.Device]; ok {
		device = w.in(locale)
	}
	return verdict, device
}
