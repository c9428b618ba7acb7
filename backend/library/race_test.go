//go:build race

package library

// raceDetector is set under the race detector, which multiplies memory and
// time; the memory-bound test runs only without it.
const raceDetector = true
