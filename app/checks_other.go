//go:build !linux && !windows

package app

import "github.com/zhiku-app/zhiku/backend/core"

// PlatformChecks reports the web view: macOS always has WKWebView.
func PlatformChecks() []core.Check {
	return []core.Check{{Name: core.CheckNameWebView, Status: core.CheckOK, Summary: core.CheckSystemWebView.With()}}
}

// HasDisplay is always true on macOS: the desktop is the display.
func HasDisplay() bool { return true }
