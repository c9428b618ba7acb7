package core

import "strings"

// Locale is a UI language tag.
type Locale string

const (
	LocaleEnglish Locale = "en"
	LocaleChinese Locale = "zh-CN"
)

// Locales lists the UI languages in the order the language picker shows them.
var Locales = []Locale{LocaleChinese, LocaleEnglish}

// LocaleFromTag maps an OS or browser language tag (zh_CN.UTF-8, zh-Hans,
// en-US…) to a UI locale. Any Chinese variant maps to zh-CN, because zh-CN is
// the only Chinese UI there is; everything else falls back to English.
func LocaleFromTag(tag string) Locale {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if strings.HasPrefix(tag, "zh") {
		return LocaleChinese
	}
	return LocaleEnglish
}
