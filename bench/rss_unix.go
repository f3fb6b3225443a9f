//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// maxRSSMiB returns the peak resident memory of the finished process in MiB
// (getrusage's ru_maxrss: KiB on Linux and the BSDs, bytes on macOS).
func maxRSSMiB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(ru.Maxrss) / (1 << 20)
	}
	return float64(ru.Maxrss) / 1024
}
