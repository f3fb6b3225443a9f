package predictive

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Net is a layered sigmoid rate network with symmetric feedback.
//
// Notation: L = len(Sizes) layers, n_l = Sizes[l]; W[l] (n_l × n_{l+1},
// row-major, W[l][i*n_{l+1}+j] from unit i of layer l to unit j of layer l+1)
// for l = 0 … L−2; B[l] is the bias of layer l+1; G[l] is the AdaGrad
// accumulator of W[l].
type Net struct {
	Sizes []int
	W     [][]float64
	B     [][]float64
	G     [][]float64
	Dt    float64 // Euler step (in units of the unit time constant)
	Gamma float64 // feedback gain γ
}

// New returns a net with the authors' initialisation (CHL_clamped.py):
// W ~ U(0,1)·√(6/(n_in·n_out)) (all positive) and b ~ N(0,1) − 0.5.
func New(sizes []int, dt, gamma float64, r *rand.Rand) *Net {
	if len(sizes) < 2 {
		panic("predictive: need at least two layers")
	}
	n := &Net{Sizes: append([]int(nil), sizes...), Dt: dt, Gamma: gamma}
	for l := 0; l+1 < len(sizes); l++ {
		a, b := sizes[l], sizes[l+1]
		w := make([]float64, a*b)
		s := math.Sqrt(6 / float64(a*b))
		for i := range w {
			w[i] = r.Float64() * s
		}
		bias := make([]float64, b)
		for i := range bias {
			bias[i] = r.NormFloat64() - 0.5
		}
		n.W = append(n.W, w)
		n.B = append(n.B, bias)
		n.G = append(n.G, make([]float64, a*b))
	}
	return n
}

// Units is the number of non-input units (the concatenated state of layers
// 1 … L−1, the layout of every state vector this package returns).
func (n *Net) Units() int {
	u := 0
	for _, s := range n.Sizes[1:] {
		u += s
	}
	return u
}

// offset returns the index of layer l's first unit in the concatenated
// non-input state (l ≥ 1).
func (n *Net) offset(l int) int {
	o := 0
	for _, s := range n.Sizes[1:l] {
		o += s
	}
	return o
}

// Workspace holds the buffers of one trajectory; one per goroutine.
type Workspace struct {
	x, nx, drive []float64
}

// NewWorkspace returns buffers for n.
func (n *Net) NewWorkspace() *Workspace {
	u := n.Units()
	return &Workspace{x: make([]float64, u), nx: make([]float64, u), drive: make([]float64, n.Sizes[1])}
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Run integrates the dynamics from x = 0 for steps Euler steps with the
// input layer clamped to in. If target is not nil, the top layer is clamped
// to target after step delay (steps delay+1 … steps hold it). If early is
// not nil it receives the states after steps 1 … k, early[t*Units()+i] for
// step t+1, with k = len(early)/Units(). final (len Units()) receives the
// state after the last step. Run does not allocate.
func (n *Net) Run(ws *Workspace, in, target []float64, delay, steps int, early, final []float64) {
	L := len(n.Sizes)
	if len(in) != n.Sizes[0] || len(final) != len(ws.x) {
		panic(fmt.Sprintf("predictive: bad lengths in=%d final=%d", len(in), len(final)))
	}
	u := len(ws.x)
	k := len(early) / u
	// Constant input drive W_0ᵀ x_0 + b_1 (computed once).
	n1 := n.Sizes[1]
	d := ws.drive
	copy(d, n.B[0])
	w0 := n.W[0]
	for i, xi := range in {
		if xi == 0 {
			continue
		}
		row := w0[i*n1 : (i+1)*n1]
		for j, w := range row {
			d[j] += xi * w
		}
	}
	x, nx := ws.x, ws.nx
	for i := range x {
		x[i] = 0
	}
	dt := n.Dt
	for t := 1; t <= steps; t++ {
		o := 0
		for l := 1; l < L; l++ {
			nl := n.Sizes[l]
			cur := x[o : o+nl]
			nxt := nx[o : o+nl]
			// bottom-up input
			if l == 1 {
				copy(nxt, d)
			} else {
				copy(nxt, n.B[l-1])
				prev := x[o-n.Sizes[l-1] : o]
				wl := n.W[l-1]
				for i, xi := range prev {
					row := wl[i*nl : (i+1)*nl]
					for j, w := range row {
						nxt[j] += xi * w
					}
				}
			}
			// top-down feedback γ W_l x_{l+1}
			if l < L-1 {
				nu := n.Sizes[l+1]
				up := x[o+nl : o+nl+nu]
				wl := n.W[l]
				for i := range nxt {
					row := wl[i*nu : (i+1)*nu]
					s := 0.0
					for j, w := range row {
						s += w * up[j]
					}
					nxt[i] += n.Gamma * s
				}
			}
			for i, z := range nxt {
				nxt[i] = cur[i] + dt*(-cur[i]+sigmoid(z))
			}
			o += nl
		}
		if target != nil && t > delay {
			copy(nx[u-len(target):], target)
		}
		x, nx = nx, x
		if t <= k {
			copy(early[(t-1)*u:t*u], x)
		}
	}
	copy(final, x)
	ws.x, ws.nx = x, nx
}
