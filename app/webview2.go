package app

import "github.com/zhiku-app/zhiku/backend/core"

// webView2Check turns what the WebView2 loader found into the doctor's
// line: Windows draws the window with the Edge WebView2 Runtime, which a
// machine may lack (the installer adds it; the portable zip cannot).
func webView2Check(version string, err error) core.Check {
	c := core.Check{Name: core.CheckNameWebView}
	if err != nil || version == "" {
		c.Status, c.Summary, c.Problem = core.CheckFail, core.CheckNoWebView2.With(), core.ErrNoWebView2.New(err)
		return c
	}
	c.Status, c.Summary = core.CheckOK, core.SameText("WebView2 "+version)
	return c
}
