//go:build !unix

package exptest

// cpuSeconds returns 0: CPU time is read from getrusage, which this
// platform does not have (Calibrate then shows 0 s CPU).
func cpuSeconds() float64 { return 0 }
