//go:build windows

package service

import "golang.org/x/sys/windows"

// platformLocale reads the first preferred UI language, e.g. "zh-CN".
func platformLocale() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
