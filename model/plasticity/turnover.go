package plasticity

import (
	"fmt"
	"math/rand/v2"
)

// Rejection draws from a density on [Lo, Hi] by rejection sampling under the
// constant envelope Height ≥ max PDF (von Neumann 1951). Acker et al. 2019
// draw new synapses' spine sizes this way from their strength pool.
type Rejection struct {
	PDF    func(s float64) float64 // unnormalised density on [Lo, Hi]
	Lo, Hi float64                 // support
	Height float64                 // envelope height, ≥ max PDF
}

// Sample draws one value.
func (r Rejection) Sample(rng *rand.Rand) float64 {
	for {
		s := r.Lo + (r.Hi-r.Lo)*rng.Float64()
		if rng.Float64()*r.Height < r.PDF(s) {
			return s
		}
	}
}

// Sites is a sparse set of synapses of one postsynaptic cell: n occupied sites
// out of Total candidate presynaptic sites, with one weight per occupied site.
// It supports the random synaptic turnover of Acker et al. 2019, model 2.
type Sites struct {
	Total int       // number of candidate sites (presynaptic cells)
	Index []int32   // occupied sites, len n
	W     []float64 // weight of each occupied site, len n
	occ   []bool    // occ[k]: site k occupied
}

// NewSites draws n distinct occupied sites out of total uniformly at random,
// with weights from draw.
func NewSites(rng *rand.Rand, total, n int, draw func(*rand.Rand) float64) *Sites {
	if n > total || n < 0 {
		panic(fmt.Sprintf("plasticity: NewSites n=%d total=%d", n, total))
	}
	s := &Sites{Total: total, Index: make([]int32, n), W: make([]float64, n),
		occ: make([]bool, total)}
	if 2*n > total {
		perm := rng.Perm(total)
		for k := 0; k < n; k++ {
			s.Index[k] = int32(perm[k])
			s.occ[perm[k]] = true
		}
	} else {
		// Sparse occupancy: rejection sampling of distinct sites avoids a
		// permutation of all sites.
		for k := 0; k < n; k++ {
			site := rng.IntN(total)
			for s.occ[site] {
				site = rng.IntN(total)
			}
			s.Index[k] = int32(site)
			s.occ[site] = true
		}
	}
	for k := range s.W {
		s.W[k] = draw(rng)
	}
	return s
}

// Occupied reports whether site k holds a synapse.
func (s *Sites) Occupied(k int) bool { return s.occ[k] }

// Turnover removes n occupied synapses chosen uniformly at random and then
// forms n new ones at sites drawn uniformly without replacement from all
// unoccupied sites, the just-removed ones included (Acker et al. 2019, model
// 2, step 1). New synapses get weights from draw. The number of synapses is
// conserved; under repeated turnover the expected fraction of the original
// synapses still present after d steps is (1 − n/N)^d (N occupied sites),
// ignoring re-formation at a just-vacated site. If removedIdx and removedW
// are not nil (length ≥ n) they receive the removed sites and weights; the new
// synapses occupy the last n slots of Index and W. It does not allocate.
func (s *Sites) Turnover(rng *rand.Rand, n int, draw func(*rand.Rand) float64, removedIdx []int32, removedW []float64) {
	N := len(s.Index)
	if n > N || n > s.Total-N+n {
		panic(fmt.Sprintf("plasticity: Turnover of %d of %d synapses", n, N))
	}
	// Partial Fisher–Yates: move n random occupied slots to the end.
	for k := 0; k < n; k++ {
		// choose slot j among the first N-k slots, swap it to position last
		last := N - 1 - k
		j := rng.IntN(N - k)
		s.Index[j], s.Index[last] = s.Index[last], s.Index[j]
		s.W[j], s.W[last] = s.W[last], s.W[j]
		s.occ[s.Index[last]] = false
		if removedIdx != nil {
			removedIdx[k], removedW[k] = s.Index[last], s.W[last]
		}
	}
	// Form n new synapses at unoccupied sites, uniformly without
	// replacement, by rejection: draw a site until it is free (the occupied
	// fraction is N/Total, so this takes Total/(Total−N) draws on average).
	for k := 0; k < n; k++ {
		var site int32
		for {
			site = int32(rng.IntN(s.Total))
			if !s.occ[site] {
				break
			}
		}
		slot := N - n + k
		s.Index[slot] = site
		s.occ[site] = true
		s.W[slot] = draw(rng)
	}
}
