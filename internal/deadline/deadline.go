// Package deadline runs a test's call under a time limit, so that a hang
// fails the test fast instead of stalling the suite, and turns a panic in
// the call into a test failure. The extreme-input tests of the analysis
// packages use it (each case must return, with a result or an input
// error, within seconds).
package deadline

import (
	"testing"
	"time"
)

// Run calls f on a new goroutine and fails t (Fatalf, from the calling
// goroutine) if f panics or has not returned within limit; name, if not
// empty, starts the message. A hung f is left running: the test fails and
// the process ends with the test binary.
func Run(t testing.TB, limit time.Duration, name string, f func()) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	prefix := ""
	if name != "" {
		prefix = name + ": "
	}
	select {
	case p := <-done:
		if p != nil {
			t.Fatalf("%spanic: %v", prefix, p)
		}
	case <-time.After(limit):
		t.Fatalf("%sno result within %v (hang)", prefix, limit)
	}
}
