package acker2019

import (
	"math"
	"math/rand/v2"
	"sort"

	"neurolab/internal/stats"
)

// model1 holds the inputs of the model-1 simulation (one output cell).
type model1 struct {
	lib             []float64 // grid library, cell-major, nPos per cell
	nPos            int
	nLib, nSyn      int
	eta, budget     float64
	idx, idxOld     []int     // input cell of each synapse
	w, wOld         []float64 // weights
	resp, psp, psp2 []float64 // scratch, nPos
	sorted          []float64
	draw            func(*rand.Rand) float64 // strength pool draw
}

func newModel1(lib []float64, nLib, nPos, nSyn int, eta, budget float64, draw func(*rand.Rand) float64) *model1 {
	return &model1{lib: lib, draw: draw, nPos: nPos, nLib: nLib, nSyn: nSyn, eta: eta, budget: budget,
		idx: make([]int, nSyn), idxOld: make([]int, nSyn), w: make([]float64, nSyn), wOld: make([]float64, nSyn),
		resp: make([]float64, nPos), psp: make([]float64, nPos), psp2: make([]float64, nPos),
		sorted: make([]float64, nPos)}
}

// response computes r = θ(Xw): the summed input at each position, with
// positions below the type-7 90th percentile set to zero (model-1 code).
func (m *model1) response() {
	r := m.resp
	for i := range r {
		r[i] = 0
	}
	for k, c := range m.idx {
		x := m.lib[c*m.nPos : (c+1)*m.nPos]
		wk := m.w[k]
		for i, v := range x {
			r[i] += wk * v
		}
	}
	q := quantile7(m.sorted, r, 0.9)
	for i, v := range r {
		if v < q {
			r[i] = 0
		}
	}
}

// hebb applies w += η·Xᵀr followed by synaptic scaling w ← budget·w/Σw.
func (m *model1) hebb() {
	var s float64
	for k, c := range m.idx {
		x := m.lib[c*m.nPos : (c+1)*m.nPos]
		var d float64
		for i, v := range x {
			d += v * m.resp[i]
		}
		m.w[k] += m.eta * d
		s += m.w[k]
	}
	for k := range m.w {
		m.w[k] *= m.budget / s
	}
}

// replicate runs one model-1 replicate with n replaced inputs and returns the
// Pearson correlation over positions between the PSP carried by the replaced
// synapses before turnover and by their replacements after it.
func (m *model1) replicate(rng *rand.Rand, n int, pre, post bool) float64 {
	perm := rng.Perm(m.nLib)
	copy(m.idx, perm[:m.nSyn])
	repl := perm[m.nSyn : m.nSyn+n]
	for k := range m.w {
		m.w[k] = m.draw(rng)
	}
	fresh := make([]float64, n)
	for k := range fresh {
		fresh[k] = m.draw(rng)
	}
	m.response()
	if pre {
		m.hebb()
	}
	copy(m.idxOld, m.idx)
	copy(m.wOld, m.w)
	for k := 0; k < n; k++ {
		m.idx[k], m.w[k] = repl[k], fresh[k]
	}
	m.response()
	if post {
		m.hebb()
	}
	for i := range m.psp {
		m.psp[i], m.psp2[i] = 0, 0
	}
	for k := 0; k < n; k++ {
		xo := m.lib[m.idxOld[k]*m.nPos : (m.idxOld[k]+1)*m.nPos]
		xn := m.lib[m.idx[k]*m.nPos : (m.idx[k]+1)*m.nPos]
		for i := range m.psp {
			m.psp[i] += m.wOld[k] * xo[i]
			m.psp2[i] += m.w[k] * xn[i]
		}
	}
	return stats.Pearson(m.psp, m.psp2)
}

// quantile7 returns the type-7 (linear interpolation, R's default) p-quantile
// of x, using buf as scratch.
func quantile7(buf, x []float64, p float64) float64 {
	copy(buf, x)
	sort.Float64s(buf)
	h := float64(len(buf)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(buf) {
		return buf[len(buf)-1]
	}
	return buf[lo] + (h-float64(lo))*(buf[lo+1]-buf[lo])
}
