package stats

import (
	"math"
	"sort"
)

// MannWhitney returns the Mann–Whitney U statistic of x against y (the
// number of pairs with x > y, ties counting ½), the area under the ROC curve
// AUC = U/(n_x n_y) for x scoring above y, and the two-sided p-value from
// the normal approximation with tie correction and continuity correction
// (Mann & Whitney 1947; tie-corrected variance as in Lehmann 1975,
// Nonparametrics, ch. 1):
//
//	σ² = n_x n_y/12 · ((n+1) − Σ(t³−t)/(n(n−1))),  z = (|U − n_x n_y/2| − ½)/σ.
//
// Non-finite values are ignored. With an empty sample the results are NaN.
func MannWhitney(x, y []float64) (u, auc, p float64) {
	type obs struct {
		v   float64
		grp int
	}
	var all []obs
	for _, v := range x {
		if finite(v) {
			all = append(all, obs{v, 0})
		}
	}
	nx := len(all)
	for _, v := range y {
		if finite(v) {
			all = append(all, obs{v, 1})
		}
	}
	n := len(all)
	ny := n - nx
	if nx == 0 || ny == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].v < all[j].v })
	var rx, tie float64
	for i := 0; i < n; {
		j := i
		for j < n && all[j].v == all[i].v {
			j++
		}
		rank := float64(i+j+1) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			if all[k].grp == 0 {
				rx += rank
			}
		}
		t := float64(j - i)
		tie += t*t*t - t
		i = j
	}
	fx, fy, fn := float64(nx), float64(ny), float64(n)
	u = rx - fx*(fx+1)/2
	auc = u / (fx * fy)
	v := fx * fy / 12 * ((fn + 1) - tie/(fn*(fn-1)))
	if v <= 0 {
		return u, auc, 1
	}
	z := (math.Abs(u-fx*fy/2) - 0.5) / math.Sqrt(v)
	if z < 0 {
		z = 0
	}
	p = math.Erfc(z / math.Sqrt2)
	return u, auc, p
}

// KSUniform returns the one-sample Kolmogorov–Smirnov statistic D of x
// against U(0,1) and its asymptotic p-value with Stephens' (1970) small-sample
// correction: λ = (√n + 0.12 + 0.11/√n) D, p = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}.
func KSUniform(x []float64) (d, p float64) {
	v := append([]float64(nil), x...)
	sort.Float64s(v)
	n := float64(len(v))
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	for i, a := range v {
		f := math.Max(0, math.Min(1, a))
		d = math.Max(d, math.Max(float64(i+1)/n-f, f-float64(i)/n))
	}
	sn := math.Sqrt(n)
	lam := (sn + 0.12 + 0.11/sn) * d
	return d, kolmogorovQ(lam)
}

// kolmogorovQ is the survival function of the Kolmogorov distribution.
func kolmogorovQ(lam float64) float64 {
	if lam < 0.2 {
		return 1
	}
	var s float64
	sign := 1.0
	for k := 1; k <= 100; k++ {
		t := sign * math.Exp(-2*float64(k*k)*lam*lam)
		s += t
		if math.Abs(t) < 1e-16 {
			break
		}
		sign = -sign
	}
	return math.Max(0, math.Min(1, 2*s))
}

// Percentile returns the mid-rank percentile of v within sample s (Tlaie et
// al. 2024, with ties split): (#{s < v} + ½ #{s = v}) / len(s). NaN values of
// s are excluded; it returns NaN if v is NaN or s has no finite value.
func Percentile(v float64, s []float64) float64 {
	if !finite(v) {
		return math.NaN()
	}
	var lt, eq, n float64
	for _, a := range s {
		if !finite(a) {
			continue
		}
		n++
		switch {
		case a < v:
			lt++
		case a == v:
			eq++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return (lt + eq/2) / n
}
