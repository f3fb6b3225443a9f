package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"
)

// stderrIsTerminal reports whether progress is drawn as a bar (on a
// terminal) or logged as occasional plain lines (in a batch log).
var stderrIsTerminal = func() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

// progressOut is where progress is shown.
var progressOut io.Writer = os.Stderr

// progressColumns is the width of the terminal's line for the bar: at most
// 79 columns, narrower on a narrower terminal.
var progressColumns = func() int {
	if w, _, err := term.GetSize(int(os.Stderr.Fd())); err == nil && w > 20 && w <= 80 {
		return w - 1
	}
	return 79
}

// progressTick is how often the bar is redrawn (so that elapsed time and
// ETA keep moving while the work stalls) and how often the plain log checks
// whether a line is due.
var progressTick = time.Second

const (
	// progressLogEvery is the least time between two plain log lines.
	progressLogEvery = 60 * time.Second
	// progressLogSteps: at most one plain log line per 1/progressLogSteps
	// of the work (5 %).
	progressLogSteps = 20
	// progressDrawEvery throttles redraws of the bar on updates.
	progressDrawEvery = 100 * time.Millisecond
)

// newProgress returns a progress callback for long work labelled label, and a
// function to call when the work is done (it may be called more than once).
// On a terminal it draws a one-line bar on stderr with the elapsed time and
// an estimate of the time left, redrawn every second, and clears it when
// done. Otherwise it logs a plain line on stderr at most every minute and at
// most once per 5 % of the work, nothing for work done within a minute. The
// callback takes the fraction done in [0, 1], may be called from any
// goroutine, and ignores values that go backwards.
func newProgress(label string) (update func(frac float64), done func()) {
	p := startProgress(label)
	return p.update, p.finish
}

// progress shows the fraction done of long work on a terminal or in a log.
// Its methods may be called from any goroutine.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	tty     bool
	columns int
	now     func() time.Time
	label   string
	detail  string // shown instead of the label on a terminal, after the line in a log
	start   time.Time
	frac    float64
	ended   bool

	// terminal
	drawn    bool      // the bar is on the screen
	hold     bool      // skip the next tick's redraw: the caller is printing a line
	lastDraw time.Time // when the bar was last drawn

	// log
	lastLine time.Time // when the last line was logged (start before any)
	lastStep int       // the 5 % step of the last line; -1 before any

	stop chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

// activeBars are the progress bars being drawn, for clearProgressLine.
var activeBars = struct {
	sync.Mutex
	m map[*progress]bool
}{m: map[*progress]bool{}}

// startProgress starts showing the progress of work labelled label on
// progressOut, with a ticker that finish stops.
func startProgress(label string) *progress {
	p := newProgressAt(progressOut, stderrIsTerminal(), progressColumns(), label, time.Now)
	if p.tty {
		activeBars.Lock()
		activeBars.m[p] = true
		activeBars.Unlock()
	}
	p.stop = make(chan struct{})
	every := progressTick
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.tick()
			}
		}
	}()
	return p
}

// newProgressAt returns a progress without a ticker that writes to w, as a
// bar of the given width if tty, reading the time from now. The bar is
// drawn at once.
func newProgressAt(w io.Writer, tty bool, columns int, label string, now func() time.Time) *progress {
	start := now()
	p := &progress{w: w, tty: tty, columns: columns, now: now, label: label, start: start,
		lastLine: start, lastStep: -1}
	if tty {
		p.draw(start)
	}
	return p
}

// update records the fraction done; values that go backwards are ignored.
func (p *progress) update(frac float64) {
	if math.IsNaN(frac) {
		return
	}
	frac = min(max(frac, 0), 1)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended || frac <= p.frac {
		return
	}
	first := p.frac == 0
	p.frac = frac
	now := p.now()
	if p.tty {
		if first || now.Sub(p.lastDraw) >= progressDrawEvery || !p.drawn {
			p.draw(now)
		}
		return
	}
	p.logLine(now)
}

// tick redraws the bar so that elapsed time keeps moving, or logs a line if
// one is due.
func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended {
		return
	}
	now := p.now()
	if p.tty {
		if p.hold {
			p.hold = false
			return
		}
		p.draw(now)
		return
	}
	p.logLine(now)
}

// setDetail changes what the bar shows in place of the label (and what the
// log adds after each line).
func (p *progress) setDetail(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended || s == p.detail {
		return
	}
	p.detail = s
	if p.tty {
		p.draw(p.now())
	}
}

// above runs print, which writes whole lines, with the bar erased, and
// redraws the bar below them.
func (p *progress) above(print func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
	print()
	if p.tty && !p.ended {
		p.draw(p.now())
	}
}

// erase clears the bar so that a line can be printed; the next tick does not
// redraw it (the next update does).
func (p *progress) erase() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
		p.hold = true
	}
}

// finish stops the ticker and clears the bar. Later calls do nothing.
func (p *progress) finish() {
	p.once.Do(func() {
		if p.stop != nil {
			close(p.stop)
			p.wg.Wait()
		}
		activeBars.Lock()
		delete(activeBars.m, p)
		activeBars.Unlock()
		p.mu.Lock()
		defer p.mu.Unlock()
		p.ended = true
		if p.tty && p.drawn {
			fmt.Fprint(p.w, "\r\033[K")
			p.drawn = false
		}
	})
}

// draw writes the bar; p.mu is held.
func (p *progress) draw(now time.Time) {
	fmt.Fprint(p.w, "\r"+p.barLine(now)+"\033[K")
	p.drawn, p.hold = true, false
	p.lastDraw = now
}

// barLine is the terminal line, at most p.columns columns:
// "LABEL  21% [███░░░░░░░░░] 48s elapsed, ETA 2m53s", or without "elapsed"
// if the label needs the room.
func (p *progress) barLine(now time.Time) string {
	name := p.label
	if p.detail != "" {
		name = p.detail
	}
	elapsed, eta := fmtDuration(now.Sub(p.start)), etaText(now.Sub(p.start), p.frac)
	pct := fmt.Sprintf(" %3d%% [", percent(p.frac))
	// The bar's width depends on the name only (the tail is given room for
	// times up to 59m59s, more if it needs it), so that it does not jitter
	// as the times change.
	const minBar, maxBar = 8, 30
	n := utf8.RuneCountInString(name)
	tail := "] " + elapsed + " elapsed, ETA " + eta
	room := p.columns - utf8.RuneCountInString(pct) - max(utf8.RuneCountInString("] 59m59s elapsed, ETA 59m59s"), utf8.RuneCountInString(tail))
	if n+minBar > room {
		tail = "] " + elapsed + ", ETA " + eta
		room = p.columns - utf8.RuneCountInString(pct) - max(utf8.RuneCountInString("] 59m59s, ETA 59m59s"), utf8.RuneCountInString(tail))
	}
	width := min(maxBar, max(minBar, room-n))
	name = truncate(name, max(room-width, 1))
	filled := int(p.frac * float64(width))
	return name + pct + strings.Repeat("█", filled) + strings.Repeat("░", width-filled) + tail
}

// logLine writes a plain line if one is due: at least progressLogEvery after
// the last (or the start), and in a later 5 % step than the last. p.mu is
// held.
func (p *progress) logLine(now time.Time) {
	step := int(p.frac * progressLogSteps)
	if now.Sub(p.lastLine) < progressLogEvery || step <= p.lastStep {
		return
	}
	p.lastLine, p.lastStep = now, step
	fmt.Fprintln(p.w, p.plainLine(now))
}

// plainLine is a log line: "LABEL: 21% after 48s, about 2m53s left (DETAIL)".
func (p *progress) plainLine(now time.Time) string {
	elapsed := now.Sub(p.start)
	left := "time left not known yet"
	if p.frac > 0 {
		left = "about " + etaText(elapsed, p.frac) + " left"
	}
	s := fmt.Sprintf("%s: %d%% after %s, %s", p.label, percent(p.frac), fmtDuration(elapsed), left)
	if p.detail != "" {
		s += " (" + p.detail + ")"
	}
	return s
}

// percent is frac in whole percent, rounded down so that 100 % means done.
func percent(frac float64) int { return int(math.Floor(frac*100 + 1e-9)) }

// etaText estimates the time left from the average rate so far,
// elapsed·(1−f)/f, or "–" while nothing is done.
func etaText(elapsed time.Duration, frac float64) string {
	if frac <= 0 {
		return "–"
	}
	return fmtDuration(time.Duration(float64(elapsed) * (1 - frac) / frac))
}

// fmtDuration writes d as "48s", "2m53s" or "3h07m".
func fmtDuration(d time.Duration) string {
	s := int64(math.Round(d.Seconds()))
	switch {
	case d >= 1000*time.Hour:
		return ">999h"
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
}

// truncate shortens s to at most n runes, ending it with "…" if cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// clearProgressLine erases the progress bar's line on a terminal so that a
// line printed next (on stdout or stderr) is not mixed with it; the bar
// redraws itself on its next update, and the ticker leaves it erased until
// then or for one tick.
func clearProgressLine() {
	activeBars.Lock()
	bars := make([]*progress, 0, len(activeBars.m))
	for p := range activeBars.m {
		bars = append(bars, p)
	}
	activeBars.Unlock()
	for _, p := range bars {
		p.erase()
	}
	if len(bars) == 0 && stderrIsTerminal() {
		fmt.Fprint(progressOut, "\r\033[K")
	}
}
