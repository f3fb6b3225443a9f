package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot"

	"neurolab/analysis/remap"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

// remapFlags are the options of `neurolab remap`.
type remapFlags struct {
	tensor, speed, out string
	maps, maxMaps      int
	restarts, minTrial int
	minSil             float64
	seed               uint64
	workers            int
}

// newRemapCmd returns `neurolab remap`: the remapping analysis of Low et al.
// (Neuron 2021) on a user's trials × position bins × cells rate tensor.
func newRemapCmd() *cobra.Command {
	var f remapFlags
	c := &cobra.Command{
		Use:   "remap --tensor FILE.npy [flags]",
		Short: "Find spatial maps, remap events and remap scores in a trials × bins × cells rate tensor (Low et al. 2021)",
		Long: "remap clusters the trials of a rate tensor (trials × position bins × cells, as Low et al. share\n" +
			"theirs in *_MEC_FRtensor.npy) into K maps by k-means on unwrapped rate maps, and writes per-trial map\n" +
			"labels, remap events, the trial-similarity matrix, and for K = 2 the distance-to-cluster score per\n" +
			"trial and the remap score per cell, to DIR/remap.json with figures.\n" +
			"Without --maps, K in 2..--max-maps is chosen by silhouette (1 − |r| distance); K = 1 when the best\n" +
			"silhouette is below --min-silhouette (our rule: the paper does not state one).",
		Args: noArgs,
		RunE: withProgress(func(c *cobra.Command, update func(float64)) error { return runRemap(c, f, update) }),
	}
	fs := newCmdFlags(c)
	fs.File(&f.tensor, "tensor", "FILE.npy", "rate tensor, trials × position bins × cells", true)
	fs.File(&f.speed, "speed", "FILE.npy", "running speed per trial; maps are then numbered slowest first", false)
	fs.Int(&f.maps, "maps", "K", 0, "number of maps", zeroOr("chosen by silhouette", intAtLeast(1)))
	fs.Int(&f.maxMaps, "max-maps", "K", 4, "largest K tried when choosing K", intAtLeast(2))
	fs.Float(&f.minSil, "min-silhouette", "X", 0.25, "smallest best silhouette that accepts K > 1 when choosing K", within("a silhouette", -1, 1))
	fs.Int(&f.restarts, "restarts", "N", 100, "k-means restarts (Low et al.: 100)", intAtLeast(1))
	fs.Int(&f.minTrial, "min-trials", "N", 5, "minimum trials between remap events (Low et al.: 5)", intAtLeast(1))
	fs.Out(&f.out, "remap-out")
	fs.Seed(&f.seed, "random seed of the k-means starts")
	fs.Workers(&f.workers)
	fs.finish("  neurolab remap --tensor M1_MEC_FRtensor.npy --out m1-remap\n" +
		"  neurolab remap --tensor M1_MEC_FRtensor.npy --maps 2 --speed M1_speed.npy")
	return c
}

// remapOutput is what remap.json holds. NaN values are written as null.
type remapOutput struct {
	Input      string   `json:"input"`
	Trials     int      `json:"trials"`
	Bins       int      `json:"bins"`
	Cells      int      `json:"cells"`
	Maps       int      `json:"maps"`
	AutoK      bool     `json:"k_chosen_by_silhouette"`
	Silhouette []any    `json:"silhouette_by_k,omitempty"`
	Labels     []int    `json:"map_per_trial"`
	Events     []int    `json:"remap_event_trials"`
	Within     any      `json:"within_map_similarity"`
	Across     any      `json:"across_map_similarity"`
	MapSpeed   []any    `json:"speed_per_map,omitempty"`
	Score      []any    `json:"score_per_trial,omitempty"`
	RemapScore []any    `json:"remap_score_per_cell,omitempty"`
	Figures    []string `json:"figures"`
	Notes      []string `json:"notes,omitempty"`
}

func runRemap(c *cobra.Command, f remapFlags, update func(float64)) error {
	if f.maps > 0 {
		// --max-maps and --min-silhouette only steer the choice of K.
		for _, name := range []string{"max-maps", "min-silhouette"} {
			if c.Flags().Changed(name) {
				return experiment.Inputf("--%s applies only when K is chosen by silhouette; --maps %d sets K, so leave one of them out", name, f.maps)
			}
		}
	}
	a, err := readFinite(f.tensor, 3, "trials × position bins × cells")
	if err != nil {
		return err
	}
	x := remap.Tensor{Trials: a.Shape[0], Bins: a.Shape[1], Cells: a.Shape[2], Data: a.Data}
	if x.Trials < 2 {
		return experiment.Inputf("%s: %d trial(s); want at least 2", f.tensor, x.Trials)
	}
	if f.maps > x.Trials {
		return badFlag("maps", f.maps, "0 (chosen by silhouette) or 1..%d, the number of trials in %s", x.Trials, f.tensor)
	}
	var speed []float64
	if f.speed != "" {
		s, err := readFinite(f.speed, 0, "")
		if err != nil {
			return err
		}
		if s.Len() != x.Trials {
			return experiment.Inputf("%s: %d values, want one speed per trial (%d, from %s)", f.speed, s.Len(), x.Trials, f.tensor)
		}
		speed = s.Data
	}
	ctx := popCtx(c)
	o := remap.Options{Maps: f.maps, Restarts: f.restarts, MinTrials: f.minTrial, Seed: f.seed, Workers: f.workers, Speed: speed}
	out := remapOutput{Input: f.tensor, Trials: x.Trials, Bins: x.Bins, Cells: x.Cells}
	var r *remap.Result
	if f.maps == 0 {
		// Choosing K is most of the work: ChooseAndAnalyze reports it, and
		// reuses the similarity matrix and the chosen K's k-means.
		o.Progress = func(fr float64) { update(0.9 * fr) }
		var sil []float64
		r, sil, err = remap.ChooseAndAnalyze(ctx, x, min(f.maxMaps, x.Trials), f.minSil, o)
		if err != nil {
			return analysisErr(ctx, c, f.out, f.tensor, err)
		}
		out.AutoK, out.Silhouette = true, popNums(sil)
	} else {
		update(0.3)
		o.Progress = func(fr float64) { update(0.3 + 0.6*fr) }
		r, err = remap.Analyze(ctx, x, o)
		if err != nil {
			return analysisErr(ctx, c, f.out, f.tensor, err)
		}
	}
	out.Maps, out.Labels, out.Events = r.K, r.Labels, r.Events
	if out.Events == nil {
		out.Events = []int{}
	}
	out.Within, out.Across = popNum(r.Within), popNum(r.Across)
	out.MapSpeed = popNums(r.MapSpeed)
	out.Score, out.RemapScore = popNums(r.Score), popNums(r.RemapScore)
	for _, n := range remapDataNotes(x, r) {
		fmt.Fprintln(c.ErrOrStderr(), "neurolab: warning:", n)
		out.Notes = append(out.Notes, n)
	}
	if r.K == 2 {
		out.Notes = append(out.Notes, "score: +1 at the centroid of map 0, −1 at map 1 (maps numbered as in map_per_trial); remap score < 1 marks a consistent remapper (Low et al.)")
	}
	figs := remapFigures(x, r)
	if err := writeResults(f.out, "remap.json", figs, &out, &out.Figures); err != nil {
		return err
	}
	update(1)
	how := "set by --maps"
	if out.AutoK {
		how = "chosen by silhouette"
	}
	printDone(c, fmt.Sprintf("%d trials × %d bins × %d cells: %s (%s), %s", x.Trials, x.Bins, x.Cells,
		plural(r.K, "map"), how, plural(len(out.Events), "remap event")), f.out, []string{"remap.json"}, len(out.Figures))
	return nil
}

// remapDataNotes returns notes on trials the analysis cannot tell apart:
// constant trials (all zero, say, where tracking or imaging dropped out),
// whose similarity to every trial is undefined, and fewer distinct trials
// than maps, where some maps split identical trials arbitrarily.
func remapDataNotes(x remap.Tensor, r *remap.Result) []string {
	T, D := x.Trials, x.Bins*x.Cells
	var notes []string
	var constant []int
	for t := 0; t < T; t++ {
		if math.IsNaN(r.Similarity[t*T+t]) {
			constant = append(constant, t)
		}
	}
	if len(constant) > 0 {
		what := fmt.Sprintf("%d trials are", len(constant))
		if len(constant) == 1 {
			what = "1 trial is"
		}
		notes = append(notes, fmt.Sprintf("%s constant (every bin of every cell the same, e.g. all zero), trials %v: "+
			"their similarity to other trials is undefined (null), and k-means places them by Euclidean distance, so together they can form a map of their own; "+
			"drop them if they are lost tracking or imaging", what, trialList(constant)))
	}
	if n := distinctTrials(x.Data, T, D); n < r.K {
		notes = append(notes, fmt.Sprintf("only %s for K = %d maps: at least one map splits identical trials arbitrarily, and its remap events mean nothing",
			plural(n, "distinct trial"), r.K))
	}
	return notes
}

// distinctTrials counts the distinct rows of data, T rows of D values (0
// and −0 alike). Rows are grouped by a 64-bit hash of their values and
// compared exactly within a group, so hash collisions cannot merge rows,
// and no copy of the data is kept.
func distinctTrials(data []float64, T, D int) int {
	seed := maphash.MakeSeed()
	byHash := make(map[uint64][]int, T) // first row of each distinct value, by hash
	n := 0
	buf := make([]byte, 0, 8*D) // one row's bytes, reused
	for t := 0; t < T; t++ {
		row := data[t*D : (t+1)*D]
		buf = buf[:0]
		for _, f := range row {
			buf = binary.LittleEndian.AppendUint64(buf, zeroBits(f))
		}
		k := maphash.Bytes(seed, buf)
		seen := false
		for _, u := range byHash[k] {
			if sameTrial(row, data[u*D:(u+1)*D]) {
				seen = true
				break
			}
		}
		if !seen {
			byHash[k] = append(byHash[k], t)
			n++
		}
	}
	return n
}

// sameTrial reports whether a and b hold the same values bit for bit, 0
// and −0 alike.
func sameTrial(a, b []float64) bool {
	for i, v := range a {
		if zeroBits(v) != zeroBits(b[i]) {
			return false
		}
	}
	return true
}

// trialList formats trial indices, the first 20 and a count of the rest.
func trialList(idx []int) string {
	if len(idx) <= 20 {
		return fmt.Sprint(idx)
	}
	return fmt.Sprintf("%v and %d more", idx[:20], len(idx)-20)
}

func remapFigures(x remap.Tensor, r *remap.Result) []experiment.Figure {
	T := x.Trials
	sim := fig.New("Trial similarity |r| of rate maps, in time order", "trial", "trial")
	g, caption := remapSimilarityGrid(r.Similarity, T)
	fig.HeatMap(sim, g, false)
	figs := []experiment.Figure{{Name: "similarity-matrix", Caption: caption, Plot: sim}}
	tt := make([]float64, T)
	lab := make([]float64, T)
	for t := range tt {
		tt[t] = float64(t)
		lab[t] = float64(r.Labels[t]) // as in map_per_trial
	}
	var p *plot.Plot
	if r.Score != nil {
		p = fig.New("Distance-to-cluster score per trial", "trial", "score (+1 map 0, −1 map 1)")
		fig.Line(p, tt, r.Score, "score", fig.Color(0))
	} else {
		p = fig.New(fmt.Sprintf("Map per trial (K = %d)", r.K), "trial", "map (0–K−1, as in map_per_trial)")
		fig.Points(p, tt, lab, "map", fig.Color(0))
	}
	figs = append(figs, experiment.Figure{Name: "maps-per-trial", Caption: "Map assignment (or score) of each trial.", Plot: p})
	return figs
}

// remapFigureSide is the most rows (and columns) of the similarity figure:
// more trials are averaged in that many runs (trialBlocks).
const remapFigureSide = trialFigureSide

// remapSimilarityGrid returns the T × T similarity matrix sim as the grid
// of the similarity figure, with the diagonal (each trial with itself) left
// out, and its caption. Up to remapFigureSide trials it is the matrix
// itself; for more, it is averaged over blocks of consecutive trials by
// trialBlocks.
func remapSimilarityGrid(sim []float64, T int) (fig.Grid, string) {
	if T <= remapFigureSide {
		data := append([]float64(nil), sim...)
		for i := 0; i < T; i++ {
			data[i*T+i] = math.NaN()
		}
		return fig.Grid{Rows: T, Cols: T, Data: data}, "Trial × trial |correlation| of unwrapped rate maps."
	}
	g, runs := trialBlocks(sim, T)
	return g, fmt.Sprintf("Trial × trial |correlation| of unwrapped rate maps, averaged over blocks: %s, and each cell is the mean |r| between the trials of two runs (a trial with itself left out).",
		runs)
}

// popCtx returns the command's context, or Background when it has none.
func popCtx(c *cobra.Command) context.Context {
	if ctx := c.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// popNum returns v, or nil (JSON null) when v is NaN or Inf.
func popNum(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// popNums maps x through popNum; nil stays nil.
func popNums(x []float64) []any {
	if x == nil {
		return nil
	}
	out := make([]any, len(x))
	for i, v := range x {
		out[i] = popNum(v)
	}
	return out
}

// zeroBits returns the bits of v, those of 0 for −0.
func zeroBits(v float64) uint64 {
	if v == 0 {
		return 0
	}
	return math.Float64bits(v)
}
