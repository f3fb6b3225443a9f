package placemaps

import (
	"math"
	"math/rand/v2"
)

// Config sets the generator (spec defaults in Default).
type Config struct {
	PlaceCells      int     // cells that can hold place fields (spec: 250)
	UntunedCells    int     // active cells with uniform event probability (spec: 100)
	Sessions        int     // recording sessions (spec: 8)
	DaysBetween     int     // days between sessions (spec: 2)
	TrialsPerSess   int     // trials per session (spec: 5)
	TrialSeconds    float64 // trial duration, s (spec: 180)
	FrameRate       float64 // frames per second (spec: 20)
	TrackCM         float64 // track length, cm (96)
	BinCM           float64 // position bin, cm (4)
	FirstBin        int     // first analysed bin, 0-based (2, i.e. MATLAB bin 3)
	Bins            int     // analysed bins per direction (20)
	SpeedCMs        float64 // running speed, cm/s (spec: 15)
	Maps            int     // number of maps K (spec: 2; 1 for the control)
	PMap1           float64 // P(map 1) for each trial when K = 2 (spec: 0.6)
	ActiveFrac      float64 // fraction of place cells active in each map (spec: 0.35)
	FieldSigma      float64 // field width, bins (spec: 1)
	PeakProb        float64 // peak event probability per frame (spec: 0.3)
	UntunedProb     float64 // untuned event probability per frame (spec: 0.02)
	TurnoverPerSess float64 // fraction of each map's active cells redrawn per session (spec: 0.05)
}

// Default returns the spec's values for K maps.
func Default(maps int) Config {
	return Config{PlaceCells: 250, UntunedCells: 100, Sessions: 8, DaysBetween: 2, TrialsPerSess: 5,
		TrialSeconds: 180, FrameRate: 20, TrackCM: 96, BinCM: 4, FirstBin: 2, Bins: 20, SpeedCMs: 15,
		Maps: maps, PMap1: 0.6, ActiveFrac: 0.35, FieldSigma: 1, PeakProb: 0.3, UntunedProb: 0.02,
		TurnoverPerSess: 0.05}
}

// Recording is a simulated recording with its ground truth. Cells
// 0..PlaceCells−1 are place cells, the rest untuned.
type Recording struct {
	Cells int
	Bins  int // analysed position bins per direction (Config.Bins): Bin is in −1..Bins−1
	// Per frame: analysed position bin (−1 outside the analysed bins),
	// running direction (0 or 1), trial, position (cm), and the cells with an
	// event.
	Bin      []int
	Dir      []int8
	Trial    []int
	Position []float64
	Events   [][]int32
	// Per trial: session, day, map (0-based), and the frame of an inserted
	// switch (−1 if none; the map then changes to SwitchTo at that frame).
	TrialSession []int
	TrialDay     []int
	TrialMap     []int
	SwitchFrame  []int
	SwitchTo     []int
	// Active[s][m][c]: place cell c is active in map m during session s.
	Active [][][]bool
	// Centre[s][m][c*2+d]: field centre (analysed-bin units) of cell c in
	// direction d for map m in session s.
	Centre  [][][]float64
	Untuned []bool
}

// TrialStarts returns the first frame of each trial and, last, the number of
// frames (frames are stored trial after trial).
func (r *Recording) TrialStarts() []int {
	starts := make([]int, len(r.TrialMap)+1)
	t := 0
	for f, tr := range r.Trial {
		for tr >= t {
			starts[t] = f
			t++
		}
	}
	for ; t <= len(r.TrialMap); t++ {
		starts[t] = len(r.Trial)
	}
	return starts
}

// track holds the geometry derived from a Config.
type track struct {
	c              Config
	step           float64
	nPos           int
	framesPerTrial int
}

func newTrack(c Config) track {
	step := c.SpeedCMs / c.FrameRate
	return track{c: c, step: step, nPos: int(math.Round(2 * c.TrackCM / step)),
		framesPerTrial: int(math.Round(c.TrialSeconds * c.FrameRate))}
}

// pos returns the position (cm) and direction at lap step k: the mouse runs
// from 0 to TrackCM and back.
func (t track) pos(k int) (cm float64, dir int8) {
	k %= t.nPos
	x := float64(k) * t.step
	if x < t.c.TrackCM {
		return x, 0
	}
	return 2*t.c.TrackCM - x, 1
}

// probTable returns the event probability of each place cell at each lap step
// ([cell*nPos+k]) for one map's active set and field centres.
func (t track) probTable(active []bool, centre []float64) []float64 {
	c := t.c
	prob := make([]float64, c.PlaceCells*t.nPos)
	for i := 0; i < c.PlaceCells; i++ {
		if !active[i] {
			continue
		}
		for k := 0; k < t.nPos; k++ {
			cm, d := t.pos(k)
			x := cm/c.BinCM - float64(c.FirstBin)
			if x >= 0 && x < float64(c.Bins) {
				z := (x - centre[2*i+int(d)]) / c.FieldSigma
				if z*z < 32 {
					prob[i*t.nPos+k] = c.PeakProb * math.Exp(-z*z/2)
				}
			}
		}
	}
	return prob
}

// simulateTrial appends one trial's frames to r: map m until frame sw (of
// the trial), map m2 from then on.
func (t track) simulateTrial(rng *rand.Rand, r *Recording, trial int, probs [][]float64, m, m2, sw int) {
	c := t.c
	N := c.PlaceCells + c.UntunedCells
	for f := 0; f < t.framesPerTrial; f++ {
		if f == sw {
			r.SwitchFrame[trial] = len(r.Bin)
			m = m2
		}
		cm, d := t.pos(f)
		b := int(math.Floor(cm/c.BinCM)) - c.FirstBin
		if b < 0 || b >= c.Bins {
			b = -1
		}
		r.Bin = append(r.Bin, b)
		r.Dir = append(r.Dir, d)
		r.Trial = append(r.Trial, trial)
		r.Position = append(r.Position, cm)
		var ev []int32
		kk := f % t.nPos
		pm := probs[m]
		for i := 0; i < c.PlaceCells; i++ {
			if p := pm[i*t.nPos+kk]; p > 0 && rng.Float64() < p {
				ev = append(ev, int32(i))
			}
		}
		for i := c.PlaceCells; i < N; i++ {
			if rng.Float64() < c.UntunedProb {
				ev = append(ev, int32(i))
			}
		}
		r.Events = append(r.Events, ev)
	}
}

// Generate draws a recording with no within-trial switch.
func Generate(rng *rand.Rand, c Config) *Recording {
	N := c.PlaceCells + c.UntunedCells
	nTrials := c.Sessions * c.TrialsPerSess
	r := &Recording{Cells: N, Bins: c.Bins, TrialSession: make([]int, nTrials), TrialDay: make([]int, nTrials),
		TrialMap: make([]int, nTrials), SwitchFrame: make([]int, nTrials), SwitchTo: make([]int, nTrials),
		Untuned: make([]bool, N)}
	for i := c.PlaceCells; i < N; i++ {
		r.Untuned[i] = true
	}
	nActive := int(math.Round(c.ActiveFrac * float64(c.PlaceCells)))
	nTurn := int(math.Round(c.TurnoverPerSess * float64(nActive)))
	active := make([][]bool, c.Maps)
	centre := make([][]float64, c.Maps)
	for m := 0; m < c.Maps; m++ {
		active[m] = make([]bool, c.PlaceCells)
		centre[m] = make([]float64, 2*c.PlaceCells)
		for _, i := range rng.Perm(c.PlaceCells)[:nActive] {
			active[m][i] = true
		}
		for i := range centre[m] {
			centre[m][i] = rng.Float64() * float64(c.Bins)
		}
	}
	t := newTrack(c)
	trial := 0
	for s := 0; s < c.Sessions; s++ {
		if s > 0 { // turnover: nTurn active cells swapped for inactive ones with new fields
			for m := 0; m < c.Maps; m++ {
				var on, off []int
				for i, a := range active[m] {
					if a {
						on = append(on, i)
					} else {
						off = append(off, i)
					}
				}
				rng.Shuffle(len(on), func(i, j int) { on[i], on[j] = on[j], on[i] })
				rng.Shuffle(len(off), func(i, j int) { off[i], off[j] = off[j], off[i] })
				for k := 0; k < nTurn && k < len(off); k++ {
					active[m][on[k]] = false
					active[m][off[k]] = true
					centre[m][2*off[k]] = rng.Float64() * float64(c.Bins)
					centre[m][2*off[k]+1] = rng.Float64() * float64(c.Bins)
				}
			}
		}
		snapA := make([][]bool, c.Maps)
		snapC := make([][]float64, c.Maps)
		probs := make([][]float64, c.Maps)
		for m := 0; m < c.Maps; m++ {
			snapA[m] = append([]bool(nil), active[m]...)
			snapC[m] = append([]float64(nil), centre[m]...)
			probs[m] = t.probTable(active[m], centre[m])
		}
		r.Active = append(r.Active, snapA)
		r.Centre = append(r.Centre, snapC)
		for k := 0; k < c.TrialsPerSess; k++ {
			m := 0
			if c.Maps == 2 {
				if rng.Float64() >= c.PMap1 {
					m = 1
				}
			} else if c.Maps > 2 {
				m = rng.IntN(c.Maps)
			}
			r.TrialSession[trial], r.TrialDay[trial], r.TrialMap[trial] = s, s*c.DaysBetween, m
			r.SwitchFrame[trial], r.SwitchTo[trial] = -1, m
			t.simulateTrial(rng, r, trial, probs, m, m, -1)
			trial++
		}
	}
	return r
}

// SwitchTrial simulates one extra trial of session s of rec (same cells and
// fields) that starts in map from and switches to map to after frac of the
// trial. The returned recording holds that trial alone (trial index 0).
func SwitchTrial(rng *rand.Rand, c Config, rec *Recording, s, from, to int, frac float64) *Recording {
	t := newTrack(c)
	r := &Recording{Cells: rec.Cells, Bins: c.Bins, TrialSession: []int{s}, TrialDay: []int{s * c.DaysBetween},
		TrialMap: []int{from}, SwitchFrame: []int{-1}, SwitchTo: []int{to}, Untuned: rec.Untuned,
		Active: rec.Active[s : s+1], Centre: rec.Centre[s : s+1]}
	probs := make([][]float64, c.Maps)
	for m := range probs {
		probs[m] = t.probTable(rec.Active[s][m], rec.Centre[s][m])
	}
	t.simulateTrial(rng, r, 0, probs, from, to, int(math.Round(frac*float64(t.framesPerTrial))))
	return r
}
