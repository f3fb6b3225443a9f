package deconv

import (
	"errors"
	"math"
	"strings"
	"testing"

	"neurolab/experiment"
)

// Bad input to Deconvolve and the estimators returns an error that wraps
// experiment.ErrInput (and ErrTooShort where a trace is too short).
func TestInputErrors(t *testing.T) {
	long := make([]float64, 100)
	for i := range long {
		long[i] = math.Sin(float64(i))
	}
	nan := []float64{math.NaN(), math.NaN()}
	cases := []struct {
		name      string
		run       func() error
		want      string
		wantShort bool
	}{
		{"nil trace", func() error { _, err := Deconvolve(nil, Options{}); return err }, "deconv: no finite frame among 0", false},
		{"all NaN", func() error { _, err := Deconvolve(nan, Options{}); return err }, "deconv: no finite frame among 2", false},
		{"G above 1", func() error { _, err := Deconvolve(long, Options{G: 1.2}); return err }, "deconv: AR(1) needs 0 ≤ g < 1 and no g2 (got g = 1.2, g2 = 0)", false},
		{"AR order", func() error { _, err := Deconvolve(long, Options{AR: 3}); return err }, "deconv: AR order 3: want 0 or 1 (AR(1)) or 2 (AR(2))", false},
		{"negative lambda", func() error { _, err := Deconvolve(long, Options{Lambda: -1}); return err }, "deconv: need finite λ ≥ 0, s_min ≥ 0 and σ ≥ 0 (got -1, 0, 0)", false},
		{"AR(2) unstable", func() error { _, err := Deconvolve(long, Options{AR: 2, G: 1.5, G2: 0.5}); return err }, "deconv: AR(2) coefficients g1 = 1.5, g2 = 0.5", false},
		{"too short", func() error { _, err := Deconvolve(long[:10], Options{Constrained: true}); return err }, "deconv: noise estimate: 10 finite frames, want at least 16: deconv: too few finite frames", true},
		{"NoiseSD short", func() error { _, err := NoiseSD(long[:3]); return err }, "noise estimate: 3 finite frames, want at least 16: deconv: too few finite frames", true},
		{"DecayAR1 short", func() error { _, err := DecayAR1(long[:3], 0.1, 5); return err }, "decay estimate: 3 finite frames, want at least 7: deconv: too few finite frames", true},
		{"DecayAR2 fudge", func() error { _, _, err := DecayAR2(long, 0.1, 0, 2); return err }, "deconv: decay estimate: fudge factor 2 outside (0, 1]", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %v, want an error starting %q", err, c.want)
			}
			if !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got errors.Is(err, experiment.ErrInput) = false, want true (%v)", err)
			}
			if got := errors.Is(err, ErrTooShort); got != c.wantShort {
				t.Errorf("got errors.Is(err, ErrTooShort) = %v, want %v", got, c.wantShort)
			}
		})
	}
	if got, want := ErrTooShort.Error(), "deconv: too few finite frames"; got != want {
		t.Errorf("ErrTooShort text: got %q, want %q", got, want)
	}
}

// The zero Options are not "estimate everything": λ = 0 and b = 0, as the
// Options doc says; the recommended {Constrained, Baseline} estimates both.
func TestZeroOptionsMeaning(t *testing.T) {
	y := make([]float64, 400)
	c := 0.0
	for i := range y {
		s := 0.0
		if i%40 == 5 {
			s = 1
		}
		c = 0.9*c + s
		y[i] = 2 + c + 0.05*math.Sin(1.7*float64(i))
	}
	cases := []struct {
		name       string
		opt        Options
		wantLambda bool // λ > 0
		wantB      bool // b > 0
	}{
		{"zero", Options{}, false, false},
		{"recommended", Options{Constrained: true, Baseline: true}, true, true},
	}
	for _, tc := range cases {
		r, err := Deconvolve(y, tc.opt)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := r.Lambda > 0; got != tc.wantLambda {
			t.Errorf("%s: got λ = %g, want λ > 0: %v", tc.name, r.Lambda, tc.wantLambda)
		}
		if got := r.B > 0; got != tc.wantB {
			t.Errorf("%s: got b = %g, want b > 0: %v", tc.name, r.B, tc.wantB)
		}
	}
}
