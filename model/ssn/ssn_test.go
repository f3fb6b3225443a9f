package ssn

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got %.6g, want %.6g ± %.2g", name, got, want, tol)
	}
}

// fixedCov returns the fixed point of net under input h to both
// populations and the linearised stationary covariance there.
func fixedCov(t *testing.T, net *Network, h float64) ([]float64, *mat.SymDense) {
	t.Helper()
	v, err := net.FixedPoint([]float64{h, h}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.StationaryCov(v)
	if err != nil {
		t.Fatal(err)
	}
	return v, c
}

// settledSim runs a Sim of net with one trial per stream of rngs, every
// input at 5, from stationary noise for steps Euler steps of 0.1 ms.
func settledSim(net *Network, rngs []*rand.Rand, workers, steps int) *Sim {
	s := NewSim(net, rngs)
	s.Workers = workers
	for i := range s.H {
		s.H[i] = 5
	}
	s.DrawStationaryNoise()
	for k := 0; k < steps; k++ {
		s.Step(1e-4)
	}
	return s
}

func randStable(rng *rand.Rand, n int) (*mat.Dense, *mat.SymDense) {
	a := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			a.Set(i, j, rng.NormFloat64()/math.Sqrt(float64(n)))
		}
		a.Set(i, i, a.At(i, i)-2) // eigenvalues within a unit disc around -2
	}
	b := mat.NewDense(n, n, nil)
	for i := range n * n {
		b.Set(i/n, i%n, rng.NormFloat64())
	}
	d := mat.NewSymDense(n, nil)
	d.SymOuterK(1, b)
	return a, d
}

func residual(a mat.Matrix, p, d mat.Symmetric) float64 {
	var r, ap mat.Dense
	ap.Mul(a, p)
	r.Add(&ap, ap.T())
	r.Add(&r, d)
	return mat.Norm(&r, math.Inf(1)) / mat.Norm(d, math.Inf(1))
}

// TestLyapunovOU1D: dx = -x/tau dt + sqrt(2 sigma^2/tau) dB has stationary
// variance sigma^2 (closed form of the 1-D Ornstein–Uhlenbeck process).
func TestLyapunovOU1D(t *testing.T) {
	for _, tc := range []struct{ tau, sigma float64 }{{0.05, 0.2}, {1, 3}, {1e-3, 1e-2}} {
		a := mat.NewDense(1, 1, []float64{-1 / tc.tau})
		d := mat.NewSymDense(1, []float64{2 * tc.sigma * tc.sigma / tc.tau})
		want := tc.sigma * tc.sigma
		solvers := map[string]func(mat.Matrix, mat.Symmetric) (*mat.SymDense, error){
			"kron": lyapunovKron, "smith": LyapunovSmith, "auto": Lyapunov,
		}
		for name, solve := range solvers {
			t.Run(name, func(t *testing.T) {
				p, err := solve(a, d)
				if err != nil {
					t.Fatal(err)
				}
				near(t, "variance", p.At(0, 0), want, 1e-12*want)
			})
		}
	}
}

// TestLyapunovResidual checks A P + P A^T + D = 0 for random stable systems,
// and that the Kronecker and Smith solvers agree.
func TestLyapunovResidual(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{2, 5, 12, 40} {
		a, d := randStable(rng, n)
		p, err := Lyapunov(a, d)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if r := residual(a, p, d); r > 1e-10 {
			t.Errorf("n=%d: got relative residual %g, want < 1e-10", n, r)
		}
		if n <= kronMax {
			ps, err := LyapunovSmith(a, d)
			if err != nil {
				t.Fatal(err)
			}
			var diff mat.Dense
			diff.Sub(p, ps)
			if e := mat.Norm(&diff, math.Inf(1)) / mat.Norm(p, math.Inf(1)); e > 1e-10 {
				t.Errorf("n=%d: Smith and Kronecker solutions differ by %g, want < 1e-10", n, e)
			}
		}
	}
}

func TestLyapunovUnstable(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{0.1, 0, 0, -1})
	d := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	if _, err := Lyapunov(a, d); !errors.Is(err, ErrUnstable) {
		t.Errorf("got error %v, want ErrUnstable", err)
	}
}

// TestUnconnectedStd: with W = 0, the OU factor sqrt(1 + tau/tau_eta) gives
// V a stationary std of exactly sigma (spec).
func TestUnconnectedStd(t *testing.T) {
	p := paperParams
	p.WEE, p.WEI, p.WIE, p.WII = 0, 0, 0, 0
	net := TwoPop(p)
	c, err := net.StationaryCov([]float64{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "std V_E", math.Sqrt(c.At(0, 0)), p.SigmaE, 1e-12)
	near(t, "std V_I", math.Sqrt(c.At(1, 1)), p.SigmaI, 1e-12)
	near(t, "std eta_E", math.Sqrt(c.At(2, 2)), NoiseStd(p.SigmaE, p.TauE, p.TauEta), 1e-12)
}

// TestFixedPointAndLinearStd compares with the spec's reference values
// (derived from the authors' defaults; table rounded as printed).
func TestFixedPointAndLinearStd(t *testing.T) {
	net := TwoPop(paperParams)
	for _, tc := range []struct {
		h, uE, uI, rE, rI, tolU, tolR float64
	}{
		{2, 3.297, 3.775, 3.3, 4.3, 1e-3, 0.05},
		{15, 6.113, 10.837, 11.2, 35.2, 1e-3, 0.05},
	} {
		v, err := net.FixedPoint([]float64{tc.h, tc.h}, nil)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "u_E", v[0], tc.uE, tc.tolU)
		near(t, "u_I", v[1], tc.uI, tc.tolU)
		near(t, "r_E", net.Rate(v[0]), tc.rE, tc.tolR)
		near(t, "r_I", net.Rate(v[1]), tc.rI, tc.tolR)
	}
	table := []struct{ h, std, tol float64 }{
		{0, 0.200, 5e-4}, {0.5, 0.29, 5e-3}, {1, 0.45, 5e-3}, {2, 0.957, 5e-4}, {3, 0.73, 5e-3},
		{5, 0.51, 5e-3}, {10, 0.36, 5e-3}, {15, 0.299, 5e-4}, {20, 0.268, 5e-4},
	}
	for _, tc := range table {
		_, c := fixedCov(t, net, tc.h)
		near(t, "linear std V_E", math.Sqrt(c.At(0, 0)), tc.std, tc.tol)
		if tc.h >= 2 {
			if r := c.At(0, 1) / math.Sqrt(c.At(0, 0)*c.At(1, 1)); r <= 0.99 {
				t.Errorf("h=%g: got E-I correlation %g, want > 0.99 (spec)", tc.h, r)
			}
		}
	}
}

func TestKronMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(r, c int) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := range r * c {
			m.Set(i/c, i%c, rng.NormFloat64())
		}
		return m
	}
	for _, tc := range []struct{ p, q, m, n, cols int }{{2, 2, 5, 5, 3}, {2, 1, 6, 4, 7}, {3, 2, 4, 3, 2}, {1, 1, 3, 3, 1}} {
		a, b := rnd(tc.p, tc.q), rnd(tc.m, tc.n)
		k := NewKron(a, b)
		var want mat.Dense
		want.Kronecker(a, b)
		got := ToDense(k)
		if !mat.EqualApprox(got, &want, 1e-12) {
			t.Errorf("p=%d q=%d: Kron operator differs from the Kronecker product", tc.p, tc.q)
		}
		// Batch application against the dense operator.
		d := NewDense(&want)
		r, c := k.Dims()
		src := rnd(1, c*tc.cols).RawMatrix().Data
		y1, y2 := make([]float64, r*tc.cols), make([]float64, r*tc.cols)
		k.MulTo(y1, src, tc.cols)
		d.MulTo(y2, src, tc.cols)
		for i := range y1 {
			near(t, "batch", y1[i], y2[i], 1e-12)
		}
	}
}

func TestRingNoiseCov(t *testing.T) {
	p := paperParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	const m = 10
	net := Ring(p, RingConfig{M: m, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)})
	b := RingKernel(m, math.Pi/3)
	s := []float64{NoiseStd(1, p.TauE, p.TauEta), NoiseStd(0.5, p.TauI, p.TauEta)}
	got := net.NoiseCov()
	for i := 0; i < 2*m; i++ {
		for j := 0; j < 2*m; j++ {
			want := s[i/m] * s[j/m] * b.At(i%m, j%m)
			if i == j {
				want += 1e-5
			}
			near(t, "Sigma_eta", got.At(i, j), want, 1e-12)
		}
	}
	// W rows: W_2x2 entries times a row-normalised kernel.
	w := ToDense(net.W)
	var row float64
	for j := 0; j < m; j++ {
		row += w.At(0, j)
	}
	near(t, "E row sum of W_EE block", row, p.WEE, 1e-12)
}

// TestSimUnconnected: a simulated unconnected unit has V std sigma (planted
// ground truth through the OU factor); 400 trials × 1 s give a relative SD
// of about 2%.
func TestSimUnconnected(t *testing.T) {
	p := paperParams
	p.WEE, p.WEI, p.WIE, p.WII = 0, 0, 0, 0
	net := TwoPop(p)
	const trials = 400
	rngs := make([]*rand.Rand, trials)
	for i := range rngs {
		rngs[i] = rand.New(rand.NewPCG(5, uint64(i)))
	}
	s := NewSim(net, rngs)
	s.DrawStationaryNoise()
	var sq [2]float64
	var n float64
	for k := 0; k < 12000; k++ {
		s.Step(1e-4)
		if k >= 2000 && k%10 == 0 {
			for j := 0; j < trials; j++ {
				sq[0] += s.V[2*j] * s.V[2*j]
				sq[1] += s.V[2*j+1] * s.V[2*j+1]
			}
			n += trials
		}
	}
	near(t, "std V_E", math.Sqrt(sq[0]/n), p.SigmaE, 0.08*p.SigmaE)
	near(t, "std V_I", math.Sqrt(sq[1]/n), p.SigmaI, 0.08*p.SigmaI)
}

// TestSimNoNoiseConverges: without noise, Euler converges to the Newton
// fixed point (two-population and ring).
func TestSimNoNoiseConverges(t *testing.T) {
	p := paperParams
	p.SigmaE, p.SigmaI = 0, 0
	ring := Ring(p, RingConfig{M: 8, LW: math.Pi / 4, LNoise: math.Pi / 3})
	for name, tc := range map[string]struct {
		net *Network
		h   []float64
	}{
		"two-pop": {TwoPop(p), []float64{15, 15}},
		"ring":    {ring, RingInput(8, 2, 20, 1, math.Pi, math.Pi/3)},
	} {
		t.Run(name, func(t *testing.T) {
			want, err := tc.net.FixedPoint(tc.h, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := NewSim(tc.net, []*rand.Rand{rand.New(rand.NewPCG(1, 1))})
			copy(s.H, tc.h)
			for k := 0; k < 20000; k++ {
				s.Step(1e-4)
			}
			for i, w := range want {
				near(t, "V", s.V[i], w, 1e-8)
			}
		})
	}
}

// TestBatchIndependence: a trial's path does not depend on the other trials
// in its batch (one stream per trial).
func TestBatchIndependence(t *testing.T) {
	p := paperParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	for name, net := range map[string]*Network{
		"two-pop": TwoPop(paperParams),
		"ring":    Ring(p, RingConfig{M: 10, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)}),
	} {
		t.Run(name, func(t *testing.T) {
			mk := func(ids ...uint64) *Sim {
				r := make([]*rand.Rand, len(ids))
				for i, id := range ids {
					r[i] = rand.New(rand.NewPCG(9, id))
				}
				return settledSim(net, r, 0, 500)
			}
			alone, batch := mk(3), mk(1, 2, 3, 4)
			n := net.N()
			for i := 0; i < n; i++ {
				if alone.V[i] != batch.V[2*n+i] {
					t.Fatalf("unit %d: alone %v, in batch %v, want identical", i, alone.V[i], batch.V[2*n+i])
				}
			}
		})
	}
}

// TestWorkersIdentical: splitting the trials between goroutines changes no
// bit of V or eta (the ring uses the blocked product on a 4-trial block plus
// a remainder, so uneven splits exercise both paths).
func TestWorkersIdentical(t *testing.T) {
	p := paperParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	for name, net := range map[string]*Network{
		"two-pop":    TwoPop(paperParams),
		"ring":       Ring(p, RingConfig{M: 10, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)}),
		"ring-chol":  Ring(paperParams, RingConfig{M: 7, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: 0.01}),
		"dense-ring": ringDense(p),
	} {
		t.Run(name, func(t *testing.T) {
			run := func(workers int) *Sim {
				r := make([]*rand.Rand, 11)
				for i := range r {
					r[i] = rand.New(rand.NewPCG(5, uint64(i)))
				}
				return settledSim(net, r, workers, 300)
			}
			ref := run(1)
			for _, w := range []int{2, 3, 11, 50} {
				got := run(w)
				for i := range ref.V {
					if got.V[i] != ref.V[i] || got.Eta[i] != ref.Eta[i] {
						t.Fatalf("workers %d, entry %d: V %v eta %v, want %v, %v (workers 1), identical",
							w, i, got.V[i], got.Eta[i], ref.V[i], ref.Eta[i])
					}
				}
				if got.T != ref.T {
					t.Fatalf("workers %d: T = %v, want %v", w, got.T, ref.T)
				}
			}
		})
	}
}

// ringDense is the ring model with its Kronecker operators expanded to dense
// matrices (the Dense operator's blocked product).
func ringDense(p Params) *Network {
	net := Ring(p, RingConfig{M: 9, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)})
	net.W = NewDense(ToDense(net.W))
	net.NoiseFactor = NewDense(ToDense(net.NoiseFactor))
	return net
}

// TestMulABT checks the blocked batch product against the definition
// dst[t,i] = Σ_k src[t,k] a[i,k] for block-size remainders in both loops.
func TestMulABT(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ rows, ar, ac int }{{1, 1, 1}, {4, 2, 3}, {5, 3, 7}, {9, 50, 50}, {3, 5, 2}, {7, 4, 0}, {8, 7, 11}, {200, 50, 50}} {
		t.Run("", func(t *testing.T) {
			lds, ldd, lda := tc.ac+2, tc.ar+1, tc.ac+3
			src := make([]float64, tc.rows*lds)
			a := make([]float64, tc.ar*lda)
			for i := range src {
				src[i] = rng.NormFloat64()
			}
			for i := range a {
				a[i] = rng.NormFloat64()
			}
			dst := make([]float64, tc.rows*ldd)
			for i := range dst {
				dst[i] = 99 // padding must survive
			}
			mulABT(dst, ldd, src, lds, a, lda, tc.ar, tc.ac, tc.rows)
			for r := 0; r < tc.rows; r++ {
				for i := 0; i < ldd; i++ {
					want := 99.0
					if i < tc.ar {
						want = 0
						for k := 0; k < tc.ac; k++ {
							want += src[r*lds+k] * a[i*lda+k]
						}
					}
					got := dst[r*ldd+i]
					if math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
						t.Fatalf("%+v: dst[%d,%d] = %v, want %v ± 1e-12", tc, r, i, got, want)
					}
					// Bit-identical to the reference summation order, whichever
					// kernel computed it (what makes Workers invisible).
					if i < tc.ar {
						if ref := dotEO(src[r*lds:r*lds+tc.ac], a[i*lda:i*lda+tc.ac]); got != ref {
							t.Fatalf("%+v: dst[%d,%d] = %v, want %v (dotEO) exactly", tc, r, i, got, ref)
						}
					}
				}
			}
		})
	}
}

func TestPSDFactor(t *testing.T) {
	b := RingKernel(50, math.Pi/3)
	f := PSDFactor(b)
	var got mat.Dense
	got.Mul(f, f.T())
	if !mat.EqualApprox(&got, b, 1e-12) {
		t.Errorf("F F^T differs from B")
	}
}

// TestCovariancePath: at constant input the Lyapunov ODE stays at the
// stationary solution; after the 2 -> 15 mV step the std of V_E is halfway
// down after about 14 ms (spec).
func TestCovariancePath(t *testing.T) {
	net := TwoPop(paperParams)
	v2, _ := net.FixedPoint([]float64{2, 2}, nil)
	v15, _ := net.FixedPoint([]float64{15, 15}, nil)
	p2, _ := net.StationaryCov(v2)
	p15, _ := net.StationaryCov(v15)
	const dt = 1e-5
	constH := func(h float64) func(float64, []float64) {
		return func(_ float64, dst []float64) { dst[0], dst[1] = h, h }
	}
	var last float64
	net.CovariancePath(constH(2), v2, p2, dt, 5000, func(_ int, _ []float64, p *mat.Dense) { last = p.At(0, 0) })
	near(t, "stationary var", last, p2.At(0, 0), 1e-9)
	mid := (math.Sqrt(p2.At(0, 0)) + math.Sqrt(p15.At(0, 0))) / 2
	t50 := math.NaN()
	net.CovariancePath(constH(15), v2, p2, dt, 30000, func(k int, _ []float64, p *mat.Dense) {
		if math.IsNaN(t50) && math.Sqrt(p.At(0, 0)) <= mid {
			t50 = float64(k+1) * dt * 1000
		}
	})
	near(t, "t50 (ms)", t50, 14, 1)
	near(t, "final std", math.Sqrt(last), math.Sqrt(p2.At(0, 0)), 1e-6)
}

// TestBounded: a runaway network (w_EE = 5) leaves the bound, and Bounded
// reports it rather than letting NaN through.
func TestBounded(t *testing.T) {
	p := paperParams
	p.WEE = 5
	net := TwoPop(p)
	s := NewSim(net, []*rand.Rand{rand.New(rand.NewPCG(1, 1))})
	s.H[0], s.H[1] = 2, 2
	s.SetV([]float64{2, 2})
	for k := 0; k < 20000; k++ {
		s.Step(1e-4)
		if ok, unit := s.Bounded(1e3); !ok {
			if unit != 0 {
				t.Errorf("got unit %d, want 0 (E runs away first)", unit)
			}
			return
		}
	}
	t.Errorf("w_EE = 5 stayed bounded for 2 s, want divergence")
}

// TestStationaryCovBlock: the block solution equals the direct 2N×2N one.
func TestStationaryCovBlock(t *testing.T) {
	p := paperParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	for name, tc := range map[string]struct {
		net *Network
		h   []float64
	}{
		"two-pop": {TwoPop(paperParams), []float64{2, 2}},
		"ring":    {Ring(p, RingConfig{M: 6, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)}), RingInput(6, 2, 20, 1, math.Pi, math.Pi/3)},
	} {
		t.Run(name, func(t *testing.T) {
			v, err := tc.net.FixedPoint(tc.h, nil)
			if err != nil {
				t.Fatal(err)
			}
			a, d := tc.net.Linearize(v)
			want, err := Lyapunov(a, d)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tc.net.stationaryCovBlock(v)
			if err != nil {
				t.Fatal(err)
			}
			if !mat.EqualApprox(got, want, 1e-10*mat.Norm(want, math.Inf(1))) {
				t.Errorf("block and direct covariances differ")
			}
		})
	}
}

// TwoPopParams holds the spec's two-population constants exactly
// (ssn-variability spec, "Defaults" and "Two-population model": authors'
// code generic_prms.ml, converted to s), and each call returns a fresh
// value. TestFixedPointAndLinearStd checks the network they build against
// the paper's fixed points and linear-theory stds.
func TestTwoPopParams(t *testing.T) {
	p := TwoPopParams()
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"tau_E (s)", p.TauE, 0.020},
		{"tau_I (s)", p.TauI, 0.010},
		{"tau_eta (s)", p.TauEta, 0.050},
		{"k (Hz/mV^n)", p.K, 0.3},
		{"n", p.Power, 2},
		{"w_EE (mV s)", p.WEE, 1.25},
		{"w_EI (mV s)", p.WEI, -0.65},
		{"w_IE (mV s)", p.WIE, 1.2},
		{"w_II (mV s)", p.WII, -0.5},
		{"sigma_E (mV)", p.SigmaE, 0.2},
		{"sigma_I (mV)", p.SigmaI, 0.1},
		{"rho", p.Rho, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v exactly", c.got, c.want)
			}
		})
	}
	p.WEE = 9
	if q := TwoPopParams(); q.WEE != 1.25 {
		t.Errorf("w_EE after a caller's change: got %v, want 1.25", q.WEE)
	}
}

// TestFixedPointStartLength: a start v0 of the wrong length used to be
// copied partially (the rest left at 0) without a word; it now panics like
// a wrong-length h.
func TestFixedPointStartLength(t *testing.T) {
	net := TwoPop(TwoPopParams())
	defer func() {
		if recover() == nil {
			t.Fatal("FixedPoint with a 1-element v0 for 2 units did not panic")
		}
	}()
	net.FixedPoint([]float64{2, 2}, []float64{1})
}
