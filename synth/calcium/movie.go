package calcium

import (
	"math"
	"math/rand/v2"
)

// MovieConfig configures Movie (Gauthier et al. 2022 benchmark as specified
// in specs/false-transients.md; the geometry of the contaminants is our
// choice).
type MovieConfig struct {
	Size      int     // movie height = width, px (48)
	Frames    int     // frames (1000)
	FrameRate float64 // frames/s (30)
	Cells     int     // modelled cells (6)
	CellSigma float64 // mean SD of the elliptic Gaussian profiles, px (1.6: support radius ≈ 4 px at 5% of peak)
	Rate      float64 // spike rate of cells and contaminants, Hz (0.3)
	G         float64 // AR(1) decay of the calcium per frame (0.95)
	Noise     float64 // pixel noise SD (0.1)
	ContPeak  float64 // spatial peak of the contaminants' profiles (1.5)
	SomaSigma float64 // SD of the contaminating soma's profile, px
	SomaShift float64 // distance from cell 0's centre to the soma's centre, px
	DendLong  float64 // SD of the dendrite along its axis, px
	DendShort float64 // SD of the dendrite across its axis, px
	DendShift float64 // distance from cell 1's centre to the dendrite's axis, px
}

// DefaultMovie returns the benchmark configuration.
func DefaultMovie() MovieConfig {
	return MovieConfig{Size: 48, Frames: 1000, FrameRate: 30, Cells: 6, CellSigma: 1.6, Rate: 0.3, G: 0.95,
		Noise: 0.1, ContPeak: 1.5, SomaSigma: 2.0, SomaShift: 3.0, DendLong: 6, DendShort: 1.0, DendShift: 2.5}
}

// MovieData is a synthetic movie with its ground truth. Pixel (x, y) of
// frame t is Pix[t*Size*Size + y*Size + x]; profiles use the same layout
// without t.
type MovieData struct {
	Size, Frames int
	Pix          []float64   // the movie
	Profiles     [][]float64 // modelled cells' profiles (peak 1, zero below 5% of peak)
	Calcium      [][]float64 // true a_k(t) of each modelled cell
	Contaminants [][]float64 // profiles of the unmodelled sources (peak ContPeak): soma next to cell 0, dendrite next to cell 1
	ContCalcium  [][]float64 // their time courses
	// Overlap is, per contaminant, the fraction of its cell's support
	// (pixels ≥ 5% of peak) where the contaminant is ≥ 5% of its own peak
	// (SupportOverlap): the spec's "overlapping ~30% of one cell's support".
	Overlap []float64
}

// SupportOverlap returns the fraction of the support of prof (its nonzero
// pixels) where cont is at least 5% of its peak value contPeak.
func SupportOverlap(prof, cont []float64, contPeak float64) float64 {
	var n, in int
	for i, v := range prof {
		if v == 0 {
			continue
		}
		n++
		if cont[i] >= 0.05*contPeak {
			in++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(in) / float64(n)
}

// Movie draws one movie: F(t) = Σ_k a_k(t) P_k + Σ_j e_j(t) Q_j + N(0, Noise²)
// with a_k, e_j AR(1) calcium (c_t = g c_{t−1} + s_t, s_t ∈ {0,1} with
// probability Rate/FrameRate) and Q_j the contaminants' profiles. Cells sit
// on a jittered 3×2 grid with random elliptic shapes and orientations.
func Movie(rng *rand.Rand, cfg MovieConfig) MovieData {
	n := cfg.Size
	md := MovieData{Size: n, Frames: cfg.Frames, Pix: make([]float64, cfg.Frames*n*n)}
	type blob struct{ cx, cy, sx, sy, th float64 }
	cells := make([]blob, cfg.Cells)
	for k := range cells {
		gx, gy := k%3, k/3
		cells[k] = blob{
			cx: float64(n)*(float64(gx)+0.5)/3 + (rng.Float64()-0.5)*3,
			cy: float64(n)*(float64(gy)+0.5)/2 + (rng.Float64()-0.5)*3,
			sx: cfg.CellSigma * (0.85 + 0.3*rng.Float64()),
			sy: cfg.CellSigma * (0.85 + 0.3*rng.Float64()),
			th: math.Pi * rng.Float64(),
		}
	}
	render := func(b blob, peak, cut float64) []float64 {
		p := make([]float64, n*n)
		c, s := math.Cos(b.th), math.Sin(b.th)
		for y := 0; y < n; y++ {
			for x := 0; x < n; x++ {
				dx, dy := float64(x)-b.cx, float64(y)-b.cy
				u, v := c*dx+s*dy, -s*dx+c*dy
				e := math.Exp(-0.5 * (u*u/(b.sx*b.sx) + v*v/(b.sy*b.sy)))
				if e >= cut {
					p[y*n+x] = peak * e
				}
			}
		}
		return p
	}
	for _, b := range cells {
		md.Profiles = append(md.Profiles, render(b, 1, 0.05))
	}
	// Soma: a second cell body partly overlapping cell 0, in a random direction.
	if cfg.Cells > 0 {
		a := 2 * math.Pi * rng.Float64()
		b := cells[0]
		md.Contaminants = append(md.Contaminants, render(blob{cx: b.cx + cfg.SomaShift*math.Cos(a), cy: b.cy + cfg.SomaShift*math.Sin(a),
			sx: cfg.SomaSigma, sy: cfg.SomaSigma}, cfg.ContPeak, 0.01))
	}
	// Dendrite: an elongated process passing beside cell 1.
	if cfg.Cells > 1 {
		a := 2 * math.Pi * rng.Float64()
		b := cells[1]
		md.Contaminants = append(md.Contaminants, render(blob{cx: b.cx + cfg.DendShift*math.Cos(a), cy: b.cy + cfg.DendShift*math.Sin(a),
			sx: cfg.DendShort, sy: cfg.DendLong, th: a}, cfg.ContPeak, 0.01))
	}
	for j, q := range md.Contaminants {
		md.Overlap = append(md.Overlap, SupportOverlap(md.Profiles[j], q, cfg.ContPeak))
	}
	p := cfg.Rate / cfg.FrameRate
	trace := func() []float64 {
		a := make([]float64, cfg.Frames)
		prev := 0.0
		for t := range a {
			prev *= cfg.G
			if rng.Float64() < p {
				prev++
			}
			a[t] = prev
		}
		return a
	}
	for range md.Profiles {
		md.Calcium = append(md.Calcium, trace())
	}
	for range md.Contaminants {
		md.ContCalcium = append(md.ContCalcium, trace())
	}
	nn := n * n
	for t := 0; t < cfg.Frames; t++ {
		f := md.Pix[t*nn : (t+1)*nn]
		for i := range f {
			f[i] = cfg.Noise * rng.NormFloat64()
		}
		add := func(prof []float64, a float64) {
			if a == 0 {
				return
			}
			for i, v := range prof {
				if v != 0 {
					f[i] += a * v
				}
			}
		}
		for k, prof := range md.Profiles {
			add(prof, md.Calcium[k][t])
		}
		for j, prof := range md.Contaminants {
			add(prof, md.ContCalcium[j][t])
		}
	}
	return md
}
