package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"neurolab/experiment"
)

// fakeClock is a clock that tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) set(d time.Duration) { c.t = time.Unix(1000, 0).Add(d) }
func newFakeClock() *fakeClock           { c := &fakeClock{}; c.set(0); return c }
func lastBarLine(s string) string {
	i := strings.LastIndex(s, "\r")
	return strings.TrimSuffix(s[i+1:], "\033[K")
}
func sec(n float64) time.Duration { return time.Duration(n * float64(time.Second)) }
func lines(s string) []string     { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
func countRunes(s string) int     { return utf8.RuneCountInString(s) }
func mustContain(t *testing.T, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%q does not contain %q", s, sub)
	}
}

// TestProgressLogLines: without a terminal, a plain line at most every 60 s
// and at most one per 5 % step, with the ETA from the average rate.
func TestProgressLogLines(t *testing.T) {
	clk := newFakeClock()
	var buf bytes.Buffer
	p := newProgressAt(&buf, false, 79, "ssn-variability", clk.now)
	steps := []struct {
		at   float64 // seconds
		frac float64 // <0: a tick, no update
		want string  // the line logged by this step, if any
	}{
		{10, 0.05, ""},
		{30, 0.10, ""},
		{59.9, -1, ""},
		{60, 0.21, "ssn-variability: 21% after 1m00s, about 3m46s left"},
		{90, 0.24, ""}, // too soon
		{125, -1, ""},  // same 5 % step as the last line
		{130, 0.26, "ssn-variability: 26% after 2m10s, about 6m10s left"},
		{140, 0.50, ""}, // too soon
		{190, -1, "ssn-variability: 50% after 3m10s, about 3m10s left"},
		{300, 0.99, "ssn-variability: 99% after 5m00s, about 3s left"},
		{330, 1, ""}, // too soon, and then done: no line
	}
	for _, s := range steps {
		clk.set(sec(s.at))
		before := buf.Len()
		if s.frac < 0 {
			p.tick()
		} else {
			p.update(s.frac)
		}
		got := strings.TrimSuffix(buf.String()[before:], "\n")
		if got != s.want {
			t.Errorf("at %gs (frac %g): logged %q, want %q", s.at, s.frac, got, s.want)
		}
	}
	p.finish()
	if n := len(lines(buf.String())); n != 4 {
		t.Errorf("logged %d lines, want 4:\n%s", n, buf.String())
	}
	if strings.Contains(buf.String(), "\r") || strings.Contains(buf.String(), "\033") {
		t.Errorf("terminal codes in a log: %q", buf.String())
	}
}

// TestProgressLogQuietForShortWork: work done within the first minute logs
// nothing, however many updates and ticks.
func TestProgressLogQuietForShortWork(t *testing.T) {
	clk := newFakeClock()
	var buf bytes.Buffer
	p := newProgressAt(&buf, false, 79, "x", clk.now)
	for i := 1; i <= 590; i++ {
		clk.set(sec(float64(i) / 10))
		p.update(float64(i) / 590)
		p.tick()
	}
	p.finish()
	clk.set(sec(120))
	p.tick()
	p.update(1)
	if buf.Len() != 0 {
		t.Errorf("logged %q for work done in 59 s", buf.String())
	}
}

// TestProgressLogStall: a stall at 0 % logs one line saying the time left is
// not known yet, then nothing more until the work moves on by 5 %.
func TestProgressLogStall(t *testing.T) {
	clk := newFakeClock()
	var buf bytes.Buffer
	p := newProgressAt(&buf, false, 79, "run", clk.now)
	p.setDetail("0/2 done; running: a, b")
	for s := 1; s <= 300; s++ {
		clk.set(sec(float64(s)))
		p.tick()
	}
	p.update(0.04)
	clk.set(sec(400))
	p.tick()
	want := "run: 0% after 1m00s, time left not known yet (0/2 done; running: a, b)\n"
	if buf.String() != want {
		t.Errorf("logged %q, want %q", buf.String(), want)
	}
}

// TestProgressETAText: on a terminal the bar says "ETA –" before the first
// update (not a time that reads as done), then elapsed·(1−f)/f; elapsed time
// moves on ticks while the work stalls; the bar is cleared when done.
func TestProgressETAText(t *testing.T) {
	clk := newFakeClock()
	var buf bytes.Buffer
	p := newProgressAt(&buf, true, 79, "ssn-variability", clk.now)
	line := lastBarLine(buf.String())
	for _, want := range []string{"ssn-variability", "  0% [", "0s elapsed", "ETA –"} {
		mustContain(t, line, want)
	}
	clk.set(sec(3))
	p.tick()
	line = lastBarLine(buf.String())
	mustContain(t, line, "3s elapsed, ETA –")

	clk.set(sec(20))
	p.update(0.25)
	line = lastBarLine(buf.String())
	mustContain(t, line, " 25% [")
	mustContain(t, line, "20s elapsed, ETA 1m00s")

	// A stall: the ticker keeps elapsed time moving and the ETA growing.
	clk.set(sec(218))
	p.tick()
	line = lastBarLine(buf.String())
	mustContain(t, line, "3m38s elapsed, ETA 10m54s")

	// Bursty progress: the ETA uses the average rate, not the last burst.
	clk.set(sec(219))
	p.update(0.5)
	line = lastBarLine(buf.String())
	mustContain(t, line, "3m39s elapsed, ETA 3m39s")

	p.finish()
	if !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Errorf("bar not cleared when done: %q", buf.String())
	}
	n := buf.Len()
	clk.set(sec(300))
	p.tick()
	p.update(0.9)
	p.finish()
	if buf.Len() != n {
		t.Errorf("drew after done: %q", buf.String()[n:])
	}
}

// TestProgressBarWidth: the bar's line stays within its columns whatever the
// label and durations.
func TestProgressBarWidth(t *testing.T) {
	for _, label := range []string{"x", "ssn-variability", "cilds: initialising (OASIS + LDS)",
		"20/20 done; running: drift-geometry-realistic, self-healing-assemblies +14",
		strings.Repeat("é", 200)} {
		for _, cols := range []int{79, 60} {
			clk := newFakeClock()
			var buf bytes.Buffer
			p := newProgressAt(&buf, true, cols, label, clk.now)
			clk.set(sec(3600*123 + 61))
			p.update(1e-4)
			for _, l := range strings.Split(buf.String(), "\r") {
				l = strings.TrimSuffix(l, "\033[K")
				if countRunes(l) > cols {
					t.Errorf("%d columns > %d: %q", countRunes(l), cols, l)
				}
			}
			p.finish()
		}
	}
}

// TestProgressBarLayout: a run's label of up to 44 characters is shown
// whole, "elapsed" is dropped only when the label needs the room, and the
// bar keeps its width as the times change.
func TestProgressBarLayout(t *testing.T) {
	clk := newFakeClock()
	for _, tc := range []struct {
		label   string
		elapsed bool
	}{
		{"ssn-variability", true},
		{"cilds: initialising (OASIS + LDS)", true},
		{"12/20 done; running: competitive-hebbian +1", false},
		{"3/20 done; running: self-healing, pruning", false},
	} {
		p := newProgressAt(&bytes.Buffer{}, false, 79, tc.label, clk.now)
		p.frac = 0.5
		widths := map[int]bool{}
		for _, at := range []float64{1, 59, 61, 3599} {
			line := p.barLine(time.Unix(1000, 0).Add(sec(at)))
			if !strings.HasPrefix(line, tc.label+"  50% [") || strings.Contains(line, " elapsed,") != tc.elapsed {
				t.Errorf("%q", line)
			}
			widths[strings.Count(line, "█")+strings.Count(line, "░")] = true
		}
		if len(widths) != 1 {
			t.Errorf("%q: bar width changes with the times: %v", tc.label, widths)
		}
	}
}

// TestProgressEraseHoldsOneTick: after clearProgressLine's erase the next
// tick leaves the line blank (a caller is printing on it); the next update
// or the tick after redraws.
func TestProgressEraseHoldsOneTick(t *testing.T) {
	clk := newFakeClock()
	var buf bytes.Buffer
	p := newProgressAt(&buf, true, 79, "x", clk.now)
	p.erase()
	n := buf.Len()
	clk.set(sec(1))
	p.tick()
	if buf.Len() != n {
		t.Errorf("redrawn on the tick after an erase: %q", buf.String()[n:])
	}
	clk.set(sec(2))
	p.tick()
	if buf.Len() == n {
		t.Error("not redrawn on the second tick after an erase")
	}
	p.erase()
	n = buf.Len()
	p.update(0.1)
	if buf.Len() == n {
		t.Error("not redrawn on an update after an erase")
	}
}

// TestProgressAbove: lines printed above the bar start on a cleared line and
// the bar comes back below them.
func TestProgressAbove(t *testing.T) {
	clk := newFakeClock()
	var buf bytes.Buffer
	p := newProgressAt(&buf, true, 79, "x", clk.now)
	p.above(func() { buf.WriteString("PASS  x\n") })
	s := buf.String()
	if !strings.Contains(s, "\r\033[KPASS  x\n\r") || !strings.HasSuffix(s, "ETA –\033[K") {
		t.Errorf("got %q", s)
	}
}

// TestProgressRace: updates, erases and the ticker from many goroutines;
// done stops the ticker (nothing is drawn after it) and may be called twice.
// Run with -race.
func TestProgressRace(t *testing.T) {
	oldTerm, oldOut, oldTick := stderrIsTerminal, progressOut, progressTick
	defer func() { stderrIsTerminal, progressOut, progressTick = oldTerm, oldOut, oldTick }()
	for _, tty := range []bool{true, false} {
		var out syncBuffer
		stderrIsTerminal = func() bool { return tty }
		progressOut = &out
		progressTick = time.Millisecond
		p := startProgress("race")
		update, done := p.update, p.finish
		finished := make(chan bool)
		for g := 0; g < 4; g++ {
			go func() {
				for i := 0; i <= 200; i++ {
					update(float64(i) / 200)
					if i%50 == 0 {
						clearProgressLine()
						p.setDetail(strings.Repeat("d", i%7))
					}
					if i%20 == 0 {
						time.Sleep(time.Millisecond)
					}
				}
				finished <- true
			}()
		}
		for g := 0; g < 4; g++ {
			<-finished
		}
		done()
		done()
		out.mu.Lock()
		n := out.b.Len()
		out.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		update(1)
		clearProgressLine()
		out.mu.Lock()
		after := out.b.String()[n:]
		out.mu.Unlock()
		if want := map[bool]string{true: "\r\033[K", false: ""}[tty]; after != want {
			t.Errorf("tty %v: wrote %q after done", tty, after)
		}
	}
}

// TestProgressBar: through newProgress, quick work without a
// terminal shows nothing; on a terminal it shows the label.
func TestProgressBar(t *testing.T) {
	oldTerm, oldOut := stderrIsTerminal, progressOut
	defer func() { stderrIsTerminal, progressOut = oldTerm, oldOut }()

	var buf syncBuffer
	stderrIsTerminal = func() bool { return false }
	progressOut = &buf
	update, done := newProgress("x")
	update(0.5)
	done()
	if buf.b.Len() != 0 {
		t.Errorf("logged quick work on a non-terminal: %q", buf.b.String())
	}

	stderrIsTerminal = func() bool { return true }
	update, done = newProgress("ssn-variability")
	for _, f := range []float64{0.1, 0.5, 0.4, 1.2} {
		update(f)
	}
	done()
	s := buf.b.String()
	if !strings.Contains(s, "ssn-variability") {
		t.Errorf("bar does not show its label: %q", s)
	}
	if strings.Contains(s, "0s:0s") {
		t.Errorf("bar shows a zero ETA before any progress: %q", s)
	}
}

func TestFmtDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{{0, "0s"}, {sec(0.4), "0s"}, {sec(48), "48s"}, {sec(59.6), "1m00s"}, {sec(173), "2m53s"},
		{sec(3600), "1h00m"}, {sec(3600*27 + 125), "27h02m"}, {sec(3600 * 5000), ">999h"}} {
		if got := fmtDuration(tc.d); got != tc.want {
			t.Errorf("fmtDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	if got := etaText(sec(10), 0); got != "–" {
		t.Errorf("ETA before any progress: %q", got)
	}
	if got := etaText(sec(48), 0.21); got != "3m01s" {
		t.Errorf("ETA at 21%% after 48s: %q", got)
	}
}

func TestRunningLabel(t *testing.T) {
	sel := []experiment.Experiment{fake{"a"}, fake{"self-healing"}, fake{"pruning"}, fake{"d"}, fake{"e"}}
	long := []experiment.Experiment{fake{"competitive-hebbian"}, fake{"drifting-assemblies"}, fake{"predictive-learning"}}
	if got, want := runningLabel(long, []bool{true, true, true}, 0), "0/3 done; running: competitive-hebbian +2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, tc := range []struct {
		running []bool
		done    int
		want    string
	}{
		{[]bool{false, false, false, false, false}, 0, "0/5 done"},
		{[]bool{false, true, true, false, false}, 1, "1/5 done; running: self-healing, pruning"},
		{[]bool{true, true, true, true, false}, 0, "0/5 done; running: a, self-healing +2"},
		{[]bool{false, true, true, true, false}, 0, "0/5 done; running: self-healing, pruning, d"},
		{[]bool{true, true, true, true, true}, 0, "0/5 done; running: a, self-healing +3"},
		{[]bool{false, false, false, false, true}, 4, "4/5 done; running: e"},
	} {
		if got := runningLabel(sel, tc.running, tc.done); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
