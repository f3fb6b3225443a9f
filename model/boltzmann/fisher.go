package boltzmann

import (
	"math"
	"math/rand/v2"
)

// Samples are joint model samples (v, h) from Gibbs chains.
type Samples struct {
	V, H [][]float64
}

// SampleFisher estimates F_ij = Var(v_i h_j) from joint samples: with
// p̂_ij the fraction of samples with v_i = h_j = 1, F̂_ij = p̂_ij(1 − p̂_ij)
// (the authors' var(h_j·v_i); NV × NH, row-major).
func SampleFisher(nv, nh int, s Samples) []float64 {
	f := make([]float64, nv*nh)
	for c, v := range s.V {
		h := s.H[c]
		for i, vi := range v {
			if vi == 0 {
				continue
			}
			row := f[i*nh : (i+1)*nh]
			for j, hj := range h {
				row[j] += hj
			}
		}
	}
	n := float64(len(s.V))
	for k, x := range f {
		p := x / n
		f[k] = p * (1 - p)
	}
	return f
}

// SampleMeans returns the sample means ⟨v_i⟩ and ⟨h_j⟩.
func SampleMeans(nv, nh int, s Samples) (vm, hm []float64) {
	vm, hm = make([]float64, nv), make([]float64, nh)
	for c, v := range s.V {
		for i, x := range v {
			vm[i] += x
		}
		for j, x := range s.H[c] {
			hm[j] += x
		}
	}
	n := float64(len(s.V))
	for i := range vm {
		vm[i] /= n
	}
	for j := range hm {
		hm[j] /= n
	}
	return vm, hm
}

// Heuristic returns the local estimate of the weights' Fisher information
// from the units' mean activities ⟨v_i⟩, ⟨h_j⟩ and the weight alone:
// q_ij = ⟨h_j⟩·σ(logit⟨v_i⟩ + w_ij(1 − ⟨h_j⟩)), F_ij ≈ q_ij(1 − q_ij)
// (paper, local heuristic; NV × NH, row-major). Means are clipped to
// [1e−6, 1 − 1e−6] before the logit.
func (m *RBM) Heuristic(vm, hm []float64) []float64 {
	f := make([]float64, m.NV*m.NH)
	for i := 0; i < m.NV; i++ {
		pv := math.Min(1-1e-6, math.Max(1e-6, vm[i]))
		lv := math.Log(pv / (1 - pv))
		for j := 0; j < m.NH; j++ {
			q := hm[j] * sigmoid(lv+m.W[i*m.NH+j]*(1-hm[j]))
			f[i*m.NH+j] = q * (1 - q)
		}
	}
	return f
}

// SampleJoint runs chains Gibbs chains for steps sweeps (see Sample) and
// returns the final joint samples.
func (m *RBM) SampleJoint(chains, steps int, r *rand.Rand) Samples {
	v, h := m.Sample(chains, steps, r)
	return Samples{V: v, H: h}
}
