package assembly

import (
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"

	"neurolab/experiment"
)

// DefaultLouvainRuns is the number of Louvain runs when runs is 0: the
// 10 runs per checkpoint of drifting-assemblies' spec.
const DefaultLouvainRuns = 10

// Louvain partitions the n nodes of the weight matrix W (n×n, row-major,
// non-negative) into communities by Louvain modularity maximisation on the
// undirected graph with weights (W_ij + W_ji)/2 at the given resolution. It
// runs the algorithm runs times with node orders drawn from rng and keeps
// the partition of highest modularity Q. Labels are 0..k−1, numbered by the
// smallest node of each community. A W without a positive weight (a graph
// without edges, whose Q is 0/0) gives the first run's partition, every node
// alone, with q NaN. The result depends only on W, n, resolution, runs and
// rng: the graph hands its nodes and neighbours to gonum in index order, so
// no sum depends on map iteration order. runs = 0 means DefaultLouvainRuns.
// It panics if len(W) != n² or runs < 0 (an input error wrapping
// experiment.ErrInput: the function has no error result).
func Louvain(W []float64, n int, resolution float64, runs int, rng *rand.Rand) (labels []int, q float64) {
	if len(W) != n*n {
		panic("assembly: Louvain: W must be n×n")
	}
	if runs < 0 {
		panic(experiment.Inputf("assembly: Louvain: runs = %d: want ≥ 0 (0 means %d)", runs, DefaultLouvainRuns))
	}
	if runs == 0 {
		runs = DefaultLouvainRuns
	}
	g := newOrderedGraph(W, n)
	best := -2.0
	for r := 0; r < runs; r++ {
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

// orderedGraph is the undirected graph with weights (W_ij + W_ji)/2 > 0
// between distinct nodes i, j, in the form gonum's community package reads.
// Unlike simple.WeightedUndirectedGraph, whose Nodes and From iterate over
// maps in random order (so that the degree and modularity sums of
// Modularize and Q were rounded differently from call to call), it returns
// nodes and neighbours in increasing index order.
type orderedGraph struct {
	n     int
	w     []float64      // symmetrised weights, n×n, 0 on the diagonal
	nodes []graph.Node   // nodes 0..n−1
	adj   [][]graph.Node // neighbours of each node, increasing
}

func newOrderedGraph(W []float64, n int) *orderedGraph {
	g := &orderedGraph{n: n, w: make([]float64, n*n), nodes: make([]graph.Node, n), adj: make([][]graph.Node, n)}
	for i := 0; i < n; i++ {
		g.nodes[i] = simple.Node(i)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if w := (W[i*n+j] + W[j*n+i]) / 2; w > 0 {
				g.w[i*n+j], g.w[j*n+i] = w, w
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if g.w[i*n+j] > 0 {
				g.adj[i] = append(g.adj[i], g.nodes[j])
			}
		}
	}
	return g
}

func (g *orderedGraph) has(id int64) bool { return id >= 0 && id < int64(g.n) }

// Node implements graph.Graph.
func (g *orderedGraph) Node(id int64) graph.Node {
	if !g.has(id) {
		return nil
	}
	return g.nodes[id]
}

// Nodes implements graph.Graph (increasing index order).
func (g *orderedGraph) Nodes() graph.Nodes { return iterator.NewOrderedNodes(g.nodes) }

// From implements graph.Graph (increasing index order).
func (g *orderedGraph) From(id int64) graph.Nodes {
	if !g.has(id) || len(g.adj[id]) == 0 {
		return graph.Empty
	}
	return iterator.NewOrderedNodes(g.adj[id])
}

// HasEdgeBetween implements graph.Graph.
func (g *orderedGraph) HasEdgeBetween(xid, yid int64) bool {
	return g.has(xid) && g.has(yid) && g.w[xid*int64(g.n)+yid] > 0
}

// Edge implements graph.Graph.
func (g *orderedGraph) Edge(uid, vid int64) graph.Edge { return g.WeightedEdge(uid, vid) }

// EdgeBetween implements graph.Undirected.
func (g *orderedGraph) EdgeBetween(xid, yid int64) graph.Edge { return g.WeightedEdge(xid, yid) }

// WeightedEdge implements graph.Weighted.
func (g *orderedGraph) WeightedEdge(uid, vid int64) graph.WeightedEdge {
	if !g.HasEdgeBetween(uid, vid) {
		return nil
	}
	return simple.WeightedEdge{F: g.nodes[uid], T: g.nodes[vid], W: g.w[uid*int64(g.n)+vid]}
}

// WeightedEdgeBetween implements graph.WeightedUndirected.
func (g *orderedGraph) WeightedEdgeBetween(xid, yid int64) graph.WeightedEdge {
	return g.WeightedEdge(xid, yid)
}

// Weight implements graph.Weighted as simple.NewWeightedUndirectedGraph(0, 0)
// does: 0 and true on the diagonal, the weight and true for an edge, 0 and
// false otherwise.
func (g *orderedGraph) Weight(xid, yid int64) (float64, bool) {
	if xid == yid && g.has(xid) {
		return 0, true
	}
	if g.HasEdgeBetween(xid, yid) {
		return g.w[xid*int64(g.n)+yid], true
	}
	return 0, false
}

var _ graph.WeightedUndirected = (*orderedGraph)(nil)
