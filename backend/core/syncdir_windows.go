//go:build windows

package core

// SyncDir is a no-op on Windows, where MoveFileEx's rename is durable once it
// returns and directories cannot be opened for syncing.
func SyncDir(string) error { return nil }
