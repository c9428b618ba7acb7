//go:build race

package service

// raceDetector is set when the tests run under the race detector, which
// makes SQLite many times slower; make test-go runs the tests that need a
// long stretch of writing once without it.
const raceDetector = true
