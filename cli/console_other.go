//go:build !windows

package cli

// attachParentConsole has nothing to do where every program inherits its
// terminal's streams.
func attachParentConsole() {}
