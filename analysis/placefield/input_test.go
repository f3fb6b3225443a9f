package placefield

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// Bad input to the entry points that return errors wraps experiment.ErrInput
// and names the frame, map or option; none of them panics (a panic inside
// PVMatrix's worker goroutines could not be recovered by the caller).
func TestInputErrorsWrapErrInput(t *testing.T) {
	ctx := context.Background()
	good := func() *Frames {
		return &Frames{Cells: 2, Bins: 3, Bin: []int{0, 1, 2, -1}, Dir: []int8{0, 0, 1, 1}, Trial: []int{0, 0, 1, 1},
			Events: [][]int32{{0}, {1}, {0, 1}, nil}}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("valid frames: %v", err)
	}
	bad := func(edit func(f *Frames)) *Frames { f := good(); edit(f); return f }
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"nil frames", func() error { return (*Frames)(nil).Validate() }, "placefield: Frames is nil"},
		{"no cells", func() error { return bad(func(f *Frames) { f.Cells = 0 }).Validate() }, "0 cells and 3 bins"},
		{"lengths", func() error { return bad(func(f *Frames) { f.Dir = f.Dir[:3] }).Validate() }, "Dir 3"},
		{"bin", func() error { return bad(func(f *Frames) { f.Bin[1] = 3 }).Validate() }, "frame 1: bin 3 outside −1..2"},
		{"dir", func() error { return bad(func(f *Frames) { f.Dir[2] = 2 }).Validate() }, "frame 2: direction 2"},
		{"trial", func() error { return bad(func(f *Frames) { f.Trial[0] = -1 }).Validate() }, "frame 0: trial -1"},
		{"cell", func() error { return bad(func(f *Frames) { f.Events[1] = []int32{7} }).Validate() }, "frame 1 names cell 7 of 2"},
		{"SITest frames", func() error {
			_, err := SITest(ctx, bad(func(f *Frames) { f.Bin[1] = 9 }), nil, 1, 10, 0.05, 1, 1)
			return err
		}, "frame 1: bin 9"},
		{"SITest shuffles", func() error { _, err := SITest(ctx, good(), nil, 1, 0, 0.05, 1, 1); return err }, "0 shuffles"},
		{"SITest alpha", func() error { _, err := SITest(ctx, good(), nil, 1, 10, 0, 1, 1); return err }, "significance level 0"},
		{"PVMatrix shapes", func() error {
			_, err := PVMatrix(ctx, []*mat.Dense{mat.NewDense(2, 6, nil), mat.NewDense(3, 6, nil)}, 2)
			return err
		}, "map 1 is 3×6, map 0 is 2×6"},
		{"PVMatrix nil", func() error { _, err := PVMatrix(ctx, []*mat.Dense{mat.NewDense(2, 6, nil), nil}, 2); return err }, "map 1 is nil"},
		{"PVMatrix workers", func() error { _, err := PVMatrix(ctx, []*mat.Dense{mat.NewDense(2, 6, nil)}, -1); return err },
			"placefield: PVMatrix: workers = -1: want ≥ 0 (0 and 1 both mean serial)"},
		{"SITest workers", func() error { _, err := SITest(ctx, good(), nil, 1, 10, 0.05, 1, -2); return err },
			"placefield: SITest: workers = -2: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if !errors.Is(err, experiment.ErrInput) {
				t.Fatalf("error %v does not wrap experiment.ErrInput", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
		})
	}
}
