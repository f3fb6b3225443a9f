package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// pvCorrelationRef is PVCorrelation as it was before PVMap (per-call
// allFinite/delicateColumns scans and the allocating pvDense), kept verbatim
// as the reference the prepared path must match bit for bit.
func pvCorrelationRef(a, b mat.Matrix) float64 {
	r, c := a.Dims()
	if r2, c2 := b.Dims(); r2 != r || c2 != c {
		panic("stats: PVCorrelation shape mismatch")
	}
	if da, ok := a.(*mat.Dense); ok {
		if db, ok := b.(*mat.Dense); ok && allFinite(da) && allFinite(db) && !delicateColumns(da) && !delicateColumns(db) {
			return pvDenseRef(da, db)
		}
	}
	x, y := make([]float64, r), make([]float64, r)
	cs := make([]float64, c)
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			x[i], y[i] = a.At(i, j), b.At(i, j)
		}
		cs[j] = Pearson(x, y)
	}
	return MeanNaN(cs)
}

func pvDenseRef(a, b *mat.Dense) float64 {
	r, c := a.Dims()
	if r == 0 {
		return math.NaN()
	}
	ma, mb := make([]float64, c), make([]float64, c)
	va, vb := make([]bool, c), make([]bool, c)
	a0, b0 := a.RawRowView(0), b.RawRowView(0)
	for i := 0; i < r; i++ {
		ra, rb := a.RawRowView(i), b.RawRowView(i)
		for j := 0; j < c; j++ {
			ma[j] += ra[j]
			mb[j] += rb[j]
			va[j] = va[j] || ra[j] != a0[j]
			vb[j] = vb[j] || rb[j] != b0[j]
		}
	}
	for j := range ma {
		ma[j] /= float64(r)
		mb[j] /= float64(r)
	}
	sxy, sxx, syy := make([]float64, c), make([]float64, c), make([]float64, c)
	for i := 0; i < r; i++ {
		ra, rb := a.RawRowView(i), b.RawRowView(i)
		for j := 0; j < c; j++ {
			dx, dy := ra[j]-ma[j], rb[j]-mb[j]
			sxy[j] += dx * dy
			sxx[j] += dx * dx
			syy[j] += dy * dy
		}
	}
	var s float64
	var n int
	for j := 0; j < c; j++ {
		if r < 2 || !va[j] || !vb[j] || sxx[j] == 0 || syy[j] == 0 {
			continue
		}
		if !sumsSafe(sxx[j], syy[j], sxy[j], r, ma[j], mb[j]) {
			x, y := make([]float64, r), make([]float64, r)
			for i := 0; i < r; i++ {
				x[i], y[i] = a.At(i, j), b.At(i, j)
			}
			if cj := Pearson(x, y); !math.IsNaN(cj) {
				s += cj
				n++
			}
			continue
		}
		s += math.Max(-1, math.Min(1, sxy[j]/math.Sqrt(sxx[j]*syy[j])))
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// randPVMap returns an r × c map of one of several kinds: ordinary rates,
// sparse (many zero and constant columns), NaN or ±Inf bins, magnitudes far
// out (squares overflow or underflow, some delicate for Pearson), a huge
// offset (spread lost to the mean's rounding), or a map related to base.
func randPVMap(rng *rand.Rand, r, c int, base *mat.Dense) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	kind := rng.IntN(9)
	scale := 1.0
	switch kind {
	case 3:
		scale = math.Ldexp(1, 260+rng.IntN(200)) // squares overflow; some beyond 2^400
	case 4:
		scale = math.Ldexp(1, -(260 + rng.IntN(200)))
	case 5:
		scale = 5e-324 * float64(1+rng.IntN(1000)) // subnormal
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			var v float64
			switch {
			case kind == 1 && rng.IntN(3) > 0:
				v = 0
			case kind == 8 && base != nil:
				v = base.At(i, j)*2 + rng.NormFloat64()*0.1
			default:
				v = rng.ExpFloat64()
			}
			if kind == 6 {
				v += 1e17 // spread near the mean's rounding
			}
			m.Set(i, j, v*scale)
		}
	}
	if kind == 2 {
		for k := rng.IntN(3) + 1; k > 0; k-- {
			m.Set(rng.IntN(r), rng.IntN(c), []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[rng.IntN(3)])
		}
	}
	if kind == 7 && c > 0 {
		j := rng.IntN(c) // one constant column
		for i := 0; i < r; i++ {
			m.Set(i, j, 3)
		}
	}
	return m
}

// TestPVMapBitIdentical: PVCorrelation and PVCorrelationMaps (with fresh,
// reused dirty and too-short scratch) return exactly the bits the former
// implementation returned, on random maps including NaN/Inf bins, constant
// columns, extreme and subnormal magnitudes, and non-Dense matrices.
func TestPVMapBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(91, 92))
	scratch := make([]float64, 64)
	for it := 0; it < 3000; it++ {
		r, c := 1+rng.IntN(12), 1+rng.IntN(10)
		a := randPVMap(rng, r, c, nil)
		b := randPVMap(rng, r, c, a)
		var am, bm mat.Matrix = a, b
		if rng.IntN(10) == 0 {
			am = a.T().T() // not a *mat.Dense: the generic path
		}
		want := math.Float64bits(pvCorrelationRef(am, bm))
		pa, pb := NewPVMap(am), NewPVMap(bm)
		for j := range scratch {
			scratch[j] = rng.NormFloat64() // dirty scratch
		}
		got := []float64{
			PVCorrelation(am, bm),
			PVCorrelationMaps(pa, pb, nil),
			PVCorrelationMaps(pa, pb, scratch),
			PVCorrelationMaps(pa, pb, scratch[:c/2]),
		}
		for k, g := range got {
			if math.Float64bits(g) != want {
				t.Fatalf("iter %d (%d×%d) variant %d: got %v (%#x), want %v (%#x)\na=%v\nb=%v",
					it, r, c, k, g, math.Float64bits(g), math.Float64frombits(want), want,
					mat.Formatted(a), mat.Formatted(b))
			}
		}
	}
}

func TestPVMapShapeMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic on shape mismatch")
		}
	}()
	PVCorrelationMaps(NewPVMap(mat.NewDense(2, 3, nil)), NewPVMap(mat.NewDense(3, 2, nil)), nil)
}

func benchMaps(n, r, c int) []*mat.Dense {
	rng := rand.New(rand.NewPCG(5, 6))
	maps := make([]*mat.Dense, n)
	for k := range maps {
		maps[k] = randPVMap(rng, r, c, nil)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				maps[k].Set(i, j, rng.ExpFloat64())
			}
		}
	}
	return maps
}

// BenchmarkPVCorrelation: all pairs of 40 maps of 100 cells × 40 bins, one
// call per pair (every map scanned per pair).
func BenchmarkPVCorrelation(b *testing.B) {
	maps := benchMaps(40, 100, 40)
	b.ReportAllocs()
	for b.Loop() {
		for i := range maps {
			for j := i + 1; j < len(maps); j++ {
				PVCorrelation(maps[i], maps[j])
			}
		}
	}
}

// BenchmarkPVCorrelationMaps: the same pairs, each map prepared once and
// the scratch reused.
func BenchmarkPVCorrelationMaps(b *testing.B) {
	maps := benchMaps(40, 100, 40)
	b.ReportAllocs()
	for b.Loop() {
		ps := make([]*PVMap, len(maps))
		for i, m := range maps {
			ps[i] = NewPVMap(m)
		}
		scratch := make([]float64, 40)
		for i := range ps {
			for j := i + 1; j < len(ps); j++ {
				PVCorrelationMaps(ps[i], ps[j], scratch)
			}
		}
	}
}
