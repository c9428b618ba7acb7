//go:build windows

package cli

import (
	"os"
	"testing"

	"golang.org/x/sys/windows"
)

// withStdHandle makes h the process's standard stream std for one test.
func withStdHandle(t *testing.T, std uint32, h windows.Handle) {
	t.Helper()
	saved, _ := windows.GetStdHandle(std)
	if err := windows.SetStdHandle(std, h); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { windows.SetStdHandle(std, saved) })
}

// tempFile makes a file removed after the test with os.Remove rather than
// t.TempDir's RemoveAll, which the Wine the tests run under cannot do.
func tempFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.CreateTemp("", "zhiku-console-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close(); os.Remove(f.Name()) })
	return f
}

func TestUsableHandle(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file := tempFile(t)
	defer file.Close()
	closed := tempFile(t)
	closedHandle := windows.Handle(closed.Fd())
	closed.Close()

	for _, tc := range []struct {
		name string
		h    windows.Handle
		want bool
	}{
		{"a pipe", windows.Handle(w.Fd()), true},
		{"a file", windows.Handle(file.Fd()), true},
		{"none, as a GUI program starts", 0, false},
		{"invalid", windows.InvalidHandle, false},
		{"closed", closedHandle, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			withStdHandle(t, windows.STD_OUTPUT_HANDLE, tc.h)
			if got := usableHandle(windows.STD_OUTPUT_HANDLE); got != tc.want {
				t.Errorf("usableHandle = %v, want %v", got, tc.want)
			}
		})
	}
}

// A redirection the parent made, `zhiku version > v.txt`, is kept rather
// than replaced by the console.
func TestAttachParentConsoleKeepsRedirections(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, std := range []uint32{windows.STD_INPUT_HANDLE, windows.STD_OUTPUT_HANDLE, windows.STD_ERROR_HANDLE} {
		h := windows.Handle(w.Fd())
		if std == windows.STD_INPUT_HANDLE {
			h = windows.Handle(r.Fd())
		}
		withStdHandle(t, std, h)
	}
	stdin, stdout, stderr := os.Stdin, os.Stdout, os.Stderr
	attachParentConsole()
	if os.Stdin != stdin || os.Stdout != stdout || os.Stderr != stderr {
		os.Stdin, os.Stdout, os.Stderr = stdin, stdout, stderr
		t.Fatal("redirected streams were replaced by the console")
	}
}
