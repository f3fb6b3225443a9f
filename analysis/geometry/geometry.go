package geometry

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// PCA is the principal-component analysis of one stimulus group.
//
// It holds r = Rank() PCs: all n when the group has more trials than cells
// (m − 1 ≥ n), else only those with variance, at most m − 1 (see Fit).
// Var, Ratio and Dirs all have r entries, index i for PC i.
type PCA struct {
	N     int       // cells
	Mean  []float64 // group mean x̄ (n)
	Var   []float64 // variance along each PC, descending (r values)
	Ratio []float64 // explained-variance ratios v_i = Var_i/ΣVar (r values)
	// Dirs holds the PCs as rows (r of them, n values each): Dirs[i] is
	// w_i (unit norm), signed so that x̄·w_i ≥ 0.
	Dirs [][]float64
	D    float64 // participation ratio (Eq 1)
}

// Rank returns r, the number of PCs in Dirs (and values in Var and Ratio).
func (p *PCA) Rank() int { return len(p.Dirs) }

// K returns ⌈D⌉, the dimension of the variational space (at least 1, at
// most Rank(): D ≤ r, since the participation ratio of r values is at most
// r).
func (p *PCA) K() int { return min(max(int(math.Ceil(p.D-1e-9)), 1), len(p.Dirs)) }

// Captured returns the fraction of variance in the variational space, Σ_{i≤⌈D⌉} v_i.
func (p *PCA) Captured() float64 { return floats.Sum(p.Ratio[:p.K()]) }

// ParticipationRatio returns (Σv)²/Σv² (Eq 1); 0 if every v is 0.
func ParticipationRatio(v []float64) float64 {
	var s, s2 float64
	for _, x := range v {
		s += x
		s2 += x * x
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}

// Fit returns the PCA of the m rows of x (m × n, row-major). It returns
// an error wrapping experiment.ErrInput if len(x) ≠ m·n, n < 1, m < 2, a
// value is not finite or the group has no variance.
//
// With more trials than cells (m − 1 ≥ n) it eigen-decomposes the n × n
// sample covariance C = X_cᵀX_c/(m−1) (X_c the centred rows) and keeps all
// n PCs, those of zero variance included (Var clamped at 0).
//
// With fewer (m − 1 < n), C has rank at most m − 1: Fit decomposes the
// m × m Gram matrix G = X_cX_cᵀ/(m−1) instead, whose positive eigenvalues
// λ_1 ≥ λ_2 ≥ … (eigenvectors u_i) are C's nonzero ones, with PCs
// w_i = X_cᵀu_i/‖X_cᵀu_i‖ (O(m²n + m³) work instead of O(mn² + n³); each
// w_i is also orthogonalised against w_1 … w_{i−1} before normalising,
// modified Gram–Schmidt, a correction at rounding level except for PCs of
// very small variance). It keeps the leading eigenpairs i = 1, 2, … while
//
//	i ≤ m − 1, λ_i > max(m, n)·ε·λ_1 and ‖w_i‖ > 0 before normalising,
//
// ε = 2⁻⁵² (the rank tolerance of NumPy's matrix_rank for a symmetric
// matrix: eigenvalues below it are rounding residue of G, ~ε·λ_1, with
// arbitrary directions), and stops at the first that fails; the PCs left
// out carry no variance. So r = Rank() ≤ m − 1, and r < m − 1 only for a
// group whose centred trials span fewer dimensions (duplicated or
// collinear trials). Var_i = λ_i; the ratios are taken over the r values.
func Fit(x []float64, m, n int) (*PCA, error) {
	if n < 1 {
		return nil, experiment.Inputf("geometry: %d cells, need at least 1", n)
	}
	if m < 2 {
		return nil, experiment.Inputf("geometry: %d trials in a group, need at least 2", m)
	}
	if len(x) != m*n {
		return nil, experiment.Inputf("geometry: %d values for %d×%d, want %d", len(x), m, n, m*n)
	}
	mean := make([]float64, n)
	for r := 0; r < m; r++ {
		for j, v := range x[r*n : (r+1)*n] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, experiment.Inputf("geometry: response %d of cell %d is %v, must be finite", r, j, v)
			}
			mean[j] += v
		}
	}
	// All trials identical: no variance. Tested on the values, since the
	// covariance of identical rows is not 0 when their mean is rounded.
	identical := true
	for r := 1; r < m && identical; r++ {
		identical = floats.Equal(x[r*n:(r+1)*n], x[:n])
	}
	if identical {
		return nil, experiment.Inputf("geometry: group has zero variance (all %d trials identical)", m)
	}
	// The PCA is scale-equivariant: extreme magnitudes, whose squares
	// overflow or underflow, are brought near 1 by a power of two (exact),
	// and the mean and variances scaled back at the end.
	f := num.Pow2Scale(x)
	if f != 1 {
		for j := range mean {
			mean[j] = 0
		}
		xs := make([]float64, len(x))
		for i, v := range x {
			xs[i] = v * f
			mean[i%n] += xs[i]
		}
		x = xs
	}
	// It is shift-invariant too: a cell whose responses differ only far
	// below their magnitude (a large offset, or none: a constant cell) is
	// centred on its first response first, exactly (Sterbenz: every
	// response lies within a factor 1 + 2⁻²⁰ of it), so that the rounding
	// error of its mean does not enter the covariance (offset 1e15 on a
	// spread of a few units moved D by 0.05); the shift is added back to
	// the mean.
	shift := narrowShifts(x, m, n)
	if shift != nil {
		x = slices.Clone(x)
		for j, c := range shift {
			if c == 0 {
				continue
			}
			mean[j] = 0
			for r := 0; r < m; r++ {
				x[r*n+j] -= c
				mean[j] += x[r*n+j]
			}
		}
	}
	floats.Scale(1/float64(m), mean)
	xc := mat.NewDense(m, n, nil)
	for r := 0; r < m; r++ {
		for j := 0; j < n; j++ {
			xc.Set(r, j, x[r*n+j]-mean[j])
		}
	}
	for j, c := range shift {
		mean[j] += c
	}
	var vars []float64
	var dirs [][]float64
	var err error
	if m-1 >= n {
		vars, dirs, err = covPCs(xc)
	} else {
		vars, dirs, err = gramPCs(xc)
	}
	if err != nil {
		return nil, err
	}
	r := len(dirs)
	p := &PCA{N: n, Mean: mean, Var: vars, Ratio: make([]float64, r), Dirs: dirs}
	total := 0.0
	for i, w := range dirs {
		total += p.Var[i]
		if floats.Dot(w, mean) < 0 {
			floats.Scale(-1, w)
		}
	}
	if total == 0 {
		return nil, experiment.Inputf("geometry: group has zero variance (all %d trials identical)", m)
	}
	for i := range p.Var {
		p.Ratio[i] = p.Var[i] / total
	}
	p.D = ParticipationRatio(p.Ratio)
	if f != 1 {
		for i := range p.Var {
			p.Var[i] = p.Var[i] / f / f // ±Inf or 0 if not representable
		}
		floats.Scale(1/f, p.Mean)
	}
	return p, nil
}

// covPCs returns the variances (clamped at 0) and PCs of the centred
// m × n rows xc from the n × n sample covariance: all n, descending.
func covPCs(xc *mat.Dense) ([]float64, [][]float64, error) {
	m, n := xc.Dims()
	cov := mat.NewSymDense(n, nil)
	cov.SymOuterK(1/float64(m-1), xc.T())
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, nil, fmt.Errorf("geometry: eigendecomposition failed")
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	vars, dirs := make([]float64, n), make([][]float64, n)
	for i := 0; i < n; i++ {
		k := n - 1 - i // EigenSym returns ascending values
		vars[i] = max(vals[k], 0)
		w := make([]float64, n)
		mat.Col(w, k, &vecs)
		dirs[i] = w
	}
	return vars, dirs, nil
}

// gramPCs returns the variances and PCs of the centred m × n rows xc
// (m − 1 < n) from the m × m Gram matrix G = xc xcᵀ/(m−1): the leading
// eigenpairs with λ_i > max(m, n)·ε·λ_1 and a nonzero PC, at most m − 1,
// descending (Fit states the rule); none if λ_1 ≤ 0.
func gramPCs(xc *mat.Dense) ([]float64, [][]float64, error) {
	m, n := xc.Dims()
	g := mat.NewSymDense(m, nil)
	g.SymOuterK(1/float64(m-1), xc)
	var eig mat.EigenSym
	if !eig.Factorize(g, true) {
		return nil, nil, fmt.Errorf("geometry: eigendecomposition failed")
	}
	vals := eig.Values(nil) // ascending
	tol := float64(max(m, n)) * 0x1p-52 * vals[m-1]
	r := 0
	for r < min(m-1, n) && vals[m-1-r] > tol {
		r++
	}
	if r == 0 {
		return nil, nil, nil
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	// Ut holds the top r eigenvectors as rows, descending; W = Ut xc holds
	// xcᵀu_i as rows.
	ut := mat.NewDense(r, m, nil)
	for i := 0; i < r; i++ {
		for t := 0; t < m; t++ {
			ut.Set(i, t, vecs.At(t, m-1-i))
		}
	}
	w := mat.NewDense(r, n, nil)
	w.Mul(ut, xc)
	vars, dirs := make([]float64, 0, r), make([][]float64, 0, r)
	for i := 0; i < r; i++ {
		wi := w.RawRowView(i)
		// Modified Gram–Schmidt against the earlier PCs: xcᵀu_i·xcᵀu_j is
		// (m−1)·u_iᵀG u_j, rounding residue of order ε·λ_1 instead of 0,
		// so that w_i·w_j ~ ε·λ_1/√(λ_iλ_j) before it: 5e-5 for a PC of
		// variance ratio 1e-14, at rounding level for PCs well above that.
		for _, wj := range dirs {
			floats.AddScaled(wi, -floats.Dot(wi, wj), wj)
		}
		nw := floats.Norm(wi, 2)
		if !(nw > 0) {
			break
		}
		floats.Scale(1/nw, wi)
		vars = append(vars, vals[m-1-i])
		dirs = append(dirs, wi)
	}
	return vars, dirs, nil
}

// Angle returns θ(x, y) = (180/π)·arccos(x·y/‖x‖‖y‖) in degrees (Eq 6); 90 if
// either vector is zero.
func Angle(x, y []float64) float64 {
	nx, ny := floats.Norm(x, 2), floats.Norm(y, 2)
	if nx == 0 || ny == 0 {
		return 90
	}
	c := floats.Dot(x, y) / (nx * ny)
	return 180 / math.Pi * math.Acos(max(-1, min(1, c)))
}

// Drift returns d = later − earlier.
func Drift(earlier, later []float64) []float64 {
	d := make([]float64, len(earlier))
	floats.SubTo(d, later, earlier)
	return d
}

// DriftRatio returns γ = ‖P d‖²/‖d‖² with P the projector onto the first k
// PCs of p (Eq 9; k = p.K() gives the variational space). Zero drift gives 0.
func DriftRatio(p *PCA, d []float64, k int) float64 {
	dd := floats.Dot(d, d)
	if dd == 0 {
		return 0
	}
	var s float64
	for i := 0; i < k; i++ {
		c := floats.Dot(d, p.Dirs[i])
		s += c * c
	}
	return s / dd
}

// Overlap returns Γ = (1/min(K, K′)) Σ_{I≤K} Σ_{J≤K′} (w_I·w′_J)² (Eq 10)
// between the variational spaces of a and b: symmetric, in [0, 1].
func Overlap(a, b *PCA) float64 {
	ka, kb := a.K(), b.K()
	var s float64
	for i := 0; i < ka; i++ {
		for j := 0; j < kb; j++ {
			c := floats.Dot(a.Dirs[i], b.Dirs[j])
			s += c * c
		}
	}
	return s / float64(min(ka, kb))
}

// PerPC returns, for each PC w_i of p (p.Rank() of them), |d·w_i|/‖d‖ and
// θ(d, w_i) in degrees.
func PerPC(p *PCA, d []float64) (frac, angle []float64) {
	frac, angle = make([]float64, len(p.Dirs)), make([]float64, len(p.Dirs))
	nd := floats.Norm(d, 2)
	for i, w := range p.Dirs {
		if nd > 0 {
			frac[i] = math.Abs(floats.Dot(d, w)) / nd
		}
		angle[i] = Angle(d, w)
	}
	return frac, angle
}

// VarianceAlong returns the sample variance of the m rows of x (m × n) along
// the unit vector w.
func VarianceAlong(x []float64, m, n int, w []float64) float64 {
	// Cells with a large offset are projected shifted exactly (as in Fit):
	// the projections of the unshifted responses would round their spread
	// away.
	return varianceAlong(x, m, n, w, narrowShifts(x, m, n))
}

// variancesAlong returns VarianceAlong(x, m, n, w) for every w in dirs,
// finding the shifted cells once (not once per direction: with n
// directions, an m·n scan of the group each, as costly as the projections
// themselves).
func variancesAlong(x []float64, m, n int, dirs [][]float64) []float64 {
	shift := narrowShifts(x, m, n)
	out := make([]float64, len(dirs))
	for i, w := range dirs {
		out[i] = varianceAlong(x, m, n, w, shift)
	}
	return out
}

// varianceAlong is VarianceAlong with the cells' shifts given (nil: none).
func varianceAlong(x []float64, m, n int, w, shift []float64) float64 {
	proj := make([]float64, m)
	var d []float64
	if shift != nil {
		d = make([]float64, n)
	}
	for r := 0; r < m; r++ {
		if shift != nil {
			floats.SubTo(d, x[r*n:(r+1)*n], shift)
			proj[r] = floats.Dot(d, w)
			continue
		}
		proj[r] = floats.Dot(x[r*n:(r+1)*n], w)
	}
	mu := floats.Sum(proj) / float64(m)
	var s float64
	for _, v := range proj {
		s += (v - mu) * (v - mu)
	}
	return s / float64(m-1)
}

// LinFit is an ordinary least-squares line y = Intercept + Slope·x with the
// Pearson correlation R (Eq 13).
type LinFit struct{ Slope, Intercept, R float64 }

// Fit1 fits y against x by least squares. R is 0 when x or y is constant.
func Fit1(x, y []float64) LinFit {
	// Extreme magnitudes are fitted on copies scaled by powers of two (exact).
	if fx, fy := num.Pow2Scale(x), num.Pow2Scale(y); fx != 1 || fy != 1 {
		xs, ys := make([]float64, len(x)), make([]float64, len(y))
		floats.ScaleTo(xs, fx, x)
		floats.ScaleTo(ys, fy, y)
		f := Fit1(xs, ys)
		return LinFit{Slope: f.Slope / fy * fx, Intercept: f.Intercept / fy, R: f.R}
	}
	n := float64(len(x))
	mx, my := floats.Sum(x)/n, floats.Sum(y)/n
	var sxx, syy, sxy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	if sxx == 0 {
		return LinFit{Intercept: my}
	}
	f := LinFit{Slope: sxy / sxx}
	f.Intercept = my - f.Slope*mx
	if syy > 0 {
		f.R = sxy / math.Sqrt(sxx*syy)
	}
	return f
}

// narrowShifts returns, for an m × n row-major group, each cell's first
// response where the cell's responses differ only far below their magnitude
// (range < 2⁻²⁰·max|value|, a large offset; a constant nonzero cell
// included) and 0 for every other cell; nil if no cell is narrow.
// Subtracting it is exact (Sterbenz: every response lies within a factor
// 1 + 2⁻²⁰ of it) and leaves variances unchanged, while the rounding error
// of a mean or a projection of the unshifted responses would swamp their
// spread: a constant cell's rounded mean leaves the same residue in every
// centred trial, a spurious PC of variance ~ε²·value² that outranks real
// variance below it.
func narrowShifts(x []float64, m, n int) []float64 {
	var shift []float64
	for j := 0; j < n; j++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for r := 0; r < m; r++ {
			lo, hi = math.Min(lo, x[r*n+j]), math.Max(hi, x[r*n+j])
		}
		if hi-lo < 0x1p-20*math.Max(math.Abs(lo), math.Abs(hi)) {
			if shift == nil {
				shift = make([]float64, n)
			}
			shift[j] = x[j]
		}
	}
	return shift
}
