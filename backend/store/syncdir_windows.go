//go:build windows

package store

// syncDir is a no-op on Windows, where MoveFileEx's rename is durable once it
// returns and directories cannot be opened for syncing.
func syncDir(string) error { return nil }
