package main

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"neurolab/analysis/placefield"
	"neurolab/analysis/stats"
	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/internal/fig"
	istats "neurolab/internal/stats"
	"neurolab/report"
)

type mapsFlags struct {
	events, position, trials, sessions, out string
	bins, maxK, minSessions, shuffles       int
	fs, minSpeed, smoothS, minSil           float64
	windowS, stepS, threshold               float64
	seed                                    uint64
	workers                                 int
}

// newMapsCmd returns `neurolab maps`: the multiple-maps analysis of
// Sheintuch et al. (Curr Biol 2020) on a user's event recording.
func newMapsCmd() *cobra.Command {
	var f mapsFlags
	c := &cobra.Command{
		Use:   "maps --events FILE.npy --position FILE.npy --trials FILE.npy [flags]",
		Short: "Cluster trials into coexisting spatial maps, detect switches and classify place cells (Sheintuch et al. 2020)",
		Long: "maps reads an event matrix (frames × cells; values > 0 are events), the position per frame (cm;\n" +
			"NaN where tracking was lost: those frames are left out)\n" +
			"and the trial index per frame (negative: not in a trial; each trial a contiguous run of frames).\n" +
			"A trial is one visit to the track (many laps, both running directions), not one run along it:\n" +
			"trials that run one way only, some each way, are an error (their rate maps share no bin).\n" +
			"Frames slower than --min-speed cm/s are left out; fewer than 10 % of the in-trial frames (or none\n" +
			"in some trial) reaching it is an error (positions not in cm, or a wrong --fs).\n" +
			"It builds smoothed rate maps per trial and running direction, clusters trials into maps by average\n" +
			"linkage on 1 − PV correlation with K in 1..--max-k chosen by silhouette (K > 1 needs silhouette ≥\n" +
			"--min-silhouette and, with --sessions, at least --min-sessions sessions holding two clusters), runs\n" +
			"the sliding-window switch detector within each trial and the spatial-information shuffle test per\n" +
			"cell, and writes DIR/maps.json with figures.",
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			update, done := newProgress("maps")
			defer done()
			return runMaps(c, f, update)
		},
	}
	fs := newCmdFlags(c)
	fs.File(&f.events, "events", "FILE.npy", "events, frames × cells", true)
	fs.File(&f.position, "position", "FILE.npy", "position per frame, cm", true)
	fs.File(&f.trials, "trials", "FILE.npy", "trial index per frame, negative outside trials", true)
	fs.File(&f.sessions, "sessions", "FILE.npy", "session of each trial, in trial order", false)
	fs.Int(&f.bins, "bins", "N", 20, "position bins per direction over the position range", intAtLeast(2))
	fs.Float(&f.fs, "fs", "HZ", 20, "frame rate (reference: 20)", above("a frame rate", 0, "Hz"))
	fs.Float(&f.minSpeed, "min-speed", "CM/S", 1, "frames slower than this are dropped (reference: 1)", atLeast("a speed", 0, "cm/s"))
	fs.Float(&f.smoothS, "speed-smoothing", "S", 0.4, "velocity smoothing window (reference: 0.4)", atLeast("a window", 0, "s"))
	fs.Int(&f.maxK, "max-k", "K", 4, "largest number of maps tried", intAtLeast(2))
	fs.Float(&f.minSil, "min-silhouette", "X", 0.25, "smallest best silhouette accepting K > 1", within("a silhouette", -1, 1))
	fs.Int(&f.minSessions, "min-sessions", "N", 3, "with --sessions: sessions that must hold ≥ 2 clusters to accept K > 1", intAtLeast(0))
	fs.Int(&f.shuffles, "shuffles", "N", 1000, "spatial-information shuffles (reference: 1000)", intAtLeast(1))
	fs.Float(&f.windowS, "window", "S", 60, "switch-detector window (reference: 60)", above("a window", 0, "s"))
	fs.Float(&f.stepS, "step", "S", 3, "switch-detector step (reference: 3)", above("a step", 0, "s"))
	fs.Float(&f.threshold, "threshold", "R", 0.2, "PV correlation a window needs to be assigned a map (reference: 0.2)", within("a PV correlation", -1, 1))
	fs.Out(&f.out, "maps-out")
	fs.Seed(&f.seed, "random seed of the shuffles")
	fs.Workers(&f.workers)
	fs.finish("  neurolab maps --events events.npy --position position.npy --trials trials.npy --sessions sessions.npy")
	return c
}

type mapsSwitch struct {
	Trial int     `json:"trial"`
	TimeS float64 `json:"time_s"` // from the trial's first frame; a window's time is its centre
}

type mapsOutput struct {
	Events        string       `json:"events"`
	Frames        int          `json:"frames"`
	LostFrames    int          `json:"frames_position_nan,omitempty"`
	Cells         int          `json:"cells"`
	Trials        int          `json:"trials"`
	TrialValues   []int        `json:"trial_values"`
	Maps          int          `json:"maps"`
	Silhouette    []any        `json:"silhouette_by_k"`
	MixedSessions any          `json:"sessions_with_two_clusters,omitempty"`
	Labels        []int        `json:"map_per_trial"`
	Within        any          `json:"within_map_pv,omitempty"`
	AcrossPV      any          `json:"across_map_pv,omitempty"`
	Switches      []mapsSwitch `json:"within_trial_switches"`
	SI            []any        `json:"spatial_info_bits_per_event"`
	SIp           []any        `json:"spatial_info_p"`
	PlaceCell     []bool       `json:"place_cell"`
	PV            []any        `json:"pv_matrix"`
	Figures       []string     `json:"figures"`
}

func runMaps(c *cobra.Command, f mapsFlags, update func(float64)) error {
	ev, err := npy.ReadRank(f.events, 2, "frames × cells")
	if err != nil {
		return err
	}
	if err := ev.CheckFinite(f.events); err != nil {
		return err
	}
	F, N := ev.Shape[0], ev.Shape[1]
	pos, err := npy.Read(f.position)
	if err != nil {
		return err
	}
	// Positions may be NaN where tracking was lost: those frames are left
	// out of the maps, like frames below the speed threshold. ±Inf is an
	// error.
	missing := 0
	for i, p := range pos.Data {
		if math.IsInf(p, 0) {
			return experiment.Inputf("%s: element %d is %v; positions must be finite (NaN marks a lost frame)", f.position, i, p)
		}
		if math.IsNaN(p) {
			missing++
		}
	}
	if missing == pos.Len() {
		return experiment.Inputf("%s: every position is NaN", f.position)
	}
	if pos.Len() != F {
		hint := ""
		if F < N {
			hint = fmt.Sprintf(" (is %s frames × cells? it has %d rows and %d columns)", f.events, F, N)
		}
		return experiment.Inputf("%s: %d positions for %d frames in %s%s", f.position, pos.Len(), F, f.events, hint)
	}
	tr, err := npy.Read(f.trials)
	if err != nil {
		return err
	}
	if tr.Len() != F {
		return experiment.Inputf("%s: %d trial indices for %d frames in %s", f.trials, tr.Len(), F, f.events)
	}
	tid, err := tr.Ints(f.trials)
	if err != nil {
		return err
	}
	// Trials: distinct non-negative values in order, each a contiguous run.
	var values []int
	start, end := map[int]int{}, map[int]int{}
	for i, t := range tid {
		if t < 0 {
			continue
		}
		if _, ok := start[t]; !ok {
			start[t] = i
			values = append(values, t)
		} else if end[t] != i-1 {
			return experiment.Inputf("%s: trial %d is not one contiguous run of frames (frame %d)", f.trials, t, i)
		}
		end[t] = i
	}
	sort.Ints(values)
	nT := len(values)
	if nT < 2 {
		return experiment.Inputf("%s: %d trial(s); want at least 2", f.trials, nT)
	}
	var session []int
	if f.sessions != "" {
		s, err := npy.Read(f.sessions)
		if err != nil {
			return err
		}
		if s.Len() != nT {
			return experiment.Inputf("%s: %d sessions for %d trials in %s", f.sessions, s.Len(), nT, f.trials)
		}
		if session, err = s.Ints(f.sessions); err != nil {
			return err
		}
	}
	// Frames: bin, direction (smoothed velocity sign), speed threshold.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pos.Data {
		if !math.IsNaN(p) {
			lo, hi = math.Min(lo, p), math.Max(hi, p)
		}
	}
	if !(hi > lo) {
		return experiment.Inputf("%s: position is constant; cannot bin it", f.position)
	}
	fr := &placefield.Frames{Cells: N, Bins: f.bins, Bin: make([]int, F), Dir: make([]int8, F), Trial: make([]int, F), Events: make([][]int32, F)}
	vel := make([]float64, F)
	for i := 1; i < F; i++ {
		vel[i] = (pos.Data[i] - pos.Data[i-1]) * f.fs
	}
	if F > 1 {
		vel[0] = vel[1]
	}
	half := int(math.Round(f.smoothS*f.fs)) / 2
	var sum float64
	var cnt int
	var speeds []float64          // smoothed speed of the in-trial frames with a position, cm/s if --position is in cm
	for i := 0; i < F+half; i++ { // centred moving average over the known velocities
		if i < F && !math.IsNaN(vel[i]) {
			sum += vel[i]
			cnt++
		}
		if j := i - 2*half - 1; j >= 0 && !math.IsNaN(vel[j]) {
			sum -= vel[j]
			cnt--
		}
		if k := i - half; k >= 0 && k < F {
			v := math.NaN()
			if cnt > 0 {
				v = sum / float64(cnt)
			}
			fr.Dir[k] = 0
			if v < 0 {
				fr.Dir[k] = 1
			}
			fr.Bin[k] = -1
			if tid[k] >= 0 && !math.IsNaN(pos.Data[k]) {
				speeds = append(speeds, math.Abs(v))
				if math.Abs(v) >= f.minSpeed {
					fr.Bin[k] = min(int((pos.Data[k]-lo)/(hi-lo)*float64(f.bins)), f.bins-1)
				}
			}
		}
	}
	idx := map[int]int{}
	for i, v := range values {
		idx[v] = i
	}
	if err := mapsCheckKept(f, fr, tid, idx, values, speeds); err != nil {
		return err
	}
	for i := 0; i < F; i++ {
		if tid[i] >= 0 {
			fr.Trial[i] = idx[tid[i]]
		}
		row := ev.Data[i*N : (i+1)*N]
		for c, v := range row {
			if v > 0 {
				fr.Events[i] = append(fr.Events[i], int32(c))
			}
		}
	}
	ctx := popCtx(c)
	maps, _ := placefield.TrialMaps(fr, nT)
	pv, err := placefield.PVMatrix(ctx, maps, f.workers)
	if ctx.Err() != nil {
		return analysisInterrupted("maps", f.out)
	}
	if err != nil {
		return err
	}
	update(0.2)
	ch := placefield.ClusterTrials(pv, nT, session, placefield.ClusterOptions{MaxK: f.maxK, MinSil: f.minSil, MinSessions: f.minSessions})
	out := mapsOutput{Events: f.events, Frames: F, LostFrames: missing, Cells: N, Trials: nT, TrialValues: values, Maps: ch.K,
		Silhouette: popNums(ch.Silhouette), Labels: ch.Labels, PV: popNums(pv), Switches: []mapsSwitch{}}
	if session != nil {
		out.MixedSessions = placefield.MixedSessions(ch.Labels, session)
	}
	if ch.K > 1 {
		var w, a []float64
		for i := 0; i < nT; i++ {
			for j := i + 1; j < nT; j++ {
				if ch.Labels[i] == ch.Labels[j] {
					w = append(w, pv[i*nT+j])
				} else {
					a = append(a, pv[i*nT+j])
				}
			}
		}
		out.Within, out.AcrossPV = popNum(stats.MeanNaN(w)), popNum(stats.MeanNaN(a))
	}
	tmpl := placefield.MapTemplates(maps, ch.Labels, ch.K, nil)
	so := placefield.SwitchOptions{Window: int(math.Round(f.windowS * f.fs)), Step: max(1, int(math.Round(f.stepS*f.fs))), Threshold: f.threshold, MinActive: 3}
	for t, v := range values {
		_, sw := placefield.DetectSwitches(fr, start[v], end[v]+1, tmpl, so)
		for _, s := range sw {
			out.Switches = append(out.Switches, mapsSwitch{Trial: t, TimeS: float64(s-start[v]) / f.fs})
		}
	}
	update(0.4)
	si, err := placefield.SITest(ctx, fr, func(int) bool { return true }, 3, f.shuffles, 0.05, f.seed, f.workers)
	if ctx.Err() != nil {
		return analysisInterrupted("maps", f.out)
	}
	if err != nil {
		return err
	}
	out.SI, out.SIp = make([]any, N), make([]any, N)
	out.PlaceCell = make([]bool, N)
	type ranked struct {
		c  int
		si float64
	}
	var rk []ranked
	for c, r := range si {
		if r.Active {
			out.SI[c], out.SIp[c] = r.SI, r.P
			out.PlaceCell[c] = r.P < 0.05
			rk = append(rk, ranked{c, r.SI})
		}
	}
	sort.SliceStable(rk, func(a, b int) bool { return rk[a].si > rk[b].si })
	update(0.9)
	var top []int
	for _, r := range rk[:min(3, len(rk))] {
		top = append(top, r.c)
	}
	figs := mapsFigures(ch.Labels, pv, tmpl, top, f.bins)
	if err := checkOut(f.out); err != nil {
		return err
	}
	files, err := report.WriteFigures(f.out, figs)
	if err != nil {
		return err
	}
	out.Figures = files
	update(1)
	if err := report.WriteJSON(filepath.Join(f.out, "maps.json"), out); err != nil {
		return err
	}
	places := 0
	for _, p := range out.PlaceCell {
		if p {
			places++
		}
	}
	printDone(c, fmt.Sprintf("%d trials, %d cells: %s, %s within trials, %d place cells", nT, N,
		plural(ch.K, "map"), plural(len(out.Switches), "switch"), places), f.out, []string{"maps.json"}, len(files))
	return nil
}

// mapsMinKept is the smallest fraction of in-trial frames (with a position)
// that must reach --min-speed: below it the speed threshold, not the
// animal, decides which frames make the maps (positions not in cm, or a
// wrong --fs).
const mapsMinKept = 0.1

// mapsMinDir is the smallest fraction of a trial's kept frames that counts
// as covering a running direction.
const mapsMinDir = 0.1

// mapsCheckKept returns an input error when the speed threshold leaves too
// few frames (fewer than mapsMinKept of the in-trial frames, or a trial
// with none), or when trials cover opposite single running directions, so
// that their rate maps share no bin to correlate (a trial is one visit to
// the track, many laps in both directions, not one run along it).
// speeds holds the smoothed speed of every in-trial frame with a position.
func mapsCheckKept(f mapsFlags, fr *placefield.Frames, tid []int, idx map[int]int, values []int, speeds []float64) error {
	nT := len(values)
	kept := make([][2]int, nT)
	total := 0
	for i, b := range fr.Bin {
		if b >= 0 {
			kept[idx[tid[i]]][fr.Dir[i]]++
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
	if n := len(speeds); empty >= 0 || float64(total) < mapsMinKept*float64(n) {
		sorted := append([]float64(nil), speeds...)
		sort.Float64s(sorted)
		med, p95 := istats.MedianSorted(sorted), math.NaN() // NaN if no frame
		if n > 0 {
			p95 = sorted[min(n-1, int(0.95*float64(n)))]
		}
		why := fmt.Sprintf("fewer than %g %%", 100*mapsMinKept)
		if empty >= 0 {
			why = fmt.Sprintf("trial %d has none", values[empty])
		}
		return experiment.Inputf("%s: %d of %d in-trial frames reach --min-speed %g cm/s (%s; median speed %.3g cm/s, 95th percentile %.3g, at --fs %g Hz); is --position in cm and --fs the frame rate?",
			f.position, total, n, f.minSpeed, why, med, p95, f.fs)
	}
	oneWay := [2][]int{}
	for t, k := range kept {
		for d := 0; d < 2; d++ {
			if float64(k[1-d]) < mapsMinDir*float64(k[0]+k[1]) {
				oneWay[d] = append(oneWay[d], values[t])
			}
		}
	}
	if len(oneWay[0]) > 0 && len(oneWay[1]) > 0 {
		return experiment.Inputf("%s: %d trial(s) run one way only (first: trial %d) and %d the other way only (first: trial %d), so their rate maps share no bin; a trial is one visit to the track (all its laps, both directions; Sheintuch et al.), not one run along it: give every frame of a visit the same trial index",
			f.trials, len(oneWay[0]), oneWay[0][0], len(oneWay[1]), oneWay[1][0])
	}
	return nil
}

func mapsFigures(labels []int, pv []float64, tmpl []*mat.Dense, cells []int, bins int) []experiment.Figure {
	n := len(labels)
	data := placefield.OrderPV(pv, labels)
	hm := fig.New("PV correlation between trials, ordered by map", "trial (by map, then time)", "trial (by map, then time)")
	fig.HeatMap(hm, fig.Grid{Rows: n, Cols: n, Data: data}, false)
	figs := []experiment.Figure{{Name: "pv-matrix", Caption: "Trial × trial PV correlation, trials ordered by map.", Plot: hm}}
	var row []*plot.Plot
	xs := make([]float64, 2*bins)
	for j := range xs {
		xs[j] = float64(j)
	}
	for _, c := range cells {
		p := fig.New(fmt.Sprintf("Cell %d in each map", c), fmt.Sprintf("bin (0–%d one way, %d–%d back)", bins-1, bins, 2*bins-1), "events/frame")
		for k, t := range tmpl {
			if t != nil {
				fig.Line(p, xs, mat.Row(nil, c, t), fmt.Sprintf("map %d", k), fig.Color(k)) // as in map_per_trial
			}
		}
		row = append(row, p)
	}
	if len(row) > 0 {
		figs = append(figs, experiment.Figure{Name: "example-cells", Caption: "Mean rate maps in each map of the cells with the highest spatial information.", Panels: [][]*plot.Plot{row}})
	}
	return figs
}
