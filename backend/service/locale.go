package service

import (
	"os"

	"github.com/zhiku-app/zhiku/backend/core"
)

// SystemLocale maps the OS language to a UI locale. POSIX systems say it in
// LC_ALL, LC_MESSAGES or LANG, in that order of precedence; LANGUAGE, when
// set, lists the person's preferred languages first.
func SystemLocale() core.Locale {
	for _, name := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" && v != "C" && v != "POSIX" {
			return core.LocaleFromTag(v)
		}
	}
	if tag := platformLocale(); tag != "" {
		return core.LocaleFromTag(tag)
	}
	return core.LocaleEnglish
}
