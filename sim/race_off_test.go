//go:build !race

package sim

// raceDetector reports whether the tests run under the race detector, which
// slows them about tenfold; the statistical tests then shrink (see testSize).
const raceDetector = false
