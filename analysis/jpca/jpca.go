package jpca

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// Options configures Fit. The zero value uses Dims = 6, Dt = 1 (frequencies
// in cycles per bin), no soft-normalisation and cross-condition mean
// subtraction.
type Options struct {
	Dims int     // k, the number of principal components kept (even); 0 means 6
	Dt   float64 // bin width in seconds (frequencies in Hz); 0 means 1
	// SoftNorm, when Normalize is set, is the constant c of the
	// soft-normalisation x / (range(x) + c), in the data's units
	// (Churchland 2012 used 5 spikes/s on rates in spikes/s; 0 divides by
	// the range alone).
	SoftNorm  float64
	Normalize bool // soft-normalise each neuron by its range across conditions and times (step 1)
	// KeepMean disables the cross-condition mean subtraction.
	KeepMean bool
	// Progress, if not nil, is called with the fraction of the work done,
	// in [0, 1], a few times (after the principal-component step, which
	// dominates for many neurons, and at the end). It is called from the
	// calling goroutine.
	Progress func(frac float64)
}

// Plane is one jPC plane: an orthonormal pair (U1, U2) in which the
// skew-symmetric dynamics rotate counter-clockwise (U1 → U2).
type Plane struct {
	Omega  float64      // angular velocity ω (rad/s with Dt in s)
	Freq   float64      // ω / 2π (Hz with Dt in s)
	InPC   [2][]float64 // U1, U2 in PC coordinates (length k)
	Neural [2][]float64 // U1, U2 in neuron coordinates (length N)
	// Proj[c] is condition c's trajectory in the plane: T×2.
	Proj []*mat.Dense
	// R2 is the fraction of Σ‖dX‖² the skew fit captures within this plane.
	R2 float64
}

// Result is the outcome of Fit.
type Result struct {
	K          int          // k, the number of PCs kept (Options.Dims)
	Scale      []float64    // per-neuron soft-normalisation factor 1/(range + c) (1 without Normalize; +Inf or 0 where it is beyond float64, the data still normalised)
	PCs        *mat.Dense   // N×k principal axes (columns)
	VarExpl    []float64    // fraction of variance of each kept PC
	Mbest      *mat.Dense   // k×k least-squares dynamics
	Mskew      *mat.Dense   // k×k skew-symmetric least-squares dynamics
	R2Best     float64      // R² of dX ≈ M_best X (package documentation, step 4)
	R2Skew     float64      // R² of dX ≈ M_skew X; at most R2Best
	Planes     []Plane      // the jPC planes by decreasing |ω| (k/2 unless M_skew has zero eigenvalues)
	Reduced    []*mat.Dense // per condition, T×k data in PC coordinates
	Conditions int          // number of conditions
	Times      int          // time bins per condition, T
}

// Ratio returns R2Skew / R2Best (0 when R2Best ≤ 0).
func (r *Result) Ratio() float64 {
	if r.R2Best <= 0 {
		return 0
	}
	return r.R2Skew / r.R2Best
}

// ErrInput wraps every error about malformed data or options. It wraps
// experiment.ErrInput, so errors.Is(err, experiment.ErrInput) holds for
// those errors too (the convention of the analysis packages).
var ErrInput = fmt.Errorf("jpca: %w", experiment.ErrInput)

func inputErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInput, fmt.Sprintf(format, a...))
}

// Fit runs jPCA on data: one T×N matrix (time bins × neurons) per
// condition. It returns an error wrapping ErrInput for malformed data: fewer
// than 2 conditions, a nil condition, fewer than 3 time bins, unequal shapes, non-finite
// values, k odd or larger than N or than the number of samples.
func Fit(data []*mat.Dense, opt Options) (*Result, error) {
	k := opt.Dims
	if k == 0 {
		k = 6
	}
	dt := opt.Dt
	if dt == 0 {
		dt = 1
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, inputErr("bin width %v must be positive", opt.Dt)
	}
	if len(data) < 2 {
		return nil, inputErr("need at least 2 conditions, got %d", len(data))
	}
	for c, X := range data {
		if X == nil {
			return nil, inputErr("condition %d is nil (want a T×N matrix, time bins × neurons)", c)
		}
	}
	T, N := data[0].Dims()
	if T < 3 {
		return nil, inputErr("need at least 3 time bins, got %d", T)
	}
	if k < 2 || k%2 != 0 {
		return nil, inputErr("dims = %d (Options.Dims; 0 means 6) must be even and ≥ 2", k)
	}
	if k > N {
		return nil, inputErr("dims = %d (Options.Dims; 0 means 6) exceeds the number of neurons %d: want an even number in 2..%d", k, N, N-N%2)
	}
	C := len(data)
	if k > C*T {
		return nil, inputErr("dims = %d (Options.Dims; 0 means 6) exceeds the number of samples %d (conditions × time bins)", k, C*T)
	}
	for c, X := range data {
		if r, n := X.Dims(); r != T || n != N {
			return nil, inputErr("condition %d is %d×%d, condition 0 is %d×%d", c, r, n, T, N)
		}
		for t := 0; t < T; t++ {
			for n, v := range X.RawRowView(t) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, inputErr("condition %d contains a non-finite value (%g at time bin %d, neuron %d)", c, v, t, n)
				}
			}
		}
	}
	if opt.Normalize && (!(opt.SoftNorm >= 0) || math.IsInf(opt.SoftNorm, 1)) {
		return nil, inputErr("soft-normalisation constant %v must be finite and ≥ 0", opt.SoftNorm)
	}
	// 1. Soft-normalise.
	scale := make([]float64, N)
	wide := make([][2]float64, N) // {pw, range·pw + c·pw} where 1/(range + c) is out of range
	for n := 0; n < N; n++ {
		scale[n] = 1
		if !opt.Normalize {
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, X := range data {
			for t := 0; t < T; t++ {
				v := X.At(t, n)
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		den := hi - lo + opt.SoftNorm
		if den > 0 {
			scale[n] = 1 / den
		}
		if math.IsInf(scale[n], 0) || math.IsInf(den, 0) {
			// The range overflows (values near ±MaxFloat64) or its
			// inverse does (subnormal ranges): normalise this neuron in
			// units scaled by the power of two pw (exact), dividing
			// instead of multiplying by the factor, which may itself be
			// out of range (Scale then reports it as +Inf or 0).
			pw := num.Pow2Scale([]float64{lo, hi, opt.SoftNorm})
			den = hi*pw - lo*pw + opt.SoftNorm*pw
			if den > 0 {
				scale[n], wide[n] = pw/den, [2]float64{pw, den}
			}
		}
	}
	// 2. Cross-condition mean subtraction; stack into (C·T)×N. The
	// subtraction removes any constant per neuron: a neuron whose values
	// differ only far below their magnitude (range < 2⁻²⁰·max|value|, a
	// large offset) is shifted by its first value first, exactly
	// (Sterbenz), so that the rounding error of the condition means does
	// not swamp its spread (offset 1e15: R² of the skew fit 0.738 for
	// 0.750 with the shift). Without the subtraction (KeepMean) the offset
	// is part of the result and the values are used as given.
	shift := make([]float64, N)
	if !opt.KeepMean {
		for n := 0; n < N; n++ {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, X := range data {
				for t := 0; t < T; t++ {
					v := X.At(t, n)
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
			if lo != hi && hi-lo < 0x1p-20*math.Max(math.Abs(lo), math.Abs(hi)) {
				shift[n] = data[0].At(0, n)
			}
		}
	}
	S := mat.NewDense(C*T, N, nil)
	for c, X := range data {
		for t := 0; t < T; t++ {
			row := S.RawRowView(c*T + t)
			for n := 0; n < N; n++ {
				v := X.At(t, n)
				if shift[n] != 0 {
					v -= shift[n]
				}
				if w := wide[n]; w[1] != 0 {
					row[n] = v * w[0] / w[1]
					continue
				}
				row[n] = v * scale[n]
			}
		}
	}
	// Every result but the reduced data (and the projections) is
	// scale-invariant: data of extreme magnitude, whose squares overflow or
	// underflow, are fitted scaled by a power of two (exact; 1 for ordinary
	// data), and the reduced data scaled back.
	f := num.Pow2Scale(S.RawMatrix().Data)
	if f != 1 {
		S.Scale(f, S)
	}
	if !opt.KeepMean {
		mean := make([]float64, N)
		same := make([]bool, N)
		for t := 0; t < T; t++ {
			for i := range mean {
				mean[i], same[i] = 0, true
			}
			first := S.RawRowView(t)
			for c := 0; c < C; c++ {
				for n, v := range S.RawRowView(c*T + t) {
					mean[n] += v / float64(C)
					same[n] = same[n] && v == first[n]
				}
			}
			for c := 0; c < C; c++ {
				row := S.RawRowView(c*T + t)
				for n := range row {
					if same[n] {
						// Equal in every condition: the residual is 0,
						// not the rounding error of the mean.
						row[n] = 0
						continue
					}
					row[n] -= mean[n]
				}
			}
		}
	}
	// 3. PCA (of the uncentred, mean-subtracted data, as the overall mean
	// is already removed by step 2).
	report(opt.Progress, 0.05)
	pcs, varExpl, err := pca(S, k, opt.Progress)
	if err != nil {
		return nil, err
	}
	res := &Result{K: k, Scale: scale, PCs: pcs, VarExpl: varExpl, Conditions: C, Times: T}
	var red mat.Dense
	red.Mul(S, res.PCs)
	res.Reduced = make([]*mat.Dense, C)
	for c := 0; c < C; c++ {
		res.Reduced[c] = mat.DenseCopyOf(red.Slice(c*T, (c+1)*T, 0, k))
	}
	// 4. Midpoint regression. Time is measured in units of dt·g, with g
	// the power of two that brings an extreme bin width near 1 (1 for
	// ordinary widths), so that dX neither overflows nor underflows; the
	// dynamics are scaled back by g (exact) at the end.
	g := num.Pow2Scale([]float64{dt})
	dt *= g
	nS := C * (T - 1)
	Xm := mat.NewDense(nS, k, nil)
	dX := mat.NewDense(nS, k, nil)
	for c := 0; c < C; c++ {
		R := res.Reduced[c]
		for t := 0; t+1 < T; t++ {
			r := c*(T-1) + t
			for j := 0; j < k; j++ {
				a, b := R.At(t, j), R.At(t+1, j)
				Xm.Set(r, j, 0.5*(a+b))
				dX.Set(r, j, (b-a)/dt)
			}
		}
	}
	var Sxx mat.SymDense
	Sxx.SymOuterK(1, Xm.T())
	var Sxd mat.Dense // Σ x dxᵀ (k×k)
	Sxd.Mul(Xm.T(), dX)
	ssTot := 0.0
	for _, v := range dX.RawMatrix().Data {
		ssTot += v * v
	}
	var ch mat.Cholesky
	if !ch.Factorize(&Sxx) {
		return nil, inputErr("reduced data are rank-deficient (fewer than %d independent dimensions)", k)
	}
	var Mt mat.Dense
	if err := ch.SolveTo(&Mt, &Sxd); err != nil {
		// gonum reports an ill-conditioned covariance (mat.Condition): the
		// data have fewer well-determined dimensions than Dims.
		return nil, fmt.Errorf("%w: reduced data are nearly rank-deficient (%w): fewer than %d well-determined dimensions; use a smaller Dims", ErrInput, err, k)
	}
	res.Mbest = mat.DenseCopyOf(Mt.T())
	res.R2Best = 1 - sse(Xm, dX, res.Mbest)/ssTot
	// Skew-symmetric fit: M = Σ_p h_p H_p, H_p = e_i e_jᵀ − e_j e_iᵀ (i<j).
	// Normal equations G h = b with G_pq = tr(H_pᵀ H_q Sxx), b_p = tr(H_pᵀ Sdx),
	// Sdx = Σ dx xᵀ.
	type pair struct{ i, j int }
	var ps []pair
	for i := 0; i < k; i++ {
		for j := i + 1; j < k; j++ {
			ps = append(ps, pair{i, j})
		}
	}
	np := len(ps)
	G := mat.NewSymDense(np, nil)
	bv := mat.NewVecDense(np, nil)
	// (H_p x)_a = δ_ai x_j − δ_aj x_i, so Σ_x (H_p x)·(H_q x) and Σ (H_p x)·dx
	// follow from Sxx and Sxd entrywise.
	sxx := func(a, b int) float64 { return Sxx.At(a, b) }
	for p, P := range ps {
		// b_p = Σ dx_i x_j − dx_j x_i.
		bv.SetVec(p, Sxd.At(P.j, P.i)-Sxd.At(P.i, P.j))
		for q := p; q < np; q++ {
			Q := ps[q]
			v := 0.0
			// Σ_a (δ_{a,Pi} x_Pj − δ_{a,Pj} x_Pi)(δ_{a,Qi} x_Qj − δ_{a,Qj} x_Qi)
			if P.i == Q.i {
				v += sxx(P.j, Q.j)
			}
			if P.i == Q.j {
				v -= sxx(P.j, Q.i)
			}
			if P.j == Q.i {
				v -= sxx(P.i, Q.j)
			}
			if P.j == Q.j {
				v += sxx(P.i, Q.i)
			}
			G.SetSym(p, q, v)
		}
	}
	var gch mat.Cholesky
	if !gch.Factorize(G) {
		return nil, inputErr("skew-symmetric regression is singular")
	}
	var h mat.VecDense
	if err := gch.SolveVecTo(&h, bv); err != nil {
		return nil, fmt.Errorf("%w: skew-symmetric regression is nearly singular (%w); use a smaller Dims", ErrInput, err)
	}
	res.Mskew = mat.NewDense(k, k, nil)
	for p, P := range ps {
		res.Mskew.Set(P.i, P.j, h.AtVec(p))
		res.Mskew.Set(P.j, P.i, -h.AtVec(p))
	}
	res.R2Skew = 1 - sse(Xm, dX, res.Mskew)/ssTot
	// 5. jPC planes.
	planes, err := planesOf(res.Mskew)
	if err != nil {
		return nil, err
	}
	if f != 1 {
		for _, R := range res.Reduced {
			R.Scale(1/f, R)
		}
	}
	if g != 1 {
		for i := range planes {
			planes[i].Omega *= g
			planes[i].Freq *= g
		}
	}
	for i := range planes {
		pl := &planes[i]
		for a := 0; a < 2; a++ {
			pl.Neural[a] = make([]float64, N)
			for n := 0; n < N; n++ {
				s := 0.0
				for j := 0; j < k; j++ {
					s += res.PCs.At(n, j) * pl.InPC[a][j]
				}
				pl.Neural[a][n] = s
			}
		}
		proj := make([]*mat.Dense, C)
		U := mat.NewDense(k, 2, nil)
		for j := 0; j < k; j++ {
			U.Set(j, 0, pl.InPC[0][j])
			U.Set(j, 1, pl.InPC[1][j])
		}
		for c := 0; c < C; c++ {
			proj[c] = &mat.Dense{}
			proj[c].Mul(res.Reduced[c], U)
		}
		pl.Proj = proj
		// Within-plane skew fit: M_plane = U Uᵀ M_skew U Uᵀ.
		var UUt, Mp mat.Dense
		UUt.Mul(U, U.T())
		Mp.Mul(&UUt, res.Mskew)
		Mp.Mul(&Mp, &UUt)
		pl.R2 = 1 - sse(Xm, dX, &Mp)/ssTot
	}
	res.Planes = planes
	if g != 1 {
		res.Mbest.Scale(g, res.Mbest)
		res.Mskew.Scale(g, res.Mskew)
	}
	report(opt.Progress, 1)
	return res, nil
}

// sse returns Σ_rows ‖dx − M x‖².
func sse(X, dX *mat.Dense, M *mat.Dense) float64 {
	var pred mat.Dense
	pred.Mul(X, M.T())
	s := 0.0
	pd, dd := pred.RawMatrix().Data, dX.RawMatrix().Data
	for i := range pd {
		e := dd[i] - pd[i]
		s += e * e
	}
	return s
}

// planesOf returns the rotation planes of the skew-symmetric M, ordered by
// decreasing |ω|. For the eigenpair M v = iω v, v = a + ib, M a = −ω b and
// M b = ω a; with U1 = a/|a|, U2 = −b/|b| the flow rotates U1 → U2 at ω > 0.
func planesOf(M *mat.Dense) ([]Plane, error) {
	k, _ := M.Dims()
	var eig mat.Eigen
	if !eig.Factorize(M, mat.EigenRight) {
		return nil, errors.New("jpca: eigen-decomposition of M_skew failed")
	}
	vals := eig.Values(nil)
	var V mat.CDense
	eig.VectorsTo(&V)
	type cand struct {
		omega float64
		col   int
	}
	var cs []cand
	for i, l := range vals {
		if imag(l) > 0 {
			cs = append(cs, cand{imag(l), i})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].omega > cs[b].omega })
	var out []Plane
	for _, c := range cs {
		a := make([]float64, k)
		b := make([]float64, k)
		for j := 0; j < k; j++ {
			v := V.At(j, c.col)
			a[j], b[j] = real(v), imag(v)
		}
		// Project out the planes already found: for a repeated ±iω the
		// eigensolver's eigenvectors need not be orthogonal, and the real
		// projection of v off the earlier (invariant) planes is again an
		// eigenvector of iω, so the planes come out mutually orthogonal.
		// For distinct frequencies the projections are at rounding level.
		for _, pl := range out {
			for _, u := range pl.InPC {
				da, db := dot(a, u), dot(b, u)
				for j := range a {
					a[j] -= da * u[j]
					b[j] -= db * u[j]
				}
			}
		}
		// Orthonormalise (a ⟂ b and |a| = |b| for normal M up to rounding;
		// Gram–Schmidt guards against a degenerate eigenvector basis).
		na := norm(a)
		if na == 0 {
			continue
		}
		for j := range a {
			a[j] /= na
		}
		d := dot(a, b)
		for j := range b {
			b[j] = -(b[j] - d*a[j])
		}
		nb := norm(b)
		if nb == 0 {
			continue
		}
		for j := range b {
			b[j] /= nb
		}
		out = append(out, Plane{Omega: c.omega, Freq: c.omega / (2 * math.Pi), InPC: [2][]float64{a, b}})
	}
	return out, nil
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }
