//go:build !unix

package main

import "os"

// maxRSSMiB returns 0 (not measured): the process's peak resident memory
// is read from getrusage, which this platform does not have.
func maxRSSMiB(ps *os.ProcessState) float64 { return 0 }
