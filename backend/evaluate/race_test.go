//go:build race

package evaluate

// raceDetector is set when the tests run under the race detector, which
// makes the full CMRC run ten times slower; make test-go runs it once
// without.
const raceDetector = true
