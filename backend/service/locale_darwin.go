//go:build darwin

package service

import (
	"os/exec"
	"strings"
)

// platformLocale reads the macOS preference, since apps started from Finder
// get no LANG.
func platformLocale() string {
	out, err := exec.Command("defaults", "read", "-g", "AppleLocale").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
