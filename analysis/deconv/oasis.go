package deconv

import "math"

// Workspace holds the pool buffer of OASIS so that repeated calls do not
// allocate. The zero value is ready to use; a Workspace must not be shared
// between goroutines.
type Workspace struct {
	pools []pool
	calls int // OASIS passes run (for tests of the λ search)
	// slope, when not nil, receives −dc_t/dλ at fixed pools (see
	// constrainedLambda); its length equals that of the trace.
	slope    []float64
	slopeBuf []float64 // storage of slope, kept between calls
	buf      []float64 // scratch of Deconvolve (the trace minus its baseline, the percentile's sort)
	ar2      ar2Buf    // scratch of the AR(2) solver
}

// scratch returns ws.buf with length n (grown when needed; contents
// undefined).
func (ws *Workspace) scratch(n int) []float64 {
	if cap(ws.buf) < n {
		ws.buf = make([]float64, n)
	}
	return ws.buf[:n]
}

// pool is one run of frames sharing c_t = (v/w)·g^{t−start}: v = Σ y'_t g^k,
// w = Σ g^{2k}, gl = g^size.
type pool struct {
	v, w, gl    float64
	start, size int
}

func (ws *Workspace) grow(n int) {
	if cap(ws.pools) < n {
		ws.pools = make([]pool, n)
	}
}

// OASISAR1 is the convenience form of (*Workspace).AR1 with a fresh workspace.
func OASISAR1(c, s, y []float64, g, lambda, smin float64) {
	var ws Workspace
	ws.AR1(c, s, y, g, lambda, smin)
}

// AR1 solves the AR(1) problem of the package documentation (Friedrich et al.
// 2017, Algorithm 1 with the λ shift of eq. 4 and the s_min constraint of
// eq. 7) for the trace y and writes the calcium c and spikes s = c_t − g
// c_{t−1}. c, s and y have equal length; c and s must not alias y. g must lie
// in [0, 1], lambda and smin must be ≥ 0 (it panics otherwise: programmer
// error). Non-finite frames of y give NaN in c and s, and each run of finite
// frames is solved independently.
func (ws *Workspace) AR1(c, s, y []float64, g, lambda, smin float64) {
	if len(c) != len(y) || len(s) != len(y) {
		panic("deconv: len(c), len(s) and len(y) differ")
	}
	if !(g >= 0 && g <= 1) || !(lambda >= 0) || !(smin >= 0) {
		panic("deconv: need 0 ≤ g ≤ 1, λ ≥ 0 and s_min ≥ 0")
	}
	ws.finiteRuns(c, s, y, func(i, j int, sl []float64) {
		ws.segment(c[i:j], sl, y[i:j], g, lambda, smin)
		s[i] = c[i]
		for t := i + 1; t < j; t++ {
			s[t] = c[t] - g*c[t-1]
		}
	})
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// finiteRuns calls solve(i, j, slope) for every maximal run y[i:j] of finite
// frames, in order, with slope the run's part of ws.slope (nil when ws.slope
// is), and sets c and s to NaN and the slope to 0 on the non-finite frames.
func (ws *Workspace) finiteRuns(c, s, y []float64, solve func(i, j int, slope []float64)) {
	i := 0
	for i < len(y) {
		if !finite(y[i]) {
			c[i], s[i] = math.NaN(), math.NaN()
			if ws.slope != nil {
				ws.slope[i] = 0
			}
			i++
			continue
		}
		j := i
		for j < len(y) && finite(y[j]) {
			j++
		}
		var sl []float64
		if ws.slope != nil {
			sl = ws.slope[i:j]
		}
		solve(i, j, sl)
		i = j
	}
}

// segment runs the pool-merging pass on one finite trace.
//
// If slope is not nil it receives b_t = −∂c_t/∂λ with the pools held fixed:
// a positive pool has c_t = (V − λU)/W·g^k with U = Σ κ_t g^k, κ_t = 1−g
// except κ = 1 at the last frame, so U = 1 − g^l, or 1 for the last pool.
func (ws *Workspace) segment(c, slope, y []float64, g, lambda, smin float64) {
	n := len(y)
	ws.grow(n)
	ws.calls++
	P := ws.pools[:n]
	shift := lambda * (1 - g)
	top := -1 // index of the last pool
	for t := 0; t < n; t++ {
		yt := y[t] - shift
		if t == n-1 {
			yt = y[t] - lambda
		}
		top++
		P[top] = pool{v: yt, w: 1, gl: g, start: t, size: 1}
		// Merge while c at the end of the previous pool, decayed by one
		// frame, plus s_min exceeds the value at the start of this pool.
		for top > 0 {
			p, q := &P[top-1], &P[top]
			if p.v/p.w*p.gl+smin <= q.v/q.w {
				break
			}
			p.v += q.v * p.gl
			p.w += q.w * p.gl * p.gl
			p.gl *= q.gl
			p.size += q.size
			top--
		}
	}
	for i := 0; i <= top; i++ {
		p := &P[i]
		val := p.v / p.w
		if !(val > 0) {
			val = 0
		}
		c0 := c[p.start : p.start+p.size]
		for k := range c0 {
			c0[k] = val
			val *= g
		}
		if slope != nil {
			b := 0.0
			if p.v > 0 {
				u := 1 - p.gl
				if i == top {
					u = 1
				}
				b = u / p.w
			}
			b0 := slope[p.start : p.start+p.size]
			for k := range b0 {
				b0[k] = b
				b *= g
			}
		}
	}
}
