//go:build !linux

package app

// lockNavigation is Linux's: the other platforms' web views are locked by
// the Content-Security-Policy and the app's link handling alone.
func lockNavigation() {}
