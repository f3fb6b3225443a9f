package drift

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// Extreme but valid inputs: each case runs under a timeout so that a hang
// fails fast, and must return a correct result or an input error.

func runExtreme(t *testing.T, x Responses, o Options) (r *Result, err error) {
	t.Helper()
	deadline.Run(t, 5*time.Second, "Analyze", func() { r, err = Analyze(context.Background(), x, o) })
	return r, err
}

func scaled(x Responses, s float64) Responses {
	y := x
	y.Data = make([]float64, len(x.Data))
	for i, v := range x.Data {
		y.Data[i] = v * s
	}
	return y
}

func closeRel(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func compareResults(t *testing.T, got, want *Result, tol float64) {
	t.Helper()
	for _, c := range []struct {
		name      string
		got, want []float64
	}{
		{"PV", got.PV, want.PV}, {"Rate", got.Rate, want.Rate}, {"Tuning", got.Tuning, want.Tuning},
		{"Decoder", got.Decoder, want.Decoder},
	} {
		for i := range c.want {
			if !closeRel(c.got[i], c.want[i], tol) {
				t.Errorf("%s[%d] = %v, want %v", c.name, i, c.got[i], c.want[i])
			}
		}
	}
	if !closeRel(got.Shuffle, want.Shuffle, tol) {
		t.Errorf("Shuffle = %v, want %v", got.Shuffle, want.Shuffle)
	}
}

// Every measure is invariant under a positive scaling of the responses, also
// when the squares of the values overflow or underflow.
func TestExtremeScale(t *testing.T) {
	x := metaData(4, 6, 7, 3)
	o := Options{Shuffles: 5, Seed: 1}
	want, err := runExtreme(t, x, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []float64{1e-300, 1e-160, 1e150, 1e300, 0x1p-1000, 0x1p1000} {
		got, err := runExtreme(t, scaled(x, s), o)
		if err != nil {
			t.Fatalf("×%g: %v", s, err)
		}
		compareResults(t, got, want, 1e-9)
		if t.Failed() {
			t.Fatalf("scale ×%g", s)
		}
	}
}

// Constant (or all-zero) responses: every correlation is undefined (NaN) and
// every test bin ties with every training bin, so the decoder predicts bin 0
// (ties to the lower bin): accuracy 1/Bins.
func TestExtremeConstant(t *testing.T) {
	for _, c := range []float64{0, 1, -3e15, 1e300, 5e-324} {
		x := Responses{Repeats: 3, Bins: 4, Cells: 5, Data: make([]float64, 60)}
		for i := range x.Data {
			x.Data[i] = c
		}
		res, err := runExtreme(t, x, Options{Shuffles: 3})
		if err != nil {
			t.Fatalf("constant %g: %v", c, err)
		}
		for r1 := 0; r1 < 3; r1++ {
			for r2 := r1 + 1; r2 < 3; r2++ {
				i := r1*3 + r2
				if !math.IsNaN(res.PV[i]) || !math.IsNaN(res.Rate[i]) || !math.IsNaN(res.Tuning[i]) {
					t.Errorf("constant %g: pair (%d,%d): PV %v Rate %v Tuning %v, want NaN", c, r1, r2, res.PV[i], res.Rate[i], res.Tuning[i])
				}
				if res.Decoder[i] != 0.25 {
					t.Errorf("constant %g: Decoder = %v, want 1/4", c, res.Decoder[i])
				}
			}
		}
	}
}

// One nonzero entry: only repeat 0 varies, so correlations involving it
// are defined only where both repeats vary: all are NaN here.
func TestExtremeOneNonzero(t *testing.T) {
	x := Responses{Repeats: 2, Bins: 3, Cells: 4, Data: make([]float64, 24)}
	x.Data[5] = 1e-310
	res, err := runExtreme(t, x, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(res.PV[1]) || !math.IsNaN(res.Rate[1]) || !math.IsNaN(res.Tuning[1]) {
		t.Errorf("PV %v Rate %v Tuning %v, want NaN (repeat 1 is constant)", res.PV[1], res.Rate[1], res.Tuning[1])
	}
	// Test bins (repeat 1) are all 0; training bin 1 holds the nonzero
	// entry, so bins 0 and 2 tie at distance 0 and every prediction is 0.
	if res.Decoder[1] != 1.0/3 {
		t.Errorf("Decoder = %v, want 1/3", res.Decoder[1])
	}
}

// Identical repeats: correlations 1, decoder perfect when bins differ.
func TestExtremeDuplicateRepeats(t *testing.T) {
	one := metaData(1, 5, 6, 9)
	x := Responses{Repeats: 3, Bins: 5, Cells: 6}
	for r := 0; r < 3; r++ {
		x.Data = append(x.Data, one.Data...)
	}
	res, err := runExtreme(t, x, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{1, 2, 5} {
		if !closeRel(res.PV[i], 1, 1e-12) || !closeRel(res.Rate[i], 1, 1e-12) || !closeRel(res.Tuning[i], 1, 1e-12) || res.Decoder[i] != 1 {
			t.Errorf("pair %d: PV %v Rate %v Tuning %v Decoder %v, want 1", i, res.PV[i], res.Rate[i], res.Tuning[i], res.Decoder[i])
		}
	}
}

// Minimum and very unequal shapes return quickly with the right sizes.
func TestExtremeShapes(t *testing.T) {
	for _, s := range [][3]int{{2, 2, 2}, {2, 3, 1000}, {2, 1500, 3}, {60, 2, 2}} {
		x := metaData(s[0], s[1], s[2], 4)
		res, err := runExtreme(t, x, Options{Shuffles: 2})
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		if len(res.PV) != s[0]*s[0] || len(res.PVLag) != s[0]-1 {
			t.Errorf("%v: %d PV values, %d lags", s, len(res.PV), len(res.PVLag))
		}
		for _, v := range res.Decoder {
			if !math.IsNaN(v) && (v < 0 || v > 1) {
				t.Errorf("%v: decoder accuracy %v", s, v)
			}
		}
	}
}

// NaN and ±Inf are refused with an input error.
func TestExtremeNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		x := metaData(2, 3, 4, 1)
		x.Data[7] = v
		_, err := runExtreme(t, x, Options{})
		if !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%v: err = %v, want an input error", v, err)
		}
	}
}

// NearestNeighbours on its own: scaling does not change the prediction.
func TestExtremeNearestNeighboursScale(t *testing.T) {
	x := metaData(2, 8, 5, 2)
	want := NearestNeighbours(x, 0, 1)
	for _, s := range []float64{1e-300, 1e200, 1e300} {
		got := NearestNeighbours(scaled(x, s), 0, 1)
		for b := range want {
			if got[b] != want[b] {
				t.Errorf("×%g: bin %d → %d, want %d", s, b, got[b], want[b])
			}
		}
	}
}

// Continuity at the rescaling threshold: responses whose largest |value|
// lies just inside [2⁻⁶⁴, 2⁶⁴] (analysed as given) and just outside
// (rescaled) give every field of the unscaled analysis, lag curves included.
func TestExtremeThresholdContinuity(t *testing.T) {
	x := metaData(4, 6, 7, 3)
	var m float64
	for _, v := range x.Data {
		m = math.Max(m, math.Abs(v))
	}
	o := Options{Shuffles: 5, Seed: 1}
	want, err := runExtreme(t, x, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, top := range []float64{0x1p64 * 0.999, 0x1p64 * 1.001, 0x1p-64 * 1.001, 0x1p-64 * 0.999} {
		got, err := runExtreme(t, scaled(x, top/m), o)
		if err != nil {
			t.Fatalf("largest %g: %v", top, err)
		}
		compareResults(t, got, want, 1e-9)
		if got.Repeats != want.Repeats {
			t.Errorf("Repeats = %d, want %d", got.Repeats, want.Repeats)
		}
		for _, c := range []struct {
			name      string
			got, want []float64
		}{
			{"PVLag", got.PVLag, want.PVLag}, {"RateLag", got.RateLag, want.RateLag},
			{"TuningLag", got.TuningLag, want.TuningLag}, {"DecoderLag", got.DecoderLag, want.DecoderLag},
		} {
			if len(c.got) != len(c.want) {
				t.Fatalf("%s has %d values, want %d", c.name, len(c.got), len(c.want))
			}
			for i := range c.want {
				if !closeRel(c.got[i], c.want[i], 1e-9) {
					t.Errorf("%s[%d] = %v, want %v", c.name, i, c.got[i], c.want[i])
				}
			}
		}
		if t.Failed() {
			t.Fatalf("largest %g", top)
		}
	}
	// NearestNeighbours on its own (it rescales the two repeats itself).
	for _, s := range []float64{0x1p64 * 1.001 / m, 1e300, 1e-300} {
		if got, want := NearestNeighbours(scaled(x, s), 0, 1), NearestNeighbours(x, 0, 1); !slices.Equal(got, want) {
			t.Errorf("NearestNeighbours ×%g = %v, want %v", s, got, want)
		}
	}
}
