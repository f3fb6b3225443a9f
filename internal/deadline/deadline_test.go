package deadline

import (
	"fmt"
	"testing"
	"time"
)

// fakeT records Fatalf instead of stopping the goroutine.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Helper()                           {}
func (f *fakeT) Fatalf(format string, args ...any) { f.msg = fmt.Sprintf(format, args...) }

func TestRun(t *testing.T) {
	ok := &fakeT{TB: t}
	Run(ok, time.Second, "fine", func() {})
	if ok.msg != "" {
		t.Errorf("a call that returns: got failure %q", ok.msg)
	}
	p := &fakeT{TB: t}
	Run(p, time.Second, "boom", func() { panic("x") })
	if p.msg != "boom: panic: x" {
		t.Errorf("a call that panics: got %q, want a panic failure", p.msg)
	}
	h := &fakeT{TB: t}
	block := make(chan struct{})
	defer close(block)
	Run(h, 50*time.Millisecond, "stuck", func() { <-block })
	if h.msg != "stuck: no result within 50ms (hang)" {
		t.Errorf("a call that hangs: got %q, want a timeout failure", h.msg)
	}
}
