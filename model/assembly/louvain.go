package assembly

import (
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// Louvain partitions the n nodes of the weight matrix W (n×n, row-major,
// non-negative) into communities by Louvain modularity maximisation on the
// undirected graph with weights (W_ij + W_ji)/2 at the given resolution. It
// runs the algorithm runs times with node orders drawn from rng and keeps
// the partition of highest modularity Q. Labels are 0..k−1, numbered by the
// smallest node of each community. A W without a positive weight (a graph
// without edges, whose Q is 0/0) gives the first run's partition, every node
// alone, with q NaN. It panics if len(W) != n².
func Louvain(W []float64, n int, resolution float64, runs int, rng *rand.Rand) (labels []int, q float64) {
	if len(W) != n*n {
		panic("assembly: Louvain: W must be n×n")
	}
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := 0; i < n; i++ {
		g.AddNode(simple.Node(i))
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if w := (W[i*n+j] + W[j*n+i]) / 2; w > 0 {
				g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(i), T: simple.Node(j), W: w})
			}
		}
	}
	best := -2.0
	for r := 0; r < max(1, runs); r++ {
		red := community.Modularize(g, resolution, rand.NewPCG(rng.Uint64(), rng.Uint64()))
		comms := red.Communities()
		qr := community.Q(g, comms, resolution)
		if qr > best || labels == nil {
			best = qr
			labels = make([]int, n)
			// Number communities by their smallest node.
			type c struct{ min, idx int }
			cs := make([]c, len(comms))
			for k, m := range comms {
				cs[k] = c{n, k}
				for _, v := range m {
					cs[k].min = min(cs[k].min, int(v.ID()))
				}
			}
			sort.Slice(cs, func(a, b int) bool { return cs[a].min < cs[b].min })
			for lab, cc := range cs {
				for _, v := range comms[cc.idx] {
					labels[v.ID()] = lab
				}
			}
		}
	}
	return labels, best
}

// NumLabels returns 1 + the largest label.
func NumLabels(labels []int) int {
	k := 0
	for _, l := range labels {
		k = max(k, l+1)
	}
	return k
}

// WithinBetween returns the mean off-diagonal weight between nodes with the
// same label and between nodes with different labels.
func WithinBetween(W []float64, n int, labels []int) (within, between float64) {
	var sw, sb, nw, nb float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			if labels[i] == labels[j] {
				sw += W[i*n+j]
				nw++
			} else {
				sb += W[i*n+j]
				nb++
			}
		}
	}
	if nw > 0 {
		within = sw / nw
	}
	if nb > 0 {
		between = sb / nb
	}
	return within, between
}
