package cluster

import (
	"math"

	"neurolab/analysis/stats"
)

// Merge is one step of an agglomerative clustering: clusters A and B (ids:
// 0..n−1 are the items, n+s the cluster made at step s) joined at Height.
type Merge struct {
	A, B   int
	Height float64
}

// AverageLinkage clusters n items with the n × n distance matrix d
// (row-major) by UPGMA: repeatedly join the two clusters with the least mean
// pairwise distance, d(A∪B, C) = (|A| d(A,C) + |B| d(B,C)) / (|A|+|B|)
// (Sokal & Michener 1958). Ties go to the pair with the smallest indices, so
// the result is deterministic. It returns the n−1 merges in order. It panics
// if len(d) ≠ n·n.
func AverageLinkage(d []float64, n int) []Merge {
	if len(d) != n*n {
		panic("cluster: AverageLinkage shape mismatch")
	}
	D := append([]float64(nil), d...)
	id := make([]int, n)
	size := make([]int, n)
	alive := make([]bool, n)
	for i := range id {
		id[i], size[i], alive[i] = i, 1, true
	}
	merges := make([]Merge, 0, max(n-1, 0))
	for s := 0; s < n-1; s++ {
		bi, bj, bd := -1, -1, math.Inf(1)
		for i := 0; i < n; i++ {
			if !alive[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if alive[j] && D[i*n+j] < bd {
					bi, bj, bd = i, j, D[i*n+j]
				}
			}
		}
		if bi < 0 { // all remaining distances are NaN/Inf: join the first two
			for i := 0; i < n && bj < 0; i++ {
				if alive[i] {
					if bi < 0 {
						bi = i
					} else {
						bj = i
					}
				}
			}
		}
		merges = append(merges, Merge{A: id[bi], B: id[bj], Height: bd})
		si, sj := float64(size[bi]), float64(size[bj])
		for k := 0; k < n; k++ {
			if alive[k] && k != bi && k != bj {
				v := (si*D[bi*n+k] + sj*D[bj*n+k]) / (si + sj)
				if math.IsInf(v, 0) && !math.IsInf(D[bi*n+k], 0) && !math.IsInf(D[bj*n+k], 0) {
					// The weighted sum of two finite distances overflowed.
					v = si/(si+sj)*D[bi*n+k] + sj/(si+sj)*D[bj*n+k]
				}
				D[bi*n+k], D[k*n+bi] = v, v
			}
		}
		alive[bj] = false
		size[bi] += size[bj]
		id[bi] = n + s
	}
	return merges
}

// Cut returns the labels of the n items when the merges are stopped with k
// clusters left. Labels are numbered 0..k−1 in order of each cluster's first
// item. It panics if k is outside 1..n.
func Cut(merges []Merge, n, k int) []int {
	if k < 1 || k > n {
		panic("cluster: Cut needs 1 <= k <= n")
	}
	parent := make([]int, 2*n-1)
	for i := range parent {
		parent[i] = i
	}
	for s := 0; s < n-k; s++ {
		m := merges[s]
		parent[m.A], parent[m.B] = n+s, n+s
	}
	root := func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	labels := make([]int, n)
	next := map[int]int{}
	for i := 0; i < n; i++ {
		r := root(i)
		l, ok := next[r]
		if !ok {
			l = len(next)
			next[r] = l
		}
		labels[i] = l
	}
	return labels
}

// SilhouetteChoice is the outcome of choosing the number of clusters.
type SilhouetteChoice struct {
	K          int       // chosen number of clusters
	Labels     []int     // labels for K
	Silhouette []float64 // mean silhouette for k = 1..maxK (index k−1; NaN for k = 1 and for k > n)
}

// ChooseK cuts an average-linkage tree of the n × n distance matrix d at
// k = 2..min(maxK, n) and returns the k of the largest mean silhouette, or
// k = 1 when that silhouette is below minSil or accept(labels) rejects the
// labels (accept may be nil). The silhouettes of k > n, which cannot be
// cut, are NaN.
func ChooseK(d []float64, n, maxK int, minSil float64, accept func(labels []int) bool) SilhouetteChoice {
	merges := AverageLinkage(d, n)
	out := SilhouetteChoice{K: 1, Labels: make([]int, n), Silhouette: make([]float64, maxK)}
	for k := range out.Silhouette {
		if k == 0 || k >= n {
			out.Silhouette[k] = math.NaN() // k = 1, and k = index+1 > n
		}
	}
	bestK, best := 1, math.Inf(-1)
	for k := 2; k <= maxK && k <= n; k++ {
		s := stats.Silhouette(d, n, Cut(merges, n, k))
		out.Silhouette[k-1] = s
		if s > best {
			bestK, best = k, s
		}
	}
	if bestK > 1 && best >= minSil {
		l := Cut(merges, n, bestK)
		if accept == nil || accept(l) {
			out.K, out.Labels = bestK, l
		}
	}
	return out
}
