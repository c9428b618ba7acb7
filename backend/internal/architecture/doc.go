// Package architecture holds the import rules that keep the code easy to
// change: layers that point one way, the command reaching the backend only
// through the application API, and the third-party libraries that only one
// package may touch. The rules live in its tests, which read the real
// import graph with `go list` and name every import that breaks one.
package architecture
