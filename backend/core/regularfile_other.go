//go:build !unix

package core

// openWithoutBlocking adds nothing where opening a path in a folder
// cannot block: Windows keeps its named pipes outside the file system.
const openWithoutBlocking = 0
