//go:build unix

// Package fifotest puts named pipes where Zhiku expects plain files, as an
// attacker or a confused tool could, and bounds how long a call on one may
// take: a reader that blocks on a pipe would otherwise hang the test suite
// instead of failing it.
package fifotest

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// bound is far longer than any call on a plain file takes, even on a
// slow, busy machine, and short enough that a hang fails the test.
const bound = time.Minute

// Make creates a named pipe at path. When the test ends, the pipe is
// opened and closed once from both ends, so a call still blocked opening
// or reading it returns instead of outliving the test.
func Make(t testing.TB, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatalf("make a named pipe at %s: %v", path, err)
	}
	t.Cleanup(func() { Release(path) })
}

// Release wakes whatever is blocked on the pipe at path: opening it for
// reading and writing at once never blocks, and closing it again gives a
// blocked reader the end of the file.
func Release(path string) {
	if f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}

// Returns runs call, failing the test if it has not returned within a
// minute. call must not stop the test itself (t.Fatal); it keeps its
// results in variables the test reads once Returns is back.
func Returns(t testing.TB, what string, call func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		call()
	}()
	select {
	case <-done:
	case <-time.After(bound):
		t.Fatalf("%s did not return within %v: it blocked on a named pipe", what, bound)
	}
}
