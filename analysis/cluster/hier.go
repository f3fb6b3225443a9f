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
//
// The pair searched for each merge is the first (i, j), i < j, in row-major
// order over the live clusters whose entry d[i·n+j] (upper triangle) is the
// least; NaN and +Inf entries are never chosen, and when every remaining
// entry is NaN or +Inf the first two live clusters are joined at height
// +Inf. Each live row caches its nearest neighbour (the first j > i with the
// row's least entry), and a merge rescans only the rows whose cached
// neighbour took part in it, so the typical cost is O(n²) rather than the
// O(n³) of rescanning every pair per merge; the merges, heights and order
// are exactly those of that full rescan.
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
	// nn[i] is the first live j > i with the least D[i*n+j] below +Inf
	// (−1 when there is none) and rowMin[i] that entry (+Inf when none).
	nn := make([]int, n)
	rowMin := make([]float64, n)
	scanRow := func(i int) {
		bj, bd := -1, math.Inf(1)
		row := D[i*n : i*n+n]
		for j := i + 1; j < n; j++ {
			if alive[j] && row[j] < bd {
				bj, bd = j, row[j]
			}
		}
		nn[i], rowMin[i] = bj, bd
	}
	for i := 0; i < n; i++ {
		scanRow(i)
	}
	merges := make([]Merge, 0, max(n-1, 0))
	for s := 0; s < n-1; s++ {
		// The first row holding the least entry, and its first column with
		// it, is the first pair in row-major order with the least entry.
		bi, bj, bd := -1, -1, math.Inf(1)
		for i := 0; i < n; i++ {
			if alive[i] && rowMin[i] < bd {
				bi, bj, bd = i, nn[i], rowMin[i]
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
		// Update the cached neighbours. Rows k > bi search no changed entry
		// but lose column bj; rows k < bi also see the new D[k*n+bi]; row bi
		// is rescanned.
		for k := 0; k < n; k++ {
			if !alive[k] || k == bi {
				continue
			}
			if nn[k] == bj || nn[k] == bi {
				scanRow(k)
				continue
			}
			if k < bi {
				if v := D[k*n+bi]; v < rowMin[k] || (v == rowMin[k] && bi < nn[k]) {
					nn[k], rowMin[k] = bi, v
				}
			}
		}
		scanRow(bi)
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
