//go:build !linux

package app

import "github.com/zhiku-app/zhiku/backend/core"

// PlatformChecks reports the web view. macOS always has WKWebView; on
// Windows, Wails reports a missing WebView2 runtime itself at start-up and
// offers to install it.
func PlatformChecks() []core.Check {
	return []core.Check{{Name: "webview", Status: core.CheckOK, Summary: core.CheckSystemWebView.With()}}
}

// HasDisplay is always true outside Linux: the desktop is the display.
func HasDisplay() bool { return true }
