package num

import (
	"math"
	"sync"
)

// Tally counts finished work out of a total and reports the fraction done
// to a progress callback. Step and Add may be called from any goroutine:
// the count and the call happen under one lock, so the callback sees the
// fractions in increasing order even when workers finish together.
// (Adding to an atomic counter and then calling the callback outside a lock
// can deliver 2/total before 1/total.)
type Tally struct {
	mu     sync.Mutex
	done   float64
	total  float64
	report func(frac float64)
}

// NewTally returns a Tally of total units reporting to report, which may be
// nil (the Tally then only counts). total < 1 is treated as 1.
func NewTally(total int, report func(frac float64)) *Tally {
	return &Tally{total: float64(max(total, 1)), report: report}
}

// NewWeightedTally returns a Tally whose work items have unequal costs that
// add up to total; Add(cost) records one. A total that is not positive and
// finite is treated as 1.
func NewWeightedTally(total float64, report func(frac float64)) *Tally {
	if !(total > 0) || math.IsInf(total, 1) {
		total = 1
	}
	return &Tally{total: total, report: report}
}

// Step records one finished unit: Add(1).
func (t *Tally) Step() { t.Add(1) }

// Add records units of finished work and reports done/total, at most 1.
// Units that are negative or NaN are ignored, so the fraction never goes
// back.
func (t *Tally) Add(units float64) {
	if !(units >= 0) {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done += units
	if t.report != nil {
		t.report(min(t.done/t.total, 1))
	}
}
