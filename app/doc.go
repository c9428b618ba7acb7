// Package app is the desktop face of Zhiku: it opens the Wails window, binds
// one bridge through which the UI calls every service method, and forwards
// events and file drops. It stays thin; what the window does lives in the
// service package.
//
// Only platform.go calls the Wails runtime, and only with the context Wails
// created: the runtime calls log.Fatal when handed any other context.
package app
