package num

import "sync"

// Tally counts finished units of work out of a total and reports the
// fraction done to a progress callback. Step may be called from any
// goroutine: the count and the call happen under one lock, so the callback
// sees the fractions 1/total, 2/total, … in increasing order even when
// workers finish together. (Reading an atomic counter and then calling the
// callback outside a lock can deliver 2/total before 1/total.)
type Tally struct {
	mu     sync.Mutex
	done   int
	total  float64
	report func(frac float64)
}

// NewTally returns a Tally of total units reporting to report, which may be
// nil (Step then only counts). total < 1 is treated as 1.
func NewTally(total int, report func(frac float64)) *Tally {
	return &Tally{total: float64(max(total, 1)), report: report}
}

// Step records one finished unit and reports done/total, at most 1.
func (t *Tally) Step() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done++
	if t.report != nil {
		t.report(min(float64(t.done)/t.total, 1))
	}
}
