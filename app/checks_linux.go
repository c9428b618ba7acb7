//go:build linux

package app

/*
#cgo pkg-config: webkit2gtk-4.0
#include <webkit2/webkit2.h>
*/
import "C"

import (
	"fmt"
	"os"

	"github.com/zhiku-app/zhiku/backend/core"
)

// PlatformChecks reports the web view this binary is linked against and
// whether a display is there to open the window on.
func PlatformChecks() []core.Check {
	webview := core.Check{
		Name:   core.CheckNameWebView,
		Status: core.CheckOK,
		Summary: core.SameText(fmt.Sprintf("WebKitGTK %d.%d.%d",
			C.webkit_get_major_version(), C.webkit_get_minor_version(), C.webkit_get_micro_version())),
	}
	return []core.Check{webview, displayCheck()}
}

func displayCheck() core.Check {
	c := core.Check{Name: core.CheckNameDisplay}
	switch {
	case os.Getenv("WAYLAND_DISPLAY") != "":
		c.Status, c.Summary = core.CheckOK, core.SameText("Wayland "+os.Getenv("WAYLAND_DISPLAY"))
	case os.Getenv("DISPLAY") != "":
		c.Status, c.Summary = core.CheckOK, core.SameText("X11 "+os.Getenv("DISPLAY"))
	default:
		c.Status, c.Summary, c.Problem = core.CheckWarn, core.CheckNoDisplay.With(), core.ErrNoDisplay.New(nil)
	}
	return c
}

// HasDisplay reports whether a window can open here.
func HasDisplay() bool {
	return displayCheck().Status == core.CheckOK
}
