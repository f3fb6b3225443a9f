package jpca

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/deadline"
)

// Extreme but valid inputs: each case runs under a timeout so that a hang
// fails fast, and must return a correct result or an input error.

func fitExtreme(t *testing.T, data []*mat.Dense, o Options) (r *Result, err error) {
	t.Helper()
	deadline.Run(t, 5*time.Second, "Fit", func() { r, err = Fit(data, o) })
	return r, err
}

func scaleData(data []*mat.Dense, s float64) []*mat.Dense {
	out := make([]*mat.Dense, len(data))
	for c, X := range data {
		out[c] = mat.DenseCopyOf(X)
		out[c].Scale(s, out[c])
	}
	return out
}

func closeTo(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// compareFits checks the scale-invariant parts of two fits: variance
// fractions, PCs, dynamics, R² and plane frequencies (times dtRatio), and
// the reduced data (times redRatio).
func compareFits(t *testing.T, name string, got, want *Result, dynRatio, redRatio float64) {
	t.Helper()
	const tol = 1e-8
	for j := range want.VarExpl {
		if !closeTo(got.VarExpl[j], want.VarExpl[j], tol) {
			t.Errorf("%s: VarExpl[%d] = %v, want %v", name, j, got.VarExpl[j], want.VarExpl[j])
		}
	}
	for i, v := range want.PCs.RawMatrix().Data {
		if g := got.PCs.RawMatrix().Data[i]; !closeTo(g, v, tol) {
			t.Errorf("%s: PCs[%d] = %v, want %v", name, i, g, v)
		}
	}
	for i, v := range want.Mskew.RawMatrix().Data {
		if g := got.Mskew.RawMatrix().Data[i] / dynRatio; !closeTo(g, v, tol) {
			t.Errorf("%s: Mskew[%d]/ratio = %v, want %v", name, i, g, v)
		}
	}
	if !closeTo(got.R2Best, want.R2Best, tol) || !closeTo(got.R2Skew, want.R2Skew, tol) {
		t.Errorf("%s: R² %v %v, want %v %v", name, got.R2Best, got.R2Skew, want.R2Best, want.R2Skew)
	}
	if len(got.Planes) != len(want.Planes) {
		t.Fatalf("%s: %d planes, want %d", name, len(got.Planes), len(want.Planes))
	}
	for i := range want.Planes {
		if g := got.Planes[i].Omega / dynRatio; !closeTo(g, want.Planes[i].Omega, tol) {
			t.Errorf("%s: plane %d ω/ratio = %v, want %v", name, i, g, want.Planes[i].Omega)
		}
		if !closeTo(got.Planes[i].R2, want.Planes[i].R2, tol) {
			t.Errorf("%s: plane %d R² = %v, want %v", name, i, got.Planes[i].R2, want.Planes[i].R2)
		}
	}
	for c := range want.Reduced {
		for i, v := range want.Reduced[c].RawMatrix().Data {
			if g := got.Reduced[c].RawMatrix().Data[i] / redRatio; !closeTo(g, v, tol) {
				t.Errorf("%s: Reduced[%d][%d]/ratio = %v, want %v", name, c, i, g, v)
				break
			}
		}
	}
}

// Scaling the data scales the reduced data and leaves everything else
// unchanged (with Normalize and SoftNorm = 0 the reduced data too), also
// when squares overflow or underflow.
func TestExtremeScale(t *testing.T) {
	data := metaData(1)
	for _, o := range []Options{{Dims: 4, Dt: 0.02}, {Dims: 4, Dt: 0.02, Normalize: true}} {
		want, err := fitExtreme(t, data, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []float64{1e-300, 1e-170, 1e150, 1e300} {
			got, err := fitExtreme(t, scaleData(data, s), o)
			if err != nil {
				t.Fatalf("×%g: %v", s, err)
			}
			red := s
			if o.Normalize {
				red = 1
			}
			compareFits(t, "scaled", got, want, 1, red)
			if t.Failed() {
				t.Fatalf("×%g, %+v", s, o)
			}
		}
	}
}

// The bin width only rescales time: M and ω scale by 1/Dt, R² and the PCs
// do not change, also for extreme widths.
func TestExtremeDt(t *testing.T) {
	data := metaData(2)
	want, err := fitExtreme(t, data, Options{Dims: 4, Dt: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, dt := range []float64{1e-300, 1e-160, 1e160, 1e300} {
		got, err := fitExtreme(t, data, Options{Dims: 4, Dt: dt})
		if err != nil {
			t.Fatalf("Dt %g: %v", dt, err)
		}
		compareFits(t, "dt", got, want, 1/dt, 1)
		if t.Failed() {
			t.Fatalf("Dt %g", dt)
		}
	}
}

// Constant, all-zero and condition-independent data have no variance after
// the cross-condition mean subtraction: an input error.
func TestExtremeConstant(t *testing.T) {
	for _, c := range []float64{0, 1, 1e300, 5e-324} {
		data := make([]*mat.Dense, 3)
		for i := range data {
			data[i] = mat.NewDense(4, 2, nil)
			for j := range data[i].RawMatrix().Data {
				data[i].RawMatrix().Data[j] = c
			}
		}
		if _, err := fitExtreme(t, data, Options{Dims: 2}); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("constant %g: err = %v, want an input error", c, err)
		}
	}
	// Identical conditions.
	one := metaData(3)[0]
	data := []*mat.Dense{one, one, one}
	if _, err := fitExtreme(t, data, Options{Dims: 2}); !errors.Is(err, experiment.ErrInput) {
		t.Errorf("identical conditions: err = %v, want an input error", err)
	}
}

// One nonzero entry: rank 1 after mean subtraction, so Dims = 2 cannot be
// fitted: an input error, not a result.
func TestExtremeOneNonzero(t *testing.T) {
	for _, v := range []float64{1, 1e-310, 1e300} {
		data := []*mat.Dense{mat.NewDense(3, 2, nil), mat.NewDense(3, 2, nil)}
		data[0].Set(1, 0, v)
		if _, err := fitExtreme(t, data, Options{Dims: 2}); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%g: err = %v, want an input error", v, err)
		}
	}
}

// Minimum and very unequal shapes.
func TestExtremeShapes(t *testing.T) {
	full := metaData(4) // 7 conditions × 18 bins × 10 neurons
	// 2 conditions × 3 bins: 6 samples, 3 independent after mean subtraction.
	small := []*mat.Dense{mat.DenseCopyOf(full[0].Slice(0, 3, 0, 2)), mat.DenseCopyOf(full[1].Slice(0, 3, 0, 2))}
	if _, err := fitExtreme(t, small, Options{Dims: 2}); err != nil && !errors.Is(err, experiment.ErrInput) {
		t.Errorf("2×3×2: %v", err)
	}
	// Many neurons, few samples: 300 neurons, 2 conditions × 3 bins.
	wide := []*mat.Dense{mat.NewDense(3, 300, nil), mat.NewDense(3, 300, nil)}
	for c, X := range wide {
		for i := range X.RawMatrix().Data {
			X.RawMatrix().Data[i] = math.Sin(float64(i*(c+2)) * 0.37)
		}
	}
	if _, err := fitExtreme(t, wide, Options{Dims: 2}); err != nil && !errors.Is(err, experiment.ErrInput) {
		t.Errorf("wide: %v", err)
	}
	// Long conditions: 2 × 20000 bins × 2 neurons, a pure rotation.
	long := make([]*mat.Dense, 2)
	for c := range long {
		long[c] = mat.NewDense(20000, 2, nil)
		for t0 := 0; t0 < 20000; t0++ {
			ph := 0.01*float64(t0) + float64(c)
			long[c].Set(t0, 0, math.Cos(ph)*float64(2*c-1))
			long[c].Set(t0, 1, math.Sin(ph)*float64(2*c-1))
		}
	}
	r, err := fitExtreme(t, long, Options{Dims: 2})
	if err != nil {
		t.Fatalf("long: %v", err)
	}
	if len(r.Planes) != 1 || !closeTo(math.Abs(r.Planes[0].Omega), 0.01, 1e-3) {
		t.Errorf("long: planes %d, ω %v, want 0.01", len(r.Planes), r.Planes)
	}
}

// NaN and ±Inf are refused with an input error.
func TestExtremeNonFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		data := metaData(5)
		data[2].Set(3, 4, v)
		if _, err := fitExtreme(t, data, Options{Dims: 4}); !errors.Is(err, experiment.ErrInput) {
			t.Errorf("%v: err = %v, want an input error", v, err)
		}
	}
	// A soft-normalisation constant of +Inf zeroed every neuron and was
	// reported as "data have no variance": it is an input error naming c.
	for _, c := range []float64{math.Inf(1), math.NaN(), -1} {
		_, err := fitExtreme(t, metaData(5), Options{Dims: 4, Normalize: true, SoftNorm: c})
		if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "soft-normalisation constant") {
			t.Errorf("SoftNorm %v: err = %v, want an input error naming the constant", c, err)
		}
	}
}

// Soft-normalisation of data whose range overflows (values near
// ±MaxFloat64) or whose inverse range overflows (subnormal data): before,
// the factor 1/(range + c) was 0 (every neuron zeroed: "no variance") or
// +Inf (Inf·x and 0·Inf = NaN: "PCA eigen-decomposition failed"). The fit
// must equal the ordinary one, with c scaled like the data.
func TestExtremeNormalizeRange(t *testing.T) {
	data := scaleData(metaData(1), 1)
	for _, X := range data {
		for i := range X.RawMatrix().Data {
			X.RawMatrix().Data[i] -= 10 // values of both signs: the range exceeds the largest |value|
		}
	}
	for _, c := range []float64{0, 5} {
		o := Options{Dims: 4, Dt: 0.02, Normalize: true, SoftNorm: c}
		want, err := fitExtreme(t, data, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []float64{1e-310, 5e306, 0x1p64, 0x1p65} {
			oo := o
			oo.SoftNorm = c * s
			got, err := fitExtreme(t, scaleData(data, s), oo)
			if err != nil {
				t.Fatalf("SoftNorm %g, ×%g: %v", c, s, err)
			}
			compareFits(t, "normalised", got, want, 1, 1)
			if t.Failed() {
				t.Fatalf("SoftNorm %g, ×%g", c, s)
			}
		}
	}
}

// A large common offset (removed by the cross-condition mean subtraction):
// the fit must equal that of the same (already quantised) values shifted
// back exactly; the rounding error of the condition means gave R² of the
// skew fit 0.738 for 0.750 (normalised) at an offset of 1e15.
func TestExtremeOffset(t *testing.T) {
	for _, off := range []float64{1e12, 1e15, -3e15} {
		for _, o := range []Options{{Dims: 4, Dt: 0.02}, {Dims: 4, Dt: 0.02, Normalize: true, SoftNorm: 5}} {
			y, z := scaleData(metaData(1), 1), scaleData(metaData(1), 1)
			for c := range y {
				for i := range y[c].RawMatrix().Data {
					y[c].RawMatrix().Data[i] += off
					z[c].RawMatrix().Data[i] = y[c].RawMatrix().Data[i] - off // exact
				}
			}
			got, err := fitExtreme(t, y, o)
			if err != nil {
				t.Fatalf("offset %g: %v", off, err)
			}
			want, err := fitExtreme(t, z, o)
			if err != nil {
				t.Fatal(err)
			}
			compareFits(t, "offset", got, want, 1, 1)
			if t.Failed() {
				t.Fatalf("offset %g, %+v", off, o)
			}
		}
	}
}
