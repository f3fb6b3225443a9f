package main

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"neurolab/analysis/placefield"
	"neurolab/analysis/remap"
	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/internal/fig"
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
		RunE: withProgress(func(c *cobra.Command, update func(float64)) error { return runMaps(c, f, update) }),
	}
	fs := newCmdFlags(c)
	fs.File(&f.events, "events", "FILE.npy", "events, frames × cells", true)
	fs.File(&f.position, "position", "FILE.npy", "position per frame, cm", true)
	fs.File(&f.trials, "trials", "FILE.npy", "trial index per frame, negative outside trials", true)
	fs.File(&f.sessions, "sessions", "FILE.npy", "session of each trial, in trial order", false)
	fs.Int(&f.bins, "bins", "N", 20, "position bins per direction over the position range", intIn(2, placefield.MaxBins))
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
	PV            any          `json:"pv_matrix"` // left nil here: writeResultsArray streams the matrix in, null for NaN
	Figures       []string     `json:"figures"`
	Notes         []string     `json:"notes,omitempty"`
}

// switchesText is "1 switch" or "N switches".
func switchesText(n int) string {
	if n == 1 {
		return "1 switch"
	}
	return fmt.Sprintf("%d switches", n)
}

func runMaps(c *cobra.Command, f mapsFlags, update func(float64)) error {
	if f.sessions == "" && c.Flags().Changed("min-sessions") {
		return experiment.Inputf("--min-sessions %d applies only with --sessions (the session of each trial); give --sessions FILE.npy or leave --min-sessions out", f.minSessions)
	}
	if math.Round(f.windowS*f.fs) < 1 {
		// Zero frames: the switch detector would count nothing and report no switches.
		return badFlag("window", f.windowS, "at least one frame, ≥ %.3g s at --fs %g Hz", 0.5/f.fs, f.fs)
	}
	ev, err := readFinite(f.events, 2, "frames × cells")
	if err != nil {
		return err
	}
	F, N := ev.Shape[0], ev.Shape[1]
	pos, err := npy.Read(f.position)
	if err != nil {
		return err
	}
	tr, err := npy.Read(f.trials)
	if err != nil {
		return err
	}
	tid, err := tr.Ints(f.trials)
	if err != nil {
		return err
	}
	// FromArrays checks the arrays' contents (the reads above check the
	// files), bins the frames and finds the running direction and speed.
	fr, info, err := placefield.FromArrays(mat.NewDense(F, N, ev.Data), pos.Data, tid, placefield.ArrayOptions{
		Bins: f.bins, FrameRate: f.fs, MinSpeed: f.minSpeed, SpeedSmoothing: f.smoothS, MinTrials: 2,
		EventsName: f.events, PositionName: f.position, TrialName: f.trials})
	var se *placefield.SpeedError
	if errors.As(err, &se) {
		return experiment.Inputf("%s: %d of %d in-trial frames reach --min-speed %g cm/s (%s; median speed %.3g cm/s, 95th percentile %.3g, at --fs %g Hz); is --position in cm and --fs the frame rate?",
			f.position, se.Kept, se.Frames, f.minSpeed, se.Reason(), se.Median, se.P95, f.fs)
	}
	if err != nil {
		return err
	}
	values := info.TrialValues
	nT := len(values)
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
	out := mapsOutput{Events: f.events, Frames: F, LostFrames: info.LostFrames, Cells: N, Trials: nT, TrialValues: values, Maps: ch.K,
		Silhouette: popNums(ch.Silhouette), Labels: ch.Labels, Switches: []mapsSwitch{}}
	mapsText := plural(ch.K, "map")
	if session != nil {
		out.MixedSessions = placefield.MixedSessions(ch.Labels, session)
		// With fewer sessions than --min-sessions no K > 1 can pass the
		// sessions rule, whatever the silhouettes say: say so.
		if ns := len(distinctInts(session)); ns < f.minSessions {
			out.Notes = append(out.Notes, fmt.Sprintf("%s has %d sessions, fewer than --min-sessions %d: K > 1 cannot be accepted (lower --min-sessions to allow it)",
				f.sessions, ns, f.minSessions))
			mapsText += fmt.Sprintf(" (%d sessions < --min-sessions %d)", ns, f.minSessions)
		}
	}
	if ch.K > 1 {
		out.Within, out.AcrossPV = withinAcrossPV(pv, ch.Labels)
	}
	tmpl := placefield.MapTemplates(maps, ch.Labels, ch.K, nil)
	so := placefield.SwitchOptions{Window: int(math.Round(f.windowS * f.fs)), Step: max(1, int(math.Round(f.stepS*f.fs))), Threshold: f.threshold, MinActive: 3}
	short := 0 // trials shorter than one window: the detector cannot run on them
	for t := range values {
		if info.End[t]-info.Start[t] < so.Window {
			short++
		}
		_, sw := placefield.DetectSwitches(fr, info.Start[t], info.End[t], tmpl, so)
		for _, s := range sw {
			out.Switches = append(out.Switches, mapsSwitch{Trial: t, TimeS: float64(s-info.Start[t]) / f.fs})
		}
	}
	if short > 0 {
		note := fmt.Sprintf("%d of %d trials are shorter than the --window %g s (%d frames at --fs %g Hz): no switches can be detected in them",
			short, nT, f.windowS, so.Window, f.fs)
		out.Notes = append(out.Notes, note)
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
	if err := writeResultsArray(f.out, "maps.json", figs, &out, &out.Figures, "pv_matrix", pv); err != nil {
		return err
	}
	update(1)
	places := 0
	for _, p := range out.PlaceCell {
		if p {
			places++
		}
	}
	sws := switchesText(len(out.Switches)) + " within trials"
	if short > 0 {
		sws += fmt.Sprintf(" (%d of %d trials shorter than --window %g s)", short, nT, f.windowS)
	}
	printDone(c, fmt.Sprintf("%d trials, %d cells: %s, %s, %d place cells", nT, N,
		mapsText, sws, places), f.out, []string{"maps.json"}, len(out.Figures))
	return nil
}

func mapsFigures(labels []int, pv []float64, tmpl []*mat.Dense, cells []int, bins int) []experiment.Figure {
	hm := fig.New("PV correlation between trials, ordered by map", "trial (by map, then time)", "trial (by map, then time)")
	g, caption := mapsPVGrid(pv, labels)
	fig.HeatMap(hm, g, false)
	figs := []experiment.Figure{{Name: "pv-matrix", Caption: caption, Plot: hm}}
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

// mapsPVGrid returns the trials × trials PV matrix pv as the grid of the
// pv-matrix figure, trials ordered by map, then time (placefield.OrderPV:
// the diagonal is blank), and its caption. Up to trialFigureSide trials it
// is the ordered matrix itself; for more, it is averaged over blocks of
// consecutive trials in that order by trialBlocks, as remap's similarity
// figure is, so that the figure stays trialFigureSide a side.
func mapsPVGrid(pv []float64, labels []int) (fig.Grid, string) {
	n := len(labels)
	data := placefield.OrderPV(pv, labels)
	if n <= trialFigureSide {
		return fig.Grid{Rows: n, Cols: n, Data: data}, "Trial × trial PV correlation, trials ordered by map."
	}
	g, runs := trialBlocks(data, n)
	return g, fmt.Sprintf("Trial × trial PV correlation, trials ordered by map, averaged over blocks: in that order, %s, and each cell is the mean PV correlation between the trials of two runs (a trial with itself left out; a run that straddles two maps mixes them).",
		runs)
}

// withinAcrossPV returns the mean PV correlation between trials of the same
// map and of different maps (each pair once; NaN and Inf left out), nil
// (null) where there are none: remap.WithinAcross, whose sums run in the
// order of stats.MeanNaN on the lists of pairs without holding them.
func withinAcrossPV(pv []float64, labels []int) (within, across any) {
	w, a := remap.WithinAcross(pv, labels)
	return popNum(w), popNum(a)
}
