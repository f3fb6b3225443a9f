package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"neurolab/experiment"
)

// RNN is an Elman network (Elman 1990, "Finding structure in time", Cogn.
// Sci. 14:179): a vanilla tanh recurrent layer with a linear readout,
// trained by backpropagation through time (Werbos 1990, Proc. IEEE 78:1550).
// In the row-vector convention of this package (B examples as rows), for
// t = 1..T:
//
//	a_t = x_t·W_in + h_{t−1}·W + b,   h_t = tanh(a_t),   y_t = h_t·W_out + b_out,   (1)
//
// with h_0 = H0 (zeros when H0 is nil). Notation: I inputs, N hidden units,
// O outputs, T steps, B examples. Sequences are time-major: x holds T blocks
// of B×I rows (row t·B+r is example r at step t+1), y likewise T blocks of
// B×O rows, so the input and readout products are one matrix product over
// all T·B rows and only h_{t−1}·W is sequential.
//
// Backward is BPTT: with δ_t = ∂L/∂a_t and g_t = ∂L/∂y_t,
//
//	δ_t = (g_t·W_outᵀ + δ_{t+1}·Wᵀ) ⊙ (1 − h_t²),   δ_{T+1} = 0,   (2)
//
//	∂L/∂W = Σ_t h_{t−1}ᵀ δ_t,  ∂L/∂W_in = Σ_t x_tᵀ δ_t,  ∂L/∂b = Σ_t Σ_rows δ_t,
//	∂L/∂W_out = Σ_t h_tᵀ g_t,  ∂L/∂b_out = Σ_t Σ_rows g_t.   (3)
//
// The sums over t in (3) are single matrix products over the T·B rows.
//
// Workers > 1 splits the batch across goroutines in the recurrent loops and
// the rows of the output in the batched products. Every output element is
// still computed by the same serial kernel over the same inner index in the
// same order (see gemm), so results are bit-identical for any Workers.
// After the first call of a given T and B, Forward and Backward allocate
// nothing with Workers = 1 (with Workers > 1, only the goroutines' start).
type RNN struct {
	In, Hidden, Out int
	Win, W, B       *Param // I×N, N×N, N
	Wout, Bout      *Param // N×O, O
	Workers         int
	H0              []float64 // initial state h_0, B×N row-major; nil means zeros

	t, b int
	x    []float64 // input of the last forward pass (not copied)
	h    []float64 // (T+1)·B × N: h_0, h_1, …, h_T
	y    []float64 // T·B × O
	g    []float64 // ∂L/∂y of the last Backward (not copied)
	d    []float64 // T·B × N: δ_t of (2)
	wT   []float64 // Wᵀ (N×N) and W_outᵀ (O×N) of the last Backward, so that
	woT  []float64 // the products with transposes run the NoTrans kernel
	ones []float64 // T·B ones, for the bias gradients
	wg   sync.WaitGroup
}

// NewRNN returns an Elman network with in inputs, hidden tanh units and out
// linear outputs. Initialisation (ours; the variance-preserving choice):
// W_in ~ N(0, 1/I), W ~ N(0, 1/N) (gain 1, the edge of chaos for tanh),
// W_out ~ N(0, 1/N), biases zero.
func NewRNN(in, hidden, out int, rng *rand.Rand) *RNN {
	if in < 1 || hidden < 1 || out < 1 {
		panic(fmt.Sprintf("nn: RNN sizes %d, %d, %d must be positive", in, hidden, out))
	}
	r := &RNN{In: in, Hidden: hidden, Out: out, Workers: 1,
		Win: newParam("Win", in*hidden), W: newParam("W", hidden*hidden), B: newParam("b", hidden),
		Wout: newParam("Wout", hidden*out), Bout: newParam("bout", out)}
	normal := func(w []float64, fanIn int) {
		s := 1 / math.Sqrt(float64(fanIn))
		for i := range w {
			w[i] = s * rng.NormFloat64()
		}
	}
	normal(r.Win.W, in)
	normal(r.W.W, hidden)
	normal(r.Wout.W, hidden)
	return r
}

// Params returns W_in, W, b, W_out, b_out.
func (r *RNN) Params() []*Param { return []*Param{r.Win, r.W, r.B, r.Wout, r.Bout} }

// ZeroGrad sets every parameter gradient to zero.
func (r *RNN) ZeroGrad() {
	for _, p := range r.Params() {
		clear(p.G)
	}
}

// State returns h_t (B×N, t = 0..T) of the last forward pass, a view of a
// buffer overwritten by the next call.
func (r *RNN) State(t int) []float64 {
	bn := r.b * r.Hidden
	return r.h[t*bn : (t+1)*bn]
}

// Forward runs (1) on x (T·B × I, time-major) and returns y (T·B × O,
// time-major), a buffer owned by r and overwritten by the next call. A
// negative r.Workers makes it panic with an error wrapping
// experiment.ErrInput.
func (r *RNN) Forward(x []float64, T, B int) []float64 {
	if r.Workers < 0 {
		panic(experiment.Inputf("nn: RNN.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", r.Workers))
	}
	if T < 1 || B < 1 || len(x) != T*B*r.In {
		panic(fmt.Sprintf("nn: RNN input length %d, want T·B·I = %d·%d·%d", len(x), T, B, r.In))
	}
	if r.H0 != nil && len(r.H0) != B*r.Hidden {
		panic(fmt.Sprintf("nn: RNN H0 length %d, want B·N = %d", len(r.H0), B*r.Hidden))
	}
	N := r.Hidden
	r.t, r.b, r.x = T, B, x
	r.h = grow(r.h, (T+1)*B*N)
	r.y = grow(r.y, T*B*r.Out)
	if r.H0 != nil {
		copy(r.h[:B*N], r.H0)
	} else {
		clear(r.h[:B*N])
	}
	r.parallel(T*B, (*RNN).inputRows)   // a_t ← x_t·W_in + b, all t
	r.parallel(B, (*RNN).recurrentRows) // a_t += h_{t−1}·W, h_t = tanh(a_t)
	r.parallel(T*B, (*RNN).readoutRows) // y_t = h_t·W_out + b_out, all t
	return r.y
}

// Backward back-propagates dy = ∂L/∂y (T·B × O, as returned by Forward)
// through time by (2) and adds the gradients (3) to every Param.G (call
// ZeroGrad first).
func (r *RNN) Backward(dy []float64) {
	T, B, N, O := r.t, r.b, r.Hidden, r.Out
	if len(dy) != T*B*O {
		panic(fmt.Sprintf("nn: RNN output gradient length %d, want %d", len(dy), T*B*O))
	}
	r.g = dy
	r.d = grow(r.d, T*B*N)
	r.wT = grow(r.wT, N*N)
	r.woT = grow(r.woT, O*N)
	transpose(r.wT, r.W.W, N, N)
	transpose(r.woT, r.Wout.W, N, O)
	r.parallel(T*B, (*RNN).readoutBackRows) // δ_t ← g_t·W_outᵀ, all t
	r.parallel(B, (*RNN).recurrentBackRows) // (2), backwards in time
	r.parallel(N, (*RNN).weightGradRows)    // ∂L/∂W, ∂L/∂W_out rows
	// ∂L/∂W_in (I rows, small) and the bias sums, serially in row order.
	gemm(true, false, r.In, N, T*B, 1, r.x, r.d, 1, r.Win.G)
	r.colSums(r.B.G, r.d, N)
	r.colSums(r.Bout.G, dy, O)
}

// transpose writes the transpose of the rows×cols matrix src into dst.
func transpose(dst, src []float64, rows, cols int) {
	for i := 0; i < rows; i++ {
		for j, v := range src[i*cols : (i+1)*cols] {
			dst[j*rows+i] = v
		}
	}
}

// colSums adds the column sums of the rows of v (width k) to dst, as the
// product 1ᵀ·v: rows in order and 1·x = x exactly, so the same sums as a
// loop over rows.
func (r *RNN) colSums(dst, v []float64, k int) {
	rows := len(v) / k
	if len(r.ones) < rows {
		r.ones = make([]float64, rows)
		for i := range r.ones {
			r.ones[i] = 1
		}
	}
	gemm(true, false, 1, k, rows, 1, r.ones[:rows], v, 1, dst)
}

// blasParts is the number of row blocks parallel cuts [0, n) into when BLAS
// is not gonum's (see parallel).
const blasParts = 8

// parallel calls job(r, lo, hi) on r.Workers contiguous parts of [0, n).
// job is a method expression, so the serial path allocates nothing.
//
// With gonum's kernels every element's arithmetic is the same for any split
// of the rows (see gemm). Another BLAS (OpenBLAS under the openblas build
// tag) may round differently for different row counts, so there the rows are
// cut into min(n, blasParts) blocks that do not depend on Workers, and the
// workers share the blocks: results stay bit-identical for any Workers.
func (r *RNN) parallel(n int, job func(r *RNN, lo, hi int)) {
	w := min(max(r.Workers, 1), n)
	if !fastGemm() {
		parts := min(n, blasParts)
		w = min(w, parts)
		if w == 1 {
			for k := 0; k < parts; k++ {
				job(r, k*n/parts, (k+1)*n/parts)
			}
			return
		}
		r.parallelParts(n, parts, w, job)
		return
	}
	if w == 1 {
		job(r, 0, n)
		return
	}
	r.wg.Add(w)
	for k := 0; k < w; k++ {
		lo, hi := k*n/w, (k+1)*n/w
		go func() {
			defer r.wg.Done()
			job(r, lo, hi)
		}()
	}
	r.wg.Wait()
}

// parallelParts runs job on the parts of [0, n) cut into parts blocks, block
// k on goroutine k mod w (a separate function, so that the serial path of
// parallel allocates nothing).
func (r *RNN) parallelParts(n, parts, w int, job func(r *RNN, lo, hi int)) {
	r.wg.Add(w)
	for g := 0; g < w; g++ {
		go func() {
			defer r.wg.Done()
			for k := g; k < parts; k += w {
				job(r, k*n/parts, (k+1)*n/parts)
			}
		}()
	}
	r.wg.Wait()
}

// inputRows sets rows [lo, hi) of a_1..a_T (stored in h_1..h_T) to x·W_in + b.
func (r *RNN) inputRows(lo, hi int) {
	N := r.Hidden
	a := r.h[(r.b+lo)*N : (r.b+hi)*N]
	for i := 0; i < len(a); i += N {
		copy(a[i:i+N], r.B.W)
	}
	gemm(false, false, hi-lo, N, r.In, 1, r.x[lo*r.In:], r.Win.W, 1, a)
}

// recurrentRows runs the recurrence of (1) for examples [lo, hi).
func (r *RNN) recurrentRows(lo, hi int) {
	B, N := r.b, r.Hidden
	m := hi - lo
	for t := 1; t <= r.t; t++ {
		prev := r.h[((t-1)*B+lo)*N:]
		a := r.h[(t*B+lo)*N : (t*B+hi)*N]
		gemm(false, false, m, N, N, 1, prev, r.W.W, 1, a)
		tanhTo(a, a) // AVX2 where available, within 2 ulp of math.Tanh (tanh.go)
	}
}

// readoutRows computes rows [lo, hi) of y = h·W_out + b_out over all steps.
func (r *RNN) readoutRows(lo, hi int) {
	N, O := r.Hidden, r.Out
	y := r.y[lo*O : hi*O]
	for i := 0; i < len(y); i += O {
		copy(y[i:i+O], r.Bout.W)
	}
	gemm(false, false, hi-lo, O, N, 1, r.h[(r.b+lo)*N:], r.Wout.W, 1, y)
}

// readoutBackRows sets rows [lo, hi) of δ to g·W_outᵀ.
func (r *RNN) readoutBackRows(lo, hi int) {
	N, O := r.Hidden, r.Out
	gemm(false, false, hi-lo, N, O, 1, r.g[lo*O:], r.woT, 0, r.d[lo*N:hi*N])
}

// recurrentBackRows runs (2) backwards in time for examples [lo, hi).
func (r *RNN) recurrentBackRows(lo, hi int) {
	B, N := r.b, r.Hidden
	m := hi - lo
	for t := r.t; t >= 1; t-- {
		d := r.d[((t-1)*B+lo)*N : ((t-1)*B+hi)*N]
		h := r.h[(t*B+lo)*N : (t*B+hi)*N]
		for i, v := range h {
			d[i] *= 1 - v*v
		}
		if t > 1 {
			gemm(false, false, m, N, N, 1, d, r.wT, 1, r.d[((t-2)*B+lo)*N:])
		}
	}
}

// weightGradRows adds rows [lo, hi) (hidden units) of h_{0..T−1}ᵀ·δ to
// ∂L/∂W and of h_{1..T}ᵀ·g to ∂L/∂W_out.
func (r *RNN) weightGradRows(lo, hi int) {
	B, N, O := r.b, r.Hidden, r.Out
	TB := r.t * B
	m := hi - lo
	gemmTA(m, N, TB, r.h[lo:], N, r.d, r.W.G[lo*N:])
	gemmTA(m, O, TB, r.h[B*N+lo:], N, r.g, r.Wout.G[lo*O:])
}

// gemmTA adds aᵀ·b to c (m×n, densely packed), where a is the k×m block
// with leading dimension lda starting at a[0] and b is k×n densely packed.
// It runs addGemm or gonum's serial kernel (either gives the same
// arithmetic for any split of c's rows).
func gemmTA(m, n, k int, a []float64, lda int, b, c []float64) {
	if fastGemm() {
		addGemm(true, m, n, k, a, lda, b, c)
		return
	}
	const bs = 64
	for i := 0; i < m; i += bs {
		mi := min(bs, m-i)
		for j := 0; j < n; j += 3 * bs {
			nj := min(3*bs, n-j)
			blas64.Implementation().Dgemm(blas.Trans, blas.NoTrans, mi, nj, k, 1, a[i:], lda, b[j:], n, 1, c[i*n+j:], n)
		}
	}
}

// MSE returns the mean squared error L = (1/len(y)) Σ (y − target)² and
// writes ∂L/∂y = 2(y − target)/len(y) into dy (skipped if dy is nil).
func MSE(dy, y, target []float64) float64 {
	if len(y) != len(target) || (dy != nil && len(dy) != len(y)) {
		panic(fmt.Sprintf("nn: MSE lengths %d, %d, %d", len(dy), len(y), len(target)))
	}
	inv := 1 / float64(len(y))
	var s float64
	for i, v := range y {
		e := v - target[i]
		s += e * e
		if dy != nil {
			dy[i] = 2 * e * inv
		}
	}
	return s * inv
}
