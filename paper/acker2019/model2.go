package acker2019

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"

	"neurolab/internal/num"
	"neurolab/internal/stats"
	"neurolab/model/plasticity"
)

// errDiverged reports a NaN or Inf rate.
var errDiverged = errors.New("rewiring-memory: NaN or Inf rate")

// placeCell is one model-2 output cell: its synapses (sites in the grid
// library), its summed input at each position (raw) and its rate after
// E%-max competition (y).
type placeCell struct {
	s      *plasticity.Sites
	raw, y []float64
	rng    *rand.Rand
	remIdx []int32
	remW   []float64
	active []int // positions with y > 0
}

// network is the model-2 population (authors' model-2-methods.R).
type network struct {
	lib     []float64
	nPos    int
	cells   []placeCell
	eta     float64
	budget  float64
	winFrac float64
	turn    int
	max     []float64 // scratch: max over cells per position
	draw    func(*rand.Rand) float64
}

// newNetwork draws cells with nSyn synapses each at random sites of the
// library, weights from the strength pool; cell c uses stream (seed, 21,
// net, c), so conditions that differ only in η see the same synapses and
// turnover.
func newNetwork(lib []float64, nLib, nPos, nCells, nSyn int, p Params, eta float64, seed, net uint64, draw func(*rand.Rand) float64) *network {
	n := &network{lib: lib, draw: draw, nPos: nPos, eta: eta, budget: p.Budget, winFrac: p.WinFrac, turn: p.Turnover,
		cells: make([]placeCell, nCells), max: make([]float64, nPos)}
	for c := range n.cells {
		rng := num.Stream(seed, 21, net, uint64(c))
		n.cells[c] = placeCell{s: plasticity.NewSites(rng, nLib, nSyn, draw), raw: make([]float64, nPos),
			y: make([]float64, nPos), rng: rng, remIdx: make([]int32, p.Turnover), remW: make([]float64, p.Turnover),
			active: make([]int, 0, nPos)}
	}
	return n
}

func (n *network) axpy(dst []float64, a float64, site int32) {
	x := n.lib[int(site)*n.nPos : (int(site)+1)*n.nPos]
	x = x[:len(dst)]
	i := 0
	for ; i+4 <= len(dst); i += 4 {
		d, v := dst[i:i+4:i+4], x[i:i+4:i+4]
		d[0] += a * v[0]
		d[1] += a * v[1]
		d[2] += a * v[2]
		d[3] += a * v[3]
	}
	for ; i < len(dst); i++ {
		dst[i] += a * x[i]
	}
}

// recompute sets raw = Σ_k w_k x_k for cell c.
func (n *network) recompute(c *placeCell) {
	for i := range c.raw {
		c.raw[i] = 0
	}
	for k, site := range c.s.Index {
		n.axpy(c.raw, c.s.W[k], site)
	}
}

// compete applies E%-max competition: at each position a cell keeps its
// summed input only if it is ≥ winFrac × the maximum over cells.
func (n *network) compete() {
	for i := range n.max {
		n.max[i] = math.Inf(-1)
	}
	for c := range n.cells {
		for i, v := range n.cells[c].raw {
			if v > n.max[i] {
				n.max[i] = v
			}
		}
	}
	for c := range n.cells {
		cl := &n.cells[c]
		cl.active = cl.active[:0]
		for i, v := range cl.raw {
			if v >= n.winFrac*n.max[i] {
				cl.y[i] = v
				cl.active = append(cl.active, i)
			} else {
				cl.y[i] = 0
			}
		}
	}
}

// hebb applies w += η(Xᵀy)∘mask and synaptic scaling to budget, and updates
// raw to match the new weights. A cell silent at every position (y = 0 after
// competition) has Xᵀy = 0, so only the scaling applies and raw is rescaled
// instead of recomputed.
func (n *network) hebb(c *placeCell) {
	learn := n.eta > 0 && len(c.active) > 0
	var s float64
	for k, site := range c.s.Index {
		if learn {
			x := n.lib[int(site)*n.nPos : (int(site)+1)*n.nPos]
			var d float64
			for _, i := range c.active {
				d += x[i] * c.y[i]
			}
			c.s.W[k] += n.eta * d
		}
		s += c.s.W[k]
	}
	f := n.budget / s
	for k := range c.s.W {
		c.s.W[k] *= f
	}
	if learn {
		n.recompute(c)
	} else {
		for i := range c.raw {
			c.raw[i] *= f
		}
	}
}

// turnover replaces n.turn synapses of cell c and updates raw incrementally.
func (n *network) turnover(c *placeCell) {
	c.s.Turnover(c.rng, n.turn, n.draw, c.remIdx, c.remW)
	for k, site := range c.remIdx {
		n.axpy(c.raw, -c.remW[k], site)
	}
	N := len(c.s.Index)
	for k := N - n.turn; k < N; k++ {
		n.axpy(c.raw, c.s.W[k], c.s.Index[k])
	}
}

// dayResult is what one simulated day records.
type dayResult struct {
	centroid []float64 // per cell; NaN if not a place cell
	corr     []float64 // per cell: rate-map correlation with day 0; NaN unless a place cell on both days
}

// run simulates day 0 and days 1..days and returns per-day centroids and the
// rate maps (cells × positions) of day 0 and of the last day. tick, if not
// nil, is called after each simulated day. ctx is checked every 100 cells of
// a day's turnover (a paper-scale day takes ~0.5 s).
func (n *network) run(ctx context.Context, days int, minField int, fieldFrac float64, tick func()) ([]dayResult, [][]float64, error) {
	res := make([]dayResult, 0, days+1)
	var day0, last []float64
	for d := 0; d <= days; d++ {
		for c := range n.cells {
			if c%100 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, nil, err
				}
			}
			if d == 0 {
				n.recompute(&n.cells[c])
			} else {
				n.turnover(&n.cells[c])
			}
		}
		n.compete()
		for c := range n.cells {
			n.hebb(&n.cells[c])
		}
		n.compete()
		dr := dayResult{centroid: make([]float64, len(n.cells)), corr: make([]float64, len(n.cells))}
		m := make([]float64, len(n.cells)*n.nPos)
		for c := range n.cells {
			dr.centroid[c] = centroid(n.cells[c].y, minField, fieldFrac)
			copy(m[c*n.nPos:], n.cells[c].y)
			dr.corr[c] = math.NaN()
			if d > 0 && !math.IsNaN(dr.centroid[c]) && !math.IsNaN(res[0].centroid[c]) {
				dr.corr[c] = stats.Pearson(day0[c*n.nPos:(c+1)*n.nPos], n.cells[c].y)
			}
			for _, v := range n.cells[c].y {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, nil, errDiverged
				}
			}
		}
		res = append(res, dr)
		if d == 0 {
			day0 = m
		}
		last = m
		if tick != nil {
			tick()
		}
	}
	return res, [][]float64{day0, last}, nil
}

// centroid returns the place-field centroid of rate map y: the map must have
// exactly one run of ≥ minField positions with y > fieldFrac·max(y); the
// centroid is the run's 1-based end index minus half its length (authors'
// get_centroids). It returns NaN if y is not a place cell.
func centroid(y []float64, minField int, fieldFrac float64) float64 {
	mx := 0.0
	for _, v := range y {
		mx = math.Max(mx, v)
	}
	th := fieldFrac * mx
	found := math.NaN()
	count := 0
	run := 0
	for i := 0; i <= len(y); i++ {
		if i < len(y) && y[i] > th {
			run++
			continue
		}
		if run >= minField {
			count++
			found = float64(i) - float64(run)/2 // i = 1-based end index
		}
		run = 0
	}
	if count != 1 {
		return math.NaN()
	}
	return found
}
