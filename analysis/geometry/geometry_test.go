package geometry

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/linalg"
)

// rotation returns a random n×n orthogonal matrix.
func rotation(rng *rand.Rand, n int) *mat.Dense { return linalg.RandOrthonormal(rng, n, n) }

// flatGroup returns 2k rows mean ± a·q_j (j < k, q_j the columns of Q):
// an exactly flat spectrum of k equal variances along q_0..q_{k−1}.
func flatGroup(q *mat.Dense, k int, mean []float64, a float64) []float64 {
	n := len(mean)
	var x []float64
	for j := 0; j < k; j++ {
		for _, s := range []float64{a, -a} {
			for i := 0; i < n; i++ {
				x = append(x, mean[i]+s*q.At(i, j))
			}
		}
	}
	return x
}

func TestParticipationRatio(t *testing.T) {
	for _, c := range []struct {
		v    []float64
		want float64
	}{{[]float64{1, 1, 1, 1}, 4}, {[]float64{1, 0, 0}, 1}, {[]float64{0.5, 0.25, 0.25}, 1 / (0.25 + 0.0625 + 0.0625)}} {
		if got := ParticipationRatio(c.v); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("PR(%v): got %v, want %v ± 1e-12", c.v, got, c.want)
		}
	}
}

// Closed form: a flat spectrum over k directions has D = k and its
// variational space captures all variance.
func TestFlatSpectrumDimension(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 12
	q := rotation(rng, n)
	mean := make([]float64, n)
	for i := range mean {
		mean[i] = rng.NormFloat64()
	}
	for _, k := range []int{1, 3, 7} {
		t.Run(string(rune('0'+k)), func(t *testing.T) {
			p, err := Fit(flatGroup(q, k, mean, 1.5), 2*k, n)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(p.D-float64(k)) > 1e-9 || p.K() != k || math.Abs(p.Captured()-1) > 1e-9 {
				t.Errorf("got D = %v, ⌈D⌉ = %d, captured %v; want %d, %d, 1", p.D, p.K(), p.Captured(), k, k)
			}
			for i, w := range p.Dirs[:k] {
				var dot float64
				for j := range w {
					dot += w[j] * mean[j]
				}
				if dot < 0 {
					t.Errorf("PC %d: mean projects negatively (%v)", i, dot)
				}
			}
		})
	}
}

// Closed form (§4.2): for drift in a uniformly random direction,
// E[γ] = ⌈D⌉/n.
func TestRandomDriftRatio(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n, k, draws = 20, 4, 20000
	q := rotation(rng, n)
	p, err := Fit(flatGroup(q, k, make([]float64, n), 1), 2*k, n)
	if err != nil {
		t.Fatal(err)
	}
	var mean float64
	d := make([]float64, n)
	for i := 0; i < draws; i++ {
		for j := range d {
			d[j] = rng.NormFloat64()
		}
		mean += DriftRatio(p, d, p.K()) / draws
	}
	// γ ~ Beta(k/2, (n−k)/2): sd = sqrt(k(n−k)/(n²(n/2+1)))/… ≈ 0.085; SE over 20000 ≈ 6e-4.
	if want := float64(k) / n; math.Abs(mean-want) > 3e-3 {
		t.Errorf("mean γ for random drift: got %v, want %v ± 3e-3", mean, want)
	}
	// Drift inside the variational space gives γ = 1, orthogonal to it 0.
	mat.Col(d, 1, q)
	if g := DriftRatio(p, d, p.K()); math.Abs(g-1) > 1e-12 {
		t.Errorf("drift along PC: got γ = %v, want 1", g)
	}
	mat.Col(d, k+2, q)
	if g := DriftRatio(p, d, p.K()); g > 1e-12 {
		t.Errorf("drift orthogonal: got γ = %v, want 0", g)
	}
}

// Closed form (Eq 10): two 6-d spaces sharing a 3-d subspace give Γ = 0.5,
// symmetric; identical spaces give 1 and orthogonal ones 0.
func TestSymmetricOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 15
	q := rotation(rng, n)
	mean := make([]float64, n)
	a, _ := Fit(flatGroup(q, 6, mean, 1), 12, n)
	// b spans q_3..q_8: shares q_3, q_4, q_5 with a.
	shift := mat.NewDense(n, n, nil)
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			shift.Set(i, j, q.At(i, (j+3)%n))
		}
	}
	b, _ := Fit(flatGroup(shift, 6, mean, 1), 12, n)
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			shift.Set(i, j, q.At(i, (j+6)%n))
		}
	}
	c, _ := Fit(flatGroup(shift, 6, mean, 1), 12, n)
	for _, tc := range []struct {
		name string
		x, y *PCA
		want float64
	}{{"half", a, b, 0.5}, {"half-swapped", b, a, 0.5}, {"same", a, a, 1}, {"orthogonal", a, c, 0}} {
		if got := Overlap(tc.x, tc.y); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: got Γ = %v, want %v ± 1e-9", tc.name, got, tc.want)
		}
	}
}

func TestAngleAndFit(t *testing.T) {
	if got := Angle([]float64{1, 0}, []float64{1, 1}); math.Abs(got-45) > 1e-12 {
		t.Errorf("angle: got %v, want 45", got)
	}
	if got := Angle([]float64{1, 0}, []float64{-1, 0}); math.Abs(got-180) > 1e-12 {
		t.Errorf("angle: got %v, want 180", got)
	}
	f := Fit1([]float64{0, 1, 2, 3}, []float64{1, 3, 5, 7})
	if math.Abs(f.Slope-2) > 1e-12 || math.Abs(f.Intercept-1) > 1e-12 || math.Abs(f.R-1) > 1e-12 {
		t.Errorf("fit: got %+v, want slope 2, intercept 1, r 1", f)
	}
}

// plantedTensor: two labels separated along q_{n−2}, S sessions; each group
// has a 3-d structure (variances 4, 2.56, 1) plus isotropic noise; the mean drifts by step·u per
// session, with u inside the variational space (inside = true) or
// orthogonal to it.
func plantedTensor(rng *rand.Rand, S, T, n int, inside bool) (Tensor, []int) {
	q := rotation(rng, n)
	x := Tensor{Sessions: S, Trials: T, Cells: n, Data: make([]float64, S*T*n)}
	labels := make([]int, T)
	u := make([]float64, n)
	col := 1
	if !inside {
		col = n - 1
	}
	mat.Col(u, col, q)
	for s := 0; s < S; s++ {
		for t := 0; t < T; t++ {
			l := t % 2
			labels[t] = l
			v := x.At(s, t)
			z := make([]float64, 3)
			for j := range z {
				z[j] = []float64{2, 1.6, 1}[j] * rng.NormFloat64() // variances 4, 2.56, 1: D ≈ 2.4
			}
			for i := range v {
				v[i] = 2*float64(2*l-1)*q.At(i, n-2) + 0.1*rng.NormFloat64() + 2*float64(s)*u[i]
				for j := range z {
					v[i] += z[j] * q.At(i, j)
				}
			}
		}
	}
	return x, labels
}

func TestAnalyzePlanted(t *testing.T) {
	for _, c := range []struct {
		name   string
		inside bool
		lo, hi float64
	}{{"inside", true, 0.9, 1}, {"orthogonal", false, 0, 0.1}} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			x, labels := plantedTensor(rng, 3, 400, 10, c.inside)
			r, err := Analyze(context.Background(), x, labels, Options{SVC: true, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if r.Gamma < c.lo || r.Gamma > c.hi {
				t.Errorf("γ: got %v, want in [%v, %v]", r.Gamma, c.lo, c.hi)
			}
			if math.Abs(r.D-2.4) > 0.3 {
				t.Errorf("D: got %v, want 2.4 ± 0.3", r.D)
			}
			if len(r.Pairs) != 2 || r.WithinAcc < 0.9 {
				t.Errorf("SVC: got %d pairs, within accuracy %v; want 2, ≥ 0.9", len(r.Pairs), r.WithinAcc)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := Tensor{Sessions: 2, Trials: 4, Cells: 3, Data: make([]float64, 24)}
	nan := Tensor{Sessions: 2, Trials: 4, Cells: 3, Data: make([]float64, 24)}
	nan.Data[13] = math.NaN()
	for _, c := range []struct {
		name   string
		x      Tensor
		labels []int
		opt    Options
		want   string
	}{
		{"one-session", Tensor{Sessions: 1, Trials: 4, Cells: 3, Data: make([]float64, 12)}, []int{0, 0, 1, 1}, Options{}, "session"},
		{"nan", nan, []int{0, 0, 1, 1}, Options{}, "NaN"},
		{"labels", ok, []int{0, 1}, Options{}, "labels"},
		{"singleton", ok, []int{0, 0, 0, 1}, Options{}, "at least 2"},
		{"trials<cells", ok, []int{0, 0, 1, 1}, Options{MinTrialsPerCell: 1}, "fewer trials than cells"},
		{"svc-one-label", ok, []int{0, 0, 0, 0}, Options{SVC: true}, "two stimulus labels"},
		{"negative-lag", ok, []int{0, 0, 1, 1}, Options{Lag: -1}, "Options.Lag = -1: want ≥ 0 (0 means 1)"},
		{"negative-stride", ok, []int{0, 0, 1, 1}, Options{Stride: -2}, "Options.Stride = -2: want ≥ 0 (0 means 1)"},
		{"negative-folds", ok, []int{0, 0, 1, 1}, Options{SVC: true, Folds: -1}, "Options.Folds = -1: want 0 (meaning 10) or ≥ 2"},
		{"one-fold", ok, []int{0, 0, 1, 1}, Options{SVC: true, Folds: 1}, "Options.Folds = 1"},
		{"nan-min-trials", ok, []int{0, 0, 1, 1}, Options{MinTrialsPerCell: math.NaN()}, "MinTrialsPerCell = NaN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Validate(c.x, c.labels, c.opt)
			if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got error %v, want one containing %q", err, c.want)
			}
		})
	}
	if err := Validate(ok, []int{0, 0, 1, 1}, Options{}); err != nil {
		t.Errorf("valid input: got %v", err)
	}
}

// Identical trials whose mean is not representable (0.1·3/3 ≠ 0.1) still
// have no variance: Fit reports the documented input error instead of a
// PCA of rounding residue.
func TestFitIdenticalTrialsNotRepresentable(t *testing.T) {
	x := []float64{0.1, 0.7, 0.1, 0.7, 0.1, 0.7}
	p, err := Fit(x, 3, 2)
	if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "zero variance") {
		t.Fatalf("Fit(identical trials) = %v, %v; want a zero-variance input error", p, err)
	}
}
