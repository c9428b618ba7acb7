//go:build !linux

package app

// presentWindow is Linux's: elsewhere Wails' own unminimise and show bring
// the window to the front.
func presentWindow() {}
