package cluster

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
)

// KMeansOptions sets KMeans. Zero values take the defaults given; negative
// counts are input errors.
type KMeansOptions struct {
	Restarts int    // independent k-means++ starts, ≥ 0; 0 means 10 (scikit-learn's n_init; Low et al. use 100)
	MaxIter  int    // Lloyd iterations per start, ≥ 0; 0 means 300 (scikit-learn's max_iter)
	Seed     uint64 // start r draws from num.Stream(Seed, r)
	Workers  int    // goroutines, ≥ 0 (0 and 1 both mean serial); the result does not depend on it
	// Progress, if not nil, is called with the fraction of starts done, in
	// increasing order, from the worker goroutines (one call at a time).
	Progress func(frac float64)
}

// KMeansResult is the best of the starts.
type KMeansResult struct {
	Labels    []int      // cluster of each row, 0..k−1
	Centroids *mat.Dense // k × dims
	Inertia   float64    // Σ_i ‖x_i − c_{label_i}‖²
}

// KMeans clusters the rows of X into k clusters, minimising the within-cluster
// sum of squares Σ_i ‖x_i − c_{l_i}‖² by Lloyd's iterations from k-means++
// seeds, and keeps the start of least inertia (the lowest start index on a
// tie). A nil or empty X, k outside 1..rows, a NaN or ±Inf value and a
// negative Restarts, MaxIter or Workers are errors wrapping
// experiment.ErrInput. A cancelled ctx stops it between starts with
// ctx.Err().
func KMeans(ctx context.Context, X *mat.Dense, k int, o KMeansOptions) (*KMeansResult, error) {
	switch {
	case o.Restarts < 0:
		return nil, experiment.Inputf("cluster: KMeansOptions.Restarts = %d: want ≥ 0 (0 means 10)", o.Restarts)
	case o.MaxIter < 0:
		return nil, experiment.Inputf("cluster: KMeansOptions.MaxIter = %d: want ≥ 0 (0 means 300)", o.MaxIter)
	case o.Workers < 0:
		return nil, experiment.Inputf("cluster: KMeansOptions.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", o.Workers)
	}
	if X == nil || X.IsEmpty() {
		return nil, experiment.Inputf("cluster: KMeans of no rows")
	}
	n, _ := X.Dims()
	if k < 1 || k > n {
		return nil, experiment.Inputf("cluster: KMeans with k = %d for %d rows, want 1..%d", k, n, n)
	}
	for i := 0; i < n; i++ {
		for j, v := range X.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, experiment.Inputf("cluster: KMeans: row %d, column %d is %g; values must be finite", i, j, v)
			}
		}
	}
	if Xs, shift, exp := normalise(X); Xs != nil {
		// Extreme magnitude or offset: cluster the exactly transformed rows
		// (labels are invariant), then map the centroids and inertia back.
		res, err := KMeans(ctx, Xs, k, o)
		if err != nil {
			return nil, err
		}
		C := res.Centroids
		for c := 0; c < k; c++ {
			row := C.RawRowView(c)
			for j := range row {
				row[j] = math.Ldexp(row[j], -exp) + shift[j]
			}
		}
		res.Inertia = math.Ldexp(res.Inertia, -2*exp)
		return res, nil
	}
	if o.Restarts == 0 {
		o.Restarts = 10
	}
	if o.MaxIter == 0 {
		o.MaxIter = 300
	}
	norms := make([]float64, n)
	for i := range norms {
		r := X.RawRowView(i)
		norms[i] = floats.Dot(r, r)
	}
	// Only the best start so far is kept (a start's centroids hold
	// k·dims values: 100 starts of 4 maps of 80 bins × 500 cells kept them
	// all, 128 MB): the least inertia, the lowest start index on a tie, the
	// same whatever order the workers finish in.
	var (
		mu    sync.Mutex
		best  *KMeansResult
		bestR int
	)
	tally := num.NewTally(o.Restarts, o.Progress)
	err := num.ParallelFor(ctx, o.Workers, o.Restarts, func(r int) error {
		res := lloyd(num.Stream(o.Seed, uint64(r)), X, norms, k, o.MaxIter)
		mu.Lock()
		if best == nil || res.Inertia < best.Inertia || res.Inertia == best.Inertia && r < bestR {
			best, bestR = res, r
		}
		mu.Unlock()
		tally.Step()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return best, nil
}

// lloyd runs one k-means++ seeded start.
func lloyd(rng *rand.Rand, X *mat.Dense, norms []float64, k, maxIter int) *KMeansResult {
	n, d := X.Dims()
	C := mat.NewDense(k, d, nil)
	cn := make([]float64, k)
	// k-means++ seeding: first centre uniform, then with probability ∝ D(x)².
	dist := make([]float64, n)
	copy(C.RawRowView(0), X.RawRowView(rng.IntN(n)))
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	for c := 1; c <= k; c++ {
		prev := C.RawRowView(c - 1)
		pn := floats.Dot(prev, prev)
		var sum float64
		for i := 0; i < n; i++ {
			dd := math.Max(0, norms[i]-2*floats.Dot(X.RawRowView(i), prev)+pn)
			dist[i] = math.Min(dist[i], dd)
			sum += dist[i]
		}
		if c == k {
			break
		}
		pick := rng.IntN(n)
		if sum > 0 {
			u := rng.Float64() * sum
			for i := 0; i < n; i++ {
				u -= dist[i]
				if u <= 0 {
					pick = i
					break
				}
			}
		}
		copy(C.RawRowView(c), X.RawRowView(pick))
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = -1
	}
	count := make([]int, k)
	var inertia float64
	for it := 0; it < maxIter; it++ {
		for c := 0; c < k; c++ {
			r := C.RawRowView(c)
			cn[c] = floats.Dot(r, r)
		}
		changed := false
		inertia = 0
		for i := 0; i < n; i++ {
			x := X.RawRowView(i)
			best, bd := 0, math.Inf(1)
			for c := 0; c < k; c++ {
				dd := norms[i] - 2*floats.Dot(x, C.RawRowView(c)) + cn[c]
				if dd < bd {
					best, bd = c, dd
				}
			}
			inertia += math.Max(0, bd)
			if labels[i] != best {
				labels[i] = best
				changed = true
			}
		}
		if !changed {
			break
		}
		// Update step: centroids are the cluster means; an empty cluster takes
		// the point farthest from its centroid.
		C.Zero()
		for c := range count {
			count[c] = 0
		}
		for i, l := range labels {
			floats.Add(C.RawRowView(l), X.RawRowView(i))
			count[l]++
		}
		for c := 0; c < k; c++ {
			if count[c] > 0 {
				floats.Scale(1/float64(count[c]), C.RawRowView(c))
			}
		}
		for c := 0; c < k; c++ {
			if count[c] == 0 {
				far, fd := 0, -1.0
				for i, l := range labels {
					x, cc := X.RawRowView(i), C.RawRowView(l)
					dd := norms[i] - 2*floats.Dot(x, cc) + floats.Dot(cc, cc)
					if dd > fd && count[l] > 1 {
						far, fd = i, dd
					}
				}
				count[labels[far]]--
				labels[far] = c
				count[c] = 1
				copy(C.RawRowView(c), X.RawRowView(far))
			}
		}
	}
	// Recompute the exact inertia against the final centroids.
	inertia = 0
	for i, l := range labels {
		x, c := X.RawRowView(i), C.RawRowView(l)
		var s float64
		for j := range x {
			dv := x[j] - c[j]
			s += dv * dv
		}
		inertia += s
	}
	return &KMeansResult{Labels: labels, Centroids: C, Inertia: inertia}
}
