package stats

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// PVMap holds one cells × bins matrix together with the facts about it that
// PVCorrelation needs and that do not depend on the other matrix: whether
// the dense fast path applies (dense, finite, no delicate column), and then
// each column's mean, whether it holds two different values, and its centred
// sum of squares. Correlating one map with many others (a trials × trials PV
// matrix) then scans each map once instead of once per pair; the results are
// bit for bit those of PVCorrelation (the same operations in the same order).
// A PVMap is read-only after NewPVMap and safe for concurrent use; it keeps
// a reference to the matrix, which must not change afterwards.
type PVMap struct {
	m    mat.Matrix
	d    *mat.Dense // non-nil iff the dense fast path applies
	r, c int
	mean []float64 // column means (fast path only)
	ss   []float64 // column centred sums of squares (fast path only)
	vary []bool    // column holds two different values (fast path only)
}

// NewPVMap prepares m for PVCorrelationMaps.
func NewPVMap(m mat.Matrix) *PVMap {
	r, c := m.Dims()
	p := &PVMap{m: m, r: r, c: c}
	d, ok := m.(*mat.Dense)
	if !ok || !allFinite(d) || delicateColumns(d) {
		return p
	}
	p.d = d
	if r == 0 {
		return p
	}
	p.mean, p.ss, p.vary = make([]float64, c), make([]float64, c), make([]bool, c)
	// The per-column sums of pvDense, each accumulated row by row.
	r0 := d.RawRowView(0)
	for i := 0; i < r; i++ {
		ri := d.RawRowView(i)
		for j := 0; j < c; j++ {
			p.mean[j] += ri[j]
			p.vary[j] = p.vary[j] || ri[j] != r0[j]
		}
	}
	for j := range p.mean {
		p.mean[j] /= float64(r)
	}
	for i := 0; i < r; i++ {
		ri := d.RawRowView(i)
		for j := 0; j < c; j++ {
			dx := ri[j] - p.mean[j]
			p.ss[j] += dx * dx
		}
	}
	return p
}

// Dims returns the shape of the prepared matrix.
func (p *PVMap) Dims() (r, c int) { return p.r, p.c }

// PVCorrelationMaps is PVCorrelation(a's matrix, b's matrix), bit for bit,
// using the per-map facts prepared by NewPVMap. scratch, if it holds at
// least as many values as there are bins, is used as working space (its
// contents are overwritten), so that a caller correlating many pairs
// allocates nothing per pair; otherwise working space is allocated. It
// panics if the shapes differ.
func PVCorrelationMaps(a, b *PVMap, scratch []float64) float64 {
	if a.r != b.r || a.c != b.c {
		panic("stats: PVCorrelation shape mismatch")
	}
	if a.d == nil || b.d == nil {
		return pvGeneric(a.m, b.m)
	}
	return pvPrepared(a, b, scratch)
}

// pvGeneric is PVCorrelation's per-column Pearson path.
func pvGeneric(a, b mat.Matrix) float64 {
	r, c := a.Dims()
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

// pvPrepared is PVCorrelation for two maps on the dense fast path: the
// column means, constancy flags and sums of squares come prepared, the cross
// sums are accumulated row by row (the same two-pass formula as Pearson).
func pvPrepared(a, b *PVMap, scratch []float64) float64 {
	r, c := a.r, a.c
	if r == 0 {
		return math.NaN()
	}
	sxy := scratch
	if len(sxy) < c {
		sxy = make([]float64, c)
	}
	sxy = sxy[:c]
	for j := range sxy {
		sxy[j] = 0
	}
	ma, mb := a.mean, b.mean
	for i := 0; i < r; i++ {
		ra, rb := a.d.RawRowView(i)[:c], b.d.RawRowView(i)[:c]
		for j := 0; j < c; j++ {
			dx, dy := ra[j]-ma[j], rb[j]-mb[j]
			sxy[j] += dx * dy
		}
	}
	sxx, syy := a.ss, b.ss
	var s float64
	var n int
	for j := 0; j < c; j++ {
		if r < 2 || !a.vary[j] || !b.vary[j] || sxx[j] == 0 || syy[j] == 0 {
			continue
		}
		if !sumsSafe(sxx[j], syy[j], sxy[j], r, ma[j], mb[j]) {
			// Squares that overflow or underflow (column magnitudes
			// beyond ~2^±256, inside delicateColumns' 2^±400: the
			// product of the sums gave r = 0 or ±1) or a spread lost to
			// the mean's rounding: Pearson's exact rescaled path.
			x, y := make([]float64, r), make([]float64, r)
			for i := 0; i < r; i++ {
				x[i], y[i] = a.d.At(i, j), b.d.At(i, j)
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
