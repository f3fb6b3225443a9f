package mecmaps

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Config sets the generator (defaults in the spec: 80 cells, 80 bins of 5 cm
// on a 400-cm track, 150 trials).
type Config struct {
	Cells, Bins, Trials int
	TrackLen            float64 // cm
	FieldSigma          float64 // Gaussian field width σ, cm (spec: 10)
	PeakMin, PeakMax    float64 // field peak rate U(PeakMin, PeakMax), Hz (spec: 5, 20)
	Baseline            float64 // baseline rate, Hz (spec: 0.5)
	RemapFrac           float64 // fraction of cells that remap (spec: 0.6)
	ScaleMin, ScaleMax  float64 // remapped peak scaling U(ScaleMin, ScaleMax) (spec: 0.3, 2)
	PSwitch             float64 // per-trial switch probability once a stay is long enough (spec: 0.04)
	MinStay             int     // minimum trials per stay (spec: 5)
	Speed1, Speed2      float64 // running speed in map 1 and map 2, cm/s (spec: 20, 30)
	SpeedJitter         float64 // per-trial relative SD of the speed (0 in the spec; a jitter changes dwell times and so adds structure to a 1-map session)
	Dt                  float64 // observation bin, s (spec: 0.02)
}

// Default returns the spec's generator values.
func Default() Config {
	return Config{Cells: 80, Bins: 80, Trials: 150, TrackLen: 400, FieldSigma: 10, PeakMin: 5, PeakMax: 20,
		Baseline: 0.5, RemapFrac: 0.6, ScaleMin: 0.3, ScaleMax: 2, PSwitch: 0.04, MinStay: 5,
		Speed1: 20, Speed2: 30, SpeedJitter: 0, Dt: 0.02}
}

// Session is a simulated session with its ground truth.
type Session struct {
	// Y[(t*Bins+b)*Cells+c] is the rate of cell c in position bin b on trial t
	// divided by the cell's session maximum (trials × bins × cells, C order).
	Y           []float64
	Trials      int
	Bins, Cells int
	Map         []int        // true map of each trial: 0 (map 1, slow) or 1 (map 2, fast)
	Speed       []float64    // mean running speed of each trial, cm/s
	Remaps      []bool       // whether each cell remaps
	Rates       [2][]float64 // true rate maps (Hz), [map][b*Cells+c]
}

// Generate draws a session. With oneMap set every trial is in map 1 (the
// 1-map control).
func Generate(rng *rand.Rand, c Config, oneMap bool) Session {
	s := Session{Trials: c.Trials, Bins: c.Bins, Cells: c.Cells,
		Map: make([]int, c.Trials), Speed: make([]float64, c.Trials), Remaps: make([]bool, c.Cells)}
	binW := c.TrackLen / float64(c.Bins)
	nRemap := int(math.Round(c.RemapFrac * float64(c.Cells)))
	for _, i := range rng.Perm(c.Cells)[:nRemap] {
		s.Remaps[i] = true
	}
	for m := 0; m < 2; m++ {
		s.Rates[m] = make([]float64, c.Bins*c.Cells)
	}
	addField := func(dst []float64, cell int, centre, peak float64) {
		for b := 0; b < c.Bins; b++ {
			x := (float64(b) + 0.5) * binW
			d := (x - centre) / c.FieldSigma
			dst[b*c.Cells+cell] += peak * math.Exp(-d*d/2)
		}
	}
	for cell := 0; cell < c.Cells; cell++ {
		nf := 1 + rng.IntN(3)
		for b := 0; b < c.Bins; b++ {
			s.Rates[0][b*c.Cells+cell] = c.Baseline
			s.Rates[1][b*c.Cells+cell] = c.Baseline
		}
		for f := 0; f < nf; f++ {
			centre := rng.Float64() * c.TrackLen
			peak := c.PeakMin + (c.PeakMax-c.PeakMin)*rng.Float64()
			addField(s.Rates[0], cell, centre, peak)
			if s.Remaps[cell] {
				centre2 := rng.Float64() * c.TrackLen
				scale := c.ScaleMin + (c.ScaleMax-c.ScaleMin)*rng.Float64()
				addField(s.Rates[1], cell, centre2, peak*scale)
			} else {
				addField(s.Rates[1], cell, centre, peak)
			}
		}
	}
	// Map sequence: 2-state Markov chain, switching with probability PSwitch
	// per trial once the current stay has lasted MinStay trials.
	cur, stay := rng.IntN(2), 0
	if oneMap {
		cur = 0
	}
	for t := 0; t < c.Trials; t++ {
		if !oneMap && stay >= c.MinStay && rng.Float64() < c.PSwitch {
			cur, stay = 1-cur, 0
		}
		s.Map[t] = cur
		stay++
	}
	// Counts: the sum of Poisson counts in the 20-ms bins spent in a position
	// bin is Poisson(rate · dwell), dwell = (number of 20-ms bins) · dt.
	s.Y = make([]float64, c.Trials*c.Bins*c.Cells)
	pois := distuv.Poisson{Src: rng}
	for t := 0; t < c.Trials; t++ {
		v := c.Speed1
		if s.Map[t] == 1 {
			v = c.Speed2
		}
		v *= math.Max(0.2, 1+c.SpeedJitter*rng.NormFloat64())
		s.Speed[t] = v
		dwell := math.Max(1, math.Round(binW/v/c.Dt)) * c.Dt
		rates := s.Rates[s.Map[t]]
		row := s.Y[t*c.Bins*c.Cells : (t+1)*c.Bins*c.Cells]
		for i, r := range rates {
			pois.Lambda = r * dwell
			row[i] = pois.Rand() / dwell
		}
	}
	// Normalise by each cell's session maximum.
	for cell := 0; cell < c.Cells; cell++ {
		var m float64
		for i := cell; i < len(s.Y); i += c.Cells {
			m = math.Max(m, s.Y[i])
		}
		if m > 0 {
			for i := cell; i < len(s.Y); i += c.Cells {
				s.Y[i] /= m
			}
		}
	}
	return s
}
