//go:build unix

package core

import "syscall"

// openWithoutBlocking keeps an open from waiting: for a named pipe's other
// end, or for a device that would otherwise become the controlling
// terminal. It changes nothing for a regular file.
const openWithoutBlocking = syscall.O_NONBLOCK | syscall.O_NOCTTY
