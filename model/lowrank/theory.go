package lowrank

import (
	"fmt"
	"math"
	"math/cmplx"
	"sort"

	"gonum.org/v1/gonum/mat"

	"neurolab/internal/linalg"
)

// varianceFactor returns Var(J_ij)/P_ij² for a Bernoulli(1-s) mask: s/(1-s)
// in the rescaled form, s(1-s) in the un-rescaled form.
func varianceFactor(s float64, form Form) float64 {
	if form == Rescaled {
		return s / (1 - s)
	}
	return s * (1 - s)
}

// Overlap stores the R×R overlap matrix Nᵀ M / N in dst (spec, "Spectrum").
func Overlap(dst *mat.Dense, m, n *mat.Dense) {
	r, _ := m.Dims()
	dst.Mul(n.T(), m)
	dst.Scale(1/float64(r), dst)
}

// Outliers returns the predicted outlier eigenvalues of the sparsified
// matrix: the eigenvalues of the overlap matrix Nᵀ M / N, times (1-s) in the
// un-rescaled form (E[J] = (1-s) P). For rank one this is λ0 = nᵀm/N.
func Outliers(m, n *mat.Dense, s float64, form Form) ([]complex128, error) {
	_, R := m.Dims()
	var ov mat.Dense
	Overlap(&ov, m, n)
	if form == Unrescaled {
		ov.Scale(1-s, &ov)
	}
	vals, err := linalg.Eigenvalues(make([]complex128, R), &ov)
	if err != nil {
		return nil, fmt.Errorf("lowrank: outliers: %w", err)
	}
	return vals, nil
}

// BulkRadius returns the predicted radius r = sqrt(ρ(V)) of the eigenvalue
// bulk of the sparsified matrix, where V_ij = Var(J_ij) = f P_ij² with
// f = s/(1-s) (rescaled) or s(1-s) (un-rescaled) (variance-profile circular
// law; spec, "Spectrum"). Writing P_ij² = Σ_{r,q} m_ir m_iq n_jr n_jq / N²
// gives V = f A Bᵀ / N² with A_{i,(rq)} = m_ir m_iq and B_{j,(rq)} =
// n_jr n_jq, so ρ(V) = f ρ(Bᵀ A) / N², an R²×R² eigenvalue problem.
func BulkRadius(m, n *mat.Dense, s float64, form Form) (float64, error) {
	N, R := m.Dims()
	a := mat.NewDense(N, R*R, nil)
	b := mat.NewDense(N, R*R, nil)
	for i := 0; i < N; i++ {
		for r := 0; r < R; r++ {
			for q := 0; q < R; q++ {
				a.Set(i, r*R+q, m.At(i, r)*m.At(i, q))
				b.Set(i, r*R+q, n.At(i, r)*n.At(i, q))
			}
		}
	}
	var bta mat.Dense
	bta.Mul(b.T(), a)
	vals, err := linalg.Eigenvalues(nil, &bta)
	if err != nil {
		return 0, fmt.Errorf("lowrank: bulk radius: %w", err)
	}
	rho := 0.0
	for _, v := range vals {
		rho = math.Max(rho, cmplx.Abs(v))
	}
	nf := float64(N)
	return math.Sqrt(varianceFactor(s, form) * rho / (nf * nf)), nil
}

// BulkRadiusRankOne is the rank-one closed form of BulkRadius:
// r² = f (1/N) mean_i(m_i² n_i²), f = s/(1-s) (rescaled) or s(1-s)
// (un-rescaled) (spec, "Spectrum").
func BulkRadiusRankOne(m, n []float64, s float64, form Form) float64 {
	if len(m) != len(n) {
		panic("lowrank: length mismatch")
	}
	sum := 0.0
	for i := range m {
		sum += m[i] * m[i] * n[i] * n[i]
	}
	N := float64(len(m))
	return math.Sqrt(varianceFactor(s, form) * sum / (N * N))
}

// SplitOutliers sorts vals in place by decreasing modulus (ties by real then
// imaginary part, so the order is deterministic) and returns the R largest
// as the outliers and the modulus of the next one as the measured bulk edge
// (0 if there is none).
func SplitOutliers(vals []complex128, R int) (outliers []complex128, edge float64) {
	sort.Slice(vals, func(i, j int) bool {
		ai, aj := cmplx.Abs(vals[i]), cmplx.Abs(vals[j])
		if ai != aj {
			return ai > aj
		}
		if real(vals[i]) != real(vals[j]) {
			return real(vals[i]) > real(vals[j])
		}
		return imag(vals[i]) > imag(vals[j])
	})
	if R < len(vals) {
		edge = cmplx.Abs(vals[R])
	}
	return vals[:R], edge
}

// Kappa returns the positive root of the rank-one mean-field equation
// κ = (1/N) Σ_i n_i tanh(κ m_i) (Mastrogiuseppe & Ostojic 2018, eq. for the
// fixed point x* = κ m), found by bisection to machine precision, and
// whether a bracket was found. A non-zero root is guaranteed when the
// overlap nᵀm/N exceeds 1 (the right-hand side grows faster than κ at 0 and
// is bounded); it is unique when n ∝ m. ok is false when no sign change was
// found (for example nᵀm/N <= 1 with n ∝ m: only κ = 0).
func Kappa(m, n []float64) (kappa float64, ok bool) {
	if len(m) != len(n) {
		panic("lowrank: length mismatch")
	}
	N := float64(len(m))
	g := func(k float64) float64 {
		s := 0.0
		for i := range m {
			s += n[i] * math.Tanh(k*m[i])
		}
		return s/N - k
	}
	hi := 1.0
	for i := range n {
		hi += math.Abs(n[i]) / N // |(1/N) Σ n tanh| < hi, so g(hi) < 0
	}
	return bisectPositive(g, hi)
}

// KappaGaussian returns the positive root of κ = λ0 E[z tanh(κ z)],
// z ~ N(0,1): the large-N limit of Kappa for m ~ N(0,1) and n = λ0 m. The
// expectation is a composite Simpson rule on z ∈ [-12, 12] (4000
// intervals), accurate to ~1e-12. It returns 0 for λ0 <= 1.
func KappaGaussian(lambda0 float64) float64 {
	const L, K = 12.0, 4000
	h := 2 * L / K
	g := func(k float64) float64 {
		s := 0.0
		for i := 0; i <= K; i++ {
			z := -L + float64(i)*h
			w := 2.0
			switch {
			case i == 0 || i == K:
				w = 1
			case i%2 == 1:
				w = 4
			}
			s += w * z * math.Tanh(k*z) * math.Exp(-z*z/2)
		}
		return lambda0*s*h/3/math.Sqrt(2*math.Pi) - k
	}
	k, ok := bisectPositive(g, math.Abs(lambda0)*1.0+1)
	if !ok {
		return 0
	}
	return k
}

// bisectPositive finds a root of g on (0, hi] given g(hi) < 0, by halving
// from hi until g > 0 and then bisecting.
func bisectPositive(g func(float64) float64, hi float64) (float64, bool) {
	lo := hi
	for i := 0; ; i++ {
		lo /= 2
		if g(lo) > 0 {
			break
		}
		if i == 60 {
			return 0, false
		}
	}
	hi = 2 * lo
	for i := 0; i < 200 && hi-lo > 1e-15*hi; i++ {
		mid := (lo + hi) / 2
		if g(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, true
}
