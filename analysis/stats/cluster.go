package stats

import "math"

// AdjustedRand returns the adjusted Rand index of two labelings of the same
// items (Hubert & Arabie 1985, eq. 5):
//
//	ARI = (Σ_ij C(n_ij,2) − E) / (½(Σ_i C(a_i,2) + Σ_j C(b_j,2)) − E),
//	E = Σ_i C(a_i,2) Σ_j C(b_j,2) / C(n,2),
//
// with n_ij the contingency table and a, b its margins. Labels are any
// integers. Two labelings that both put every item in one cluster (or every
// item alone) give 1. It panics if the lengths differ.
func AdjustedRand(x, y []int) float64 {
	if len(x) != len(y) {
		panic("stats: AdjustedRand length mismatch")
	}
	n := len(x)
	if n < 2 {
		// No pair of items: every item alone and all in one cluster.
		return 1
	}
	type pair struct{ a, b int }
	nij := map[pair]int{}
	ai, bj := map[int]int{}, map[int]int{}
	for k := range x {
		nij[pair{x[k], y[k]}]++
		ai[x[k]]++
		bj[y[k]]++
	}
	c2 := func(m int) float64 { return float64(m) * float64(m-1) / 2 }
	var sij, sa, sb float64
	for _, v := range nij {
		sij += c2(v)
	}
	for _, v := range ai {
		sa += c2(v)
	}
	for _, v := range bj {
		sb += c2(v)
	}
	e := sa * sb / c2(n)
	den := (sa+sb)/2 - e
	if den == 0 {
		return 1
	}
	return (sij - e) / den
}

// Silhouette returns the mean silhouette width (Rousseeuw 1987) of labels
// under the n × n distance matrix d (row-major, d[i*n+j]):
// s_i = (b_i − a_i)/max(a_i, b_i), a_i the mean distance to the other members
// of i's cluster and b_i the smallest mean distance to another cluster; an
// item alone in its cluster has s_i = 0. It returns NaN with fewer than two
// clusters.
func Silhouette(d []float64, n int, labels []int) float64 {
	if len(d) != n*n || len(labels) != n {
		panic("stats: Silhouette shape mismatch")
	}
	k := 0
	for _, l := range labels {
		if l < 0 {
			panic("stats: Silhouette needs labels >= 0")
		}
		k = max(k, l+1)
	}
	size := make([]int, k)
	for _, l := range labels {
		size[l]++
	}
	nonEmpty := 0
	for _, s := range size {
		if s > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 2 {
		return math.NaN()
	}
	if m := maxFinite(d); m > 0x1p500 {
		// Sums of n such distances may overflow; s_i is scale-free.
		k := pow2Scale(m)
		ds := make([]float64, len(d))
		for i, v := range d {
			ds[i] = v * k
		}
		d = ds
	}
	sum := make([]float64, k)
	var total float64
	for i := 0; i < n; i++ {
		for c := range sum {
			sum[c] = 0
		}
		for j := 0; j < n; j++ {
			if j != i {
				sum[labels[j]] += d[i*n+j]
			}
		}
		li := labels[i]
		if size[li] < 2 {
			continue // s_i = 0
		}
		a := sum[li] / float64(size[li]-1)
		b := math.Inf(1)
		for c := 0; c < k; c++ {
			if c != li && size[c] > 0 {
				b = math.Min(b, sum[c]/float64(size[c]))
			}
		}
		if m := math.Max(a, b); m > 0 {
			total += (b - a) / m
		}
	}
	return total / float64(n)
}
