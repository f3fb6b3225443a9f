package placefield

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/num"
	istats "neurolab/internal/stats"
)

// MaxBins is the most position bins per direction FromArrays accepts: the
// rate maps hold cells × 2·Bins values per trial and their smoothing
// window grows with Bins (Sheintuch et al. use 24).
const MaxBins = 10000

// ArrayOptions sets how FromArrays turns a recording's arrays into Frames.
type ArrayOptions struct {
	// Bins is the number of position bins per running direction, 1..MaxBins:
	// equal bins over the range of the known (non-NaN) positions, the
	// largest position falling in the last bin.
	Bins int
	// FrameRate is the frame rate in Hz (> 0): velocities are position
	// units per second.
	FrameRate float64
	// MinSpeed (≥ 0, position units per second: cm/s for positions in cm)
	// is the smoothed speed a frame needs to be analysed.
	MinSpeed float64
	// SpeedSmoothing (≥ 0, seconds) is the width of the centred moving
	// average that smooths the velocity: 2·h+1 frames with
	// h = ⌊round(SpeedSmoothing·FrameRate)/2⌋ (0: no smoothing).
	SpeedSmoothing float64
	// MinTrials is the fewest trials accepted (0 means 1).
	MinTrials int
	// EventsName, PositionName and TrialName name the three arrays in
	// error messages (a command passes its file names); empty: "events",
	// "position" and "trial".
	EventsName, PositionName, TrialName string
}

// ArrayInfo describes how FromArrays read the arrays.
type ArrayInfo struct {
	// TrialValues holds the distinct non-negative values of trial in
	// increasing order: Frames.Trial t stands for TrialValues[t].
	TrialValues []int
	// Frames Start[t] .. End[t]−1 are trial t (one contiguous run).
	Start, End []int
	// LostFrames counts the frames whose position is NaN.
	LostFrames int
	// Lo and Hi are the smallest and largest known positions, the range
	// cut into Bins equal bins.
	Lo, Hi float64
	// Speed is the smoothed speed of every frame (position units per
	// second, the absolute value of the moving average of the known
	// velocities around it), NaN where the window holds no known velocity.
	Speed []float64
}

// minKept is the smallest fraction of in-trial frames with a position that
// must reach MinSpeed: below it the speed threshold, not the animal,
// decides which frames make the maps (positions not in the units of
// MinSpeed, or a wrong FrameRate).
const minKept = 0.1

// minDir is the smallest fraction of a trial's analysed frames that counts
// as covering a running direction.
const minDir = 0.1

// SpeedError is the input error of FromArrays when MinSpeed leaves too few
// frames to analyse: fewer than 10 % of the in-trial frames with a
// position reach it, or none in some trial. Its fields let a caller explain
// it in its own terms (the maps command names its flags). It wraps
// experiment.ErrInput.
type SpeedError struct {
	Position     string  // the position array's name (ArrayOptions.PositionName)
	Kept, Frames int     // in-trial frames with a position that reach MinSpeed, and all of them
	EmptyTrial   int     // value of the first trial with no frame reaching MinSpeed, or −1 if there is none
	Median, P95  float64 // median and 95th percentile of the known smoothed speeds of those Frames (NaN if none)
	MinSpeed     float64
	FrameRate    float64
}

// Reason says why the frames reaching MinSpeed are too few: "fewer than
// 10 %" or "trial T has none".
func (e *SpeedError) Reason() string {
	if e.EmptyTrial >= 0 {
		return fmt.Sprintf("trial %d has none", e.EmptyTrial)
	}
	return fmt.Sprintf("fewer than %g %%", 100*minKept)
}

func (e *SpeedError) Error() string {
	return fmt.Sprintf("%s: %d of %d in-trial frames reach MinSpeed %g (%s; median speed %.3g, 95th percentile %.3g, per second at FrameRate %g Hz); are the positions in the units of MinSpeed and FrameRate the frame rate?",
		e.Position, e.Kept, e.Frames, e.MinSpeed, e.Reason(), e.Median, e.P95, e.FrameRate)
}

// Is reports whether target is experiment.ErrInput.
func (e *SpeedError) Is(target error) bool { return target == experiment.ErrInput }

// FromArrays builds the Frames of a recording given as arrays: events
// (frames × cells; a value > 0 is an event), position per frame (NaN where
// tracking was lost) and trial per frame (negative: not in a trial; each
// trial one contiguous run of frames, typically one visit to the track
// with many laps in both directions). Frames.Cells and Bins are the events'
// columns and opt.Bins; per frame it sets:
//
//   - Dir: 1 where the smoothed velocity is negative (decreasing position),
//     else 0. The velocity of frame i is (position[i] − position[i−1])·
//     FrameRate (frame 0 takes frame 1's), NaN next to a lost position, and
//     is smoothed by a centred moving average over the known velocities
//     within SpeedSmoothing.
//   - Bin: ⌊(position − Lo)/(Hi − Lo)·Bins⌋ (Bins−1 at Hi) for an in-trial
//     frame with a position whose smoothed speed is at least MinSpeed, −1
//     for every other frame.
//   - Trial: the trial's rank among the trial values (info.TrialValues),
//     0 for frames outside trials (their Bin is −1).
//   - Events: the cells whose event value is > 0.
//
// Input errors wrap experiment.ErrInput and name the array: a non-finite
// event, an infinite position, every position NaN, a position or trial
// count that is not one per frame, a trial split into several runs, fewer
// than MinTrials trials, a constant position, too few frames reaching
// MinSpeed (a *SpeedError), and trials that each run one way only but in
// opposite directions, so that their rate maps share no bin (fewer than
// 10 % of a trial's analysed frames in a direction counts as none).
// Options out of range are an input error too.
func FromArrays(events mat.Matrix, position []float64, trial []int, opt ArrayOptions) (*Frames, *ArrayInfo, error) {
	if err := opt.check(); err != nil {
		return nil, nil, err
	}
	en, pn, tn := opt.EventsName, opt.PositionName, opt.TrialName
	if en == "" {
		en = "events"
	}
	if pn == "" {
		pn = "position"
	}
	if tn == "" {
		tn = "trial"
	}
	if d, ok := events.(*mat.Dense); events == nil || ok && d == nil {
		return nil, nil, experiment.Inputf("%s: no events matrix (want frames × cells)", en)
	}
	F, N := events.Dims()
	if F == 0 || N == 0 {
		return nil, nil, experiment.Inputf("%s: shape (%d, %d) is empty (want frames × cells)", en, F, N)
	}
	at := events.At
	if rm, ok := events.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		at = func(i, j int) float64 { return raw.Data[i*raw.Stride+j] }
	}
	for i := 0; i < F; i++ {
		for j := 0; j < N; j++ {
			if v := at(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, experiment.Inputf("%s: element (%d, %d) is %v; NaN and Inf are not allowed", en, i, j, v)
			}
		}
	}

	// Positions may be NaN where tracking was lost: those frames are left
	// out, like frames below the speed threshold. ±Inf is an error.
	info := &ArrayInfo{}
	for i, p := range position {
		if math.IsInf(p, 0) {
			return nil, nil, experiment.Inputf("%s: element %d is %v; positions must be finite (NaN marks a lost frame)", pn, i, p)
		}
		if math.IsNaN(p) {
			info.LostFrames++
		}
	}
	if info.LostFrames == len(position) {
		return nil, nil, experiment.Inputf("%s: every position is NaN", pn)
	}
	if len(position) != F {
		hint := ""
		if F < N {
			hint = fmt.Sprintf(" (is %s frames × cells? it has %d rows and %d columns)", en, F, N)
		}
		return nil, nil, experiment.Inputf("%s: %d positions for %d frames in %s%s", pn, len(position), F, en, hint)
	}
	if len(trial) != F {
		return nil, nil, experiment.Inputf("%s: %d trial indices for %d frames in %s", tn, len(trial), F, en)
	}

	// Trials: distinct non-negative values, each a contiguous run.
	start, end := map[int]int{}, map[int]int{}
	for i, t := range trial {
		if t < 0 {
			continue
		}
		if _, ok := start[t]; !ok {
			start[t] = i
			info.TrialValues = append(info.TrialValues, t)
		} else if end[t] != i-1 {
			return nil, nil, experiment.Inputf("%s: trial %d is not one contiguous run of frames (frame %d)", tn, t, i)
		}
		end[t] = i
	}
	values := info.TrialValues
	sort.Ints(values)
	nT := len(values)
	if minT := max(1, opt.MinTrials); nT < minT {
		return nil, nil, experiment.Inputf("%s: %d trial(s); want at least %d", tn, nT, minT)
	}
	idx := make(map[int]int, nT)
	info.Start, info.End = make([]int, nT), make([]int, nT)
	for t, v := range values {
		idx[v] = t
		info.Start[t], info.End[t] = start[v], end[v]+1
	}

	// Frames: bin, direction (smoothed velocity sign), speed threshold.
	// Positions of extreme magnitude, whose differences, spans or window
	// sums would overflow (or underflow), are used scaled by a power of two
	// g, with MinSpeed scaled alike: exact, so the frames are those of the
	// unscaled maths; ordinary positions are used as they are (g = 1).
	minSpeed := opt.MinSpeed
	g := num.Pow2Scale(position)
	if g != 1 {
		ps := make([]float64, F)
		for i, p := range position {
			ps[i] = p * g
		}
		position, minSpeed = ps, minSpeed*g
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range position {
		if !math.IsNaN(p) {
			lo, hi = math.Min(lo, p), math.Max(hi, p)
		}
	}
	if !(hi > lo) {
		return nil, nil, experiment.Inputf("%s: position is constant; cannot bin it", pn)
	}
	info.Lo, info.Hi = lo/g, hi/g
	fr := &Frames{Cells: N, Bins: opt.Bins, Bin: make([]int, F), Dir: make([]int8, F), Trial: make([]int, F), Events: make([][]int32, F)}
	info.Speed = make([]float64, F)
	vel := make([]float64, F)
	for i := 1; i < F; i++ {
		vel[i] = (position[i] - position[i-1]) * opt.FrameRate
	}
	if F > 1 {
		vel[0] = vel[1]
	}
	// A window wider than the recording covers all of it for every frame:
	// clamping h to F changes nothing and keeps it from overflowing int.
	half := F
	if w := math.Round(opt.SpeedSmoothing * opt.FrameRate); w < 2*float64(F) {
		half = int(w) / 2
	}
	var sum float64
	var cnt, nz int               // known velocities in the window, and the nonzero ones
	var speeds []float64          // smoothed speed of the in-trial frames with a position
	for i := 0; i < F+half; i++ { // centred moving average over the known velocities
		if i < F && !math.IsNaN(vel[i]) {
			sum += vel[i]
			cnt++
			if vel[i] != 0 {
				nz++
			}
		}
		if j := i - 2*half - 1; j >= 0 && !math.IsNaN(vel[j]) {
			sum -= vel[j]
			cnt--
			if vel[j] != 0 {
				nz--
			}
		}
		if nz == 0 {
			// A window of zero velocities (the animal at rest) sums to
			// exactly 0: drop the rounding residue of the running sum, which
			// would give a resting frame a speed and a direction.
			sum = 0
		}
		if k := i - half; k >= 0 && k < F {
			v := math.NaN()
			if cnt > 0 {
				v = sum / float64(cnt)
			}
			info.Speed[k] = math.Abs(v) / g
			if v < 0 {
				fr.Dir[k] = 1
			}
			fr.Bin[k] = -1
			if trial[k] >= 0 && !math.IsNaN(position[k]) {
				speeds = append(speeds, math.Abs(v)/g)
				if math.Abs(v) >= minSpeed {
					fr.Bin[k] = min(int((position[k]-lo)/(hi-lo)*float64(opt.Bins)), opt.Bins-1)
				}
			}
		}
	}
	if err := checkKept(fr, trial, idx, values, speeds, opt, pn, tn); err != nil {
		return nil, nil, err
	}
	for i := 0; i < F; i++ {
		if trial[i] >= 0 {
			fr.Trial[i] = idx[trial[i]]
		}
		for c := 0; c < N; c++ {
			if at(i, c) > 0 {
				fr.Events[i] = append(fr.Events[i], int32(c))
			}
		}
	}
	return fr, info, nil
}

// check returns an input error for options out of range.
func (o ArrayOptions) check() error {
	switch {
	case o.Bins < 1:
		return experiment.Inputf("placefield: FromArrays: Bins %d, want ≥ 1", o.Bins)
	case o.Bins > MaxBins:
		return experiment.Inputf("placefield: FromArrays: Bins %d, want at most %d (rate maps hold cells × 2·Bins values per trial, smoothed in O(Bins²))", o.Bins, MaxBins)
	case !(o.FrameRate > 0) || math.IsInf(o.FrameRate, 0):
		return experiment.Inputf("placefield: FromArrays: FrameRate %v, want a finite rate > 0 Hz", o.FrameRate)
	case !(o.MinSpeed >= 0) || math.IsInf(o.MinSpeed, 0):
		return experiment.Inputf("placefield: FromArrays: MinSpeed %v, want a finite speed ≥ 0", o.MinSpeed)
	case !(o.SpeedSmoothing >= 0) || math.IsInf(o.SpeedSmoothing, 0):
		return experiment.Inputf("placefield: FromArrays: SpeedSmoothing %v, want a finite window ≥ 0 s", o.SpeedSmoothing)
	case o.MinTrials < 0:
		return experiment.Inputf("placefield: FromArrays: MinTrials %d, want ≥ 0", o.MinTrials)
	}
	return nil
}

// checkKept returns a *SpeedError when MinSpeed leaves too few frames
// (fewer than minKept of the in-trial frames with a position, or a trial
// with none), and an input error when trials cover opposite single running
// directions, so that their rate maps share no bin to correlate (a trial
// is one visit to the track, many laps in both directions, not one run
// along it). speeds holds the smoothed speed of every in-trial frame with
// a position (NaN where no velocity is known around it).
func checkKept(fr *Frames, trial []int, idx map[int]int, values []int, speeds []float64, opt ArrayOptions, pn, tn string) error {
	nT := len(values)
	kept := make([][2]int, nT)
	total := 0
	for i, b := range fr.Bin {
		if b >= 0 {
			kept[idx[trial[i]]][fr.Dir[i]]++
			total++
		}
	}
	empty := -1
	for t, k := range kept {
		if k[0]+k[1] == 0 {
			empty = t
			break
		}
	}
	if n := len(speeds); empty >= 0 || float64(total) < minKept*float64(n) {
		var known []float64 // a frame next to lost positions may have no speed
		for _, v := range speeds {
			if !math.IsNaN(v) {
				known = append(known, v)
			}
		}
		sort.Float64s(known)
		e := &SpeedError{Position: pn, Kept: total, Frames: n, EmptyTrial: -1, Median: istats.MedianSorted(known), P95: math.NaN(),
			MinSpeed: opt.MinSpeed, FrameRate: opt.FrameRate}
		if m := len(known); m > 0 {
			e.P95 = known[min(m-1, int(0.95*float64(m)))]
		}
		if empty >= 0 {
			e.EmptyTrial = values[empty]
		}
		return e
	}
	oneWay := [2][]int{}
	for t, k := range kept {
		for d := 0; d < 2; d++ {
			if float64(k[1-d]) < minDir*float64(k[0]+k[1]) {
				oneWay[d] = append(oneWay[d], values[t])
			}
		}
	}
	if len(oneWay[0]) > 0 && len(oneWay[1]) > 0 {
		return experiment.Inputf("%s: %d trial(s) run one way only (first: trial %d) and %d the other way only (first: trial %d), so their rate maps share no bin; a trial is one visit to the track (all its laps, both directions; Sheintuch et al.), not one run along it: give every frame of a visit the same trial index",
			tn, len(oneWay[0]), oneWay[0][0], len(oneWay[1]), oneWay[1][0])
	}
	return nil
}
