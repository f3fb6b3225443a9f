package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// stderrIsTerminal reports whether progress bars should be drawn.
var stderrIsTerminal = func() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

// progressOut is where progress bars are drawn.
var progressOut io.Writer = os.Stderr

// newProgress returns a progress callback for long work labelled label, and a
// function to call when the work is done. On a terminal it draws a bar with
// elapsed time and an estimate of the time left on stderr; otherwise both
// functions do nothing. The callback takes the fraction done in [0, 1], may be
// called from any goroutine, and ignores values that go backwards.
func newProgress(label string) (update func(frac float64), done func()) {
	if !stderrIsTerminal() {
		return func(float64) {}, func() {}
	}
	const steps = 1000
	bar := progressbar.NewOptions(steps,
		progressbar.OptionSetWriter(progressOut),
		progressbar.OptionSetDescription(label),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	)
	var mu sync.Mutex
	last := 0
	update = func(frac float64) {
		n := int(frac * steps)
		n = max(0, min(steps, n))
		mu.Lock()
		defer mu.Unlock()
		if n > last {
			last = n
			bar.Set(n)
		}
	}
	done = func() {
		mu.Lock()
		defer mu.Unlock()
		bar.Finish()
		bar.Clear()
	}
	return update, done
}

// clearProgressLine erases the progress bar's line on a terminal so that a
// verdict printed on stdout is not mixed with it; the bar redraws itself on
// its next update.
func clearProgressLine() {
	if stderrIsTerminal() {
		fmt.Fprint(progressOut, "\r\033[K")
	}
}
