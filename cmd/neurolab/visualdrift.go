package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"neurolab/analysis/drift"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

type driftFlags struct {
	responses, out string
	tuningMean     bool
	shuffles       int
	seed           uint64
	workers        int
}

// newVisualDriftCmd returns `neurolab visual-drift`: the drift analysis of
// Deitch, Rubin & Ziv (Curr Biol 2021) on a user's repeats × bins × cells
// responses.
func newVisualDriftCmd() *cobra.Command {
	var f driftFlags
	c := &cobra.Command{
		Use:   "visual-drift --responses FILE.npy [flags]",
		Short: "PV, ensemble-rate and tuning correlations and a time-lapse decoder across stimulus repeats (Deitch et al. 2021)",
		Long: "visual-drift reads responses to repeats of a stimulus (repeats × time bins × cells, e.g. mean\n" +
			"activity in 1-s bins of natural movie 1) and writes, against elapsed repeats, the population-vector,\n" +
			"ensemble-rate and tuning-curve correlations (median over cells, or mean with --tuning-mean) and the\n" +
			"accuracy of a 1-nearest-neighbour decoder trained on one repeat and tested on a later one, with its\n" +
			"label-shuffle control, to DIR/visual-drift.json with figures.",
		Args: noArgs,
		RunE: withProgress(func(c *cobra.Command, update func(float64)) error { return runVisualDrift(c, f, update) }),
	}
	fs := newCmdFlags(c)
	fs.File(&f.responses, "responses", "FILE.npy", "responses, repeats × time bins × cells", true)
	fs.Bool(&f.tuningMean, "tuning-mean", false, "average tuning correlations over cells with the mean (calcium Fig S1L) instead of the median (Neuropixels Fig 2I)")
	fs.Int(&f.shuffles, "shuffles", "N", 100, "label permutations of the decoder control", intAtLeast(1))
	fs.Out(&f.out, "visual-drift-out")
	fs.Seed(&f.seed, "random seed of the permutations")
	fs.Workers(&f.workers)
	fs.finish("  neurolab visual-drift --responses movie1_responses.npy --out movie1-drift")
	return c
}

type driftOutput struct {
	Input        string   `json:"input"`
	Repeats      int      `json:"repeats"`
	Bins         int      `json:"bins"`
	Cells        int      `json:"cells"`
	Lags         []int    `json:"lags"`
	PV           []any    `json:"pv_correlation"`
	Rate         []any    `json:"ensemble_rate_correlation"`
	Tuning       []any    `json:"tuning_correlation"`
	TuningAvg    string   `json:"tuning_average_over_cells"`
	DecoderPct   []any    `json:"decoder_accuracy_pct"`
	ShufflePct   any      `json:"decoder_shuffle_pct"`
	ChancePct    float64  `json:"decoder_chance_pct"`
	Figures      []string `json:"figures"`
	PVMatrix     []any    `json:"pv_matrix_upper"`
	DecoderNotes string   `json:"decoder"`
}

func runVisualDrift(c *cobra.Command, f driftFlags, update func(float64)) error {
	a, err := readFinite(f.responses, 3, "repeats × time bins × cells")
	if err != nil {
		return err
	}
	x := drift.Responses{Repeats: a.Shape[0], Bins: a.Shape[1], Cells: a.Shape[2], Data: a.Data}
	if x.Repeats < 2 || x.Bins < 2 || x.Cells < 2 {
		return experiment.Inputf("%s: shape %s; want at least 2 repeats, 2 bins and 2 cells", f.responses, a.ShapeString())
	}
	ctx := popCtx(c)
	r, err := drift.Analyze(ctx, x, drift.Options{TuningMean: f.tuningMean, Shuffles: f.shuffles, Seed: f.seed, Workers: f.workers, Progress: update})
	if err != nil {
		return analysisErr(ctx, c, f.out, f.responses, err)
	}
	out := driftOutput{Input: f.responses, Repeats: x.Repeats, Bins: x.Bins, Cells: x.Cells,
		PV: popNums(r.PVLag), Rate: popNums(r.RateLag), Tuning: popNums(r.TuningLag), TuningAvg: "median",
		ShufflePct: popNum(100 * r.Shuffle), ChancePct: 100 / float64(x.Bins), PVMatrix: popNums(r.PV),
		DecoderNotes: "1-nearest neighbour (Euclidean) trained on the bins of repeat r1, tested on repeat r2 > r1; accuracy per lag r2 − r1"}
	if f.tuningMean {
		out.TuningAvg = "mean"
	}
	dec := make([]float64, len(r.DecoderLag))
	lags := make([]float64, len(r.DecoderLag))
	for i, v := range r.DecoderLag {
		dec[i] = 100 * v
		lags[i] = float64(i + 1)
		out.Lags = append(out.Lags, i+1)
	}
	out.DecoderPct = popNums(dec)
	p := fig.New("Correlations against elapsed repeats", "elapsed repeats (lag)", "correlation")
	fig.Line(p, lags, r.PVLag, "PV", fig.Color(0))
	fig.Line(p, lags, r.RateLag, "ensemble rate", fig.Color(1))
	fig.Line(p, lags, r.TuningLag, "tuning ("+out.TuningAvg+")", fig.Color(2))
	d := fig.New("Time-lapse decoder accuracy against elapsed repeats", "elapsed repeats (lag)", "1-NN accuracy (%)")
	fig.Line(d, lags, dec, "decoder", fig.Color(0))
	fig.HLine(d, 100*r.Shuffle, 1, lags[len(lags)-1], "shuffled labels", fig.Gray)
	figs := []experiment.Figure{
		{Name: "correlation-curves", Caption: "PV, ensemble-rate and tuning-curve correlations against elapsed repeats.", Plot: p},
		{Name: "decoder-accuracy", Caption: "1-NN time-lapse decoder accuracy against elapsed repeats, with the shuffle control.", Plot: d},
	}
	if err := writeResults(f.out, "visual-drift.json", figs, &out, &out.Figures); err != nil {
		return err
	}
	update(1)
	last := len(r.PVLag) - 1
	printDone(c, fmt.Sprintf("%d repeats × %d bins × %d cells: PV correlation %.3g at lag 1, %.3g at lag %d; decoder %.3g %% → %.3g %% (shuffle %.3g %%)",
		x.Repeats, x.Bins, x.Cells, r.PVLag[0], r.PVLag[last], last+1, dec[0], dec[len(dec)-1], 100*r.Shuffle),
		f.out, []string{"visual-drift.json"}, len(out.Figures))
	return nil
}
