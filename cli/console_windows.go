//go:build windows

package cli

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is AttachConsole's ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// consoleStream is one standard stream and the console device that stands
// in for it.
type consoleStream struct {
	file   **os.File
	std    uint32
	device string
	flag   int
}

// attachParentConsole attaches to the console of the process that started
// this one, if it has one, and points every standard stream that was not
// redirected at it. A stream the parent redirected (`zhiku version >
// v.txt`, a pipe) is kept; a start from Explorer has no console to attach
// to, and the streams stay empty.
func attachParentConsole() {
	streams := []consoleStream{
		{&os.Stdin, windows.STD_INPUT_HANDLE, "CONIN$", os.O_RDWR},
		{&os.Stdout, windows.STD_OUTPUT_HANDLE, "CONOUT$", os.O_RDWR},
		{&os.Stderr, windows.STD_ERROR_HANDLE, "CONOUT$", os.O_RDWR},
	}
	var missing []consoleStream
	for _, s := range streams {
		if !usableHandle(s.std) {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return
	}
	if ok, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); ok == 0 {
		return
	}
	for _, s := range missing {
		f, err := os.OpenFile(s.device, s.flag, 0)
		if err != nil {
			continue
		}
		// Both the Go stream and the process's handle, so that what a
		// library writes to the handle lands in the console too.
		_ = windows.SetStdHandle(s.std, windows.Handle(f.Fd()))
		*s.file = f
	}
}

// usableHandle reports whether the standard stream std was handed to the
// process: a console, file or pipe rather than nothing or a stale handle.
func usableHandle(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	kind, err := windows.GetFileType(h)
	return err == nil && kind != windows.FILE_TYPE_UNKNOWN
}
