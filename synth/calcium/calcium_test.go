package calcium

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestGenData(t *testing.T) {
	tr := GenData(rand.New(rand.NewPCG(1, 1)), GenDataConfig{T: 200000})
	var ns float64
	for i, s := range tr.S {
		ns += s
		prev := 0.0
		if i > 0 {
			prev = tr.C[i-1]
		}
		if math.Abs(tr.C[i]-(0.95*prev+s)) > 1e-12 {
			t.Fatalf("frame %d: c = %g, want 0.95·c_prev + s = %g", i, tr.C[i], 0.95*prev+s)
		}
	}
	// Spike probability 0.5 Hz / 30 fps = 1/60: expect 3333 ± 3·57.
	if math.Abs(ns-200000.0/60) > 3*math.Sqrt(200000.0/60) {
		t.Fatalf("spikes: got %g, want %g ± 3 SD", ns, 200000.0/60)
	}
}

// The circulant-embedding GP has the RBF covariance.
func TestGPCovariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	tau := 20.0
	var c0, c20, c40 float64
	var n float64
	for rep := 0; rep < 20; rep++ {
		z := GP(rng, 4000, tau)
		for i := 0; i+40 < len(z); i++ {
			c0 += z[i] * z[i]
			c20 += z[i] * z[i+20]
			c40 += z[i] * z[i+40]
			n++
		}
	}
	c0, c20, c40 = c0/n, c20/n, c40/n
	for _, tc := range []struct {
		name      string
		got, want float64
	}{{"lag 0", c0, 1}, {"lag τ", c20, math.Exp(-0.5)}, {"lag 2τ", c40, math.Exp(-2)}} {
		if math.Abs(tc.got-tc.want) > 0.05 {
			t.Errorf("%s: got covariance %.3f, want %.3f ± 0.05", tc.name, tc.got, tc.want)
		}
	}
}

func TestMovieProfiles(t *testing.T) {
	md := Movie(rand.New(rand.NewPCG(3, 3)), DefaultMovie())
	if len(md.Profiles) != 6 || len(md.Contaminants) != 2 || len(md.Pix) != 48*48*1000 {
		t.Fatalf("got %d profiles, %d contaminants, %d pixels", len(md.Profiles), len(md.Contaminants), len(md.Pix))
	}
	for k, p := range md.Profiles {
		mx, mn := 0.0, math.Inf(1)
		for _, v := range p {
			mx = math.Max(mx, v)
			if v > 0 {
				mn = math.Min(mn, v)
			}
		}
		if mx > 1 || mx < 0.8 || mn < 0.05 {
			t.Errorf("profile %d: peak %g (want ≤ 1, near 1), smallest non-zero %g (want ≥ 0.05)", k, mx, mn)
		}
	}
}

func TestSampleCILDSRecursion(t *testing.T) {
	par := DemoCILDS(rand.New(rand.NewPCG(4, 4)), 5, 2)
	par.Q = make([]float64, 5) // noiseless calcium: c_t = G c_{t−1} + A z_t + b exactly
	Y, C, Z := SampleCILDS(rand.New(rand.NewPCG(5, 5)), par, 50)
	_ = Y
	for tt := 1; tt < 50; tt++ {
		for i := 0; i < 5; i++ {
			want := par.G[i]*C.At(tt-1, i) + par.B0[i]
			for j := 0; j < 2; j++ {
				want += par.A.At(i, j) * Z.At(tt-1, j)
			}
			if math.Abs(C.At(tt, i)-want) > 1e-12 {
				t.Fatalf("t=%d neuron %d: c = %g, want %g", tt, i, C.At(tt, i), want)
			}
		}
	}
}

// GenDataInto with empty slices and cfg.T = 0 (length len(y) = 0) draws
// nothing instead of indexing 3000 frames.
func TestGenDataIntoEmpty(t *testing.T) {
	GenDataInto(nil, nil, nil, rand.New(rand.NewPCG(1, 2)), GenDataConfig{})
}

// A trial length that BinMS does not divide: ⌊TrialMS/BinMS⌋ bins per trial,
// the remainder simulated but not binned (it used to index a bin past the
// end).
func TestSpikeCalciumPartialBin(t *testing.T) {
	cfg := SpikeCalciumConfig{Neurons: 2, Latents: 1, TauLatent: 10, Gamma: 0.99, Noise: 0, BinMS: 25,
		Trials: 3, TrialMS: 60, GainSD: 1, BaseLo: 50, BaseHi: 60}
	d := SpikeCalcium(rand.New(rand.NewPCG(1, 2)), cfg)
	if len(d.Y) != 3 {
		t.Fatalf("%d trials, want 3", len(d.Y))
	}
	for k := range d.Y {
		for _, m := range []interface{ Dims() (int, int) }{d.Y[k], d.C[k], d.Spikes[k], d.Z[k]} {
			if r, _ := m.Dims(); r != 2 {
				t.Fatalf("trial %d: %d bins, want 2", k, r)
			}
		}
		for b := 0; b < 2; b++ {
			for i := 0; i < 2; i++ {
				if d.Y[k].At(b, i) != d.C[k].At(b, i) || d.C[k].At(b, i) == 0 {
					t.Errorf("trial %d bin %d cell %d: y %g, c %g (want y = c > 0 without noise)", k, b, i, d.Y[k].At(b, i), d.C[k].At(b, i))
				}
				if s := d.Spikes[k].At(b, i); s < 0 || s > 25 {
					t.Errorf("trial %d bin %d cell %d: %g spikes in 25 ms", k, b, i, s)
				}
			}
		}
	}
}
