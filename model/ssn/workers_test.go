package ssn

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Sim.Workers: 0 and 1 both mean serial, and a negative count makes Step
// panic with a message naming the field and the valid range (it used to
// run serially).
func TestSimWorkersRange(t *testing.T) {
	cases := []struct {
		workers int
		panics  string // "" when Step must not panic
	}{
		{0, ""},
		{1, ""},
		{-1, "ssn: Sim.Workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
		{-8, "ssn: Sim.Workers = -8: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.workers), func(t *testing.T) {
			s := NewSim(TwoPop(paperParams), []*rand.Rand{rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 3))})
			s.Workers = c.workers
			var got string
			func() {
				defer func() {
					if r := recover(); r != nil {
						got = fmt.Sprint(r)
					}
				}()
				s.Step(1e-4)
			}()
			switch {
			case c.panics == "" && got != "":
				t.Errorf("Step panicked: %s", got)
			case c.panics != "" && !strings.Contains(got, c.panics):
				t.Errorf("Step panic %q, want one containing %q", got, c.panics)
			}
		})
	}
}
