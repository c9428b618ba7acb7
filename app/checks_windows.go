package app

import (
	"github.com/wailsapp/go-webview2/webviewloader"

	"github.com/zhiku-app/zhiku/backend/core"
)

// PlatformChecks reports the WebView2 runtime the window needs.
func PlatformChecks() []core.Check {
	return []core.Check{webView2Check(webviewloader.GetAvailableCoreWebView2BrowserVersionString(""))}
}

// HasDisplay is always true on Windows: the desktop is the display.
func HasDisplay() bool { return true }
