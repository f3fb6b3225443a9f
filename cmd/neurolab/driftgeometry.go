package main

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"neurolab/analysis/geometry"
	"neurolab/dataio/npy"
	"neurolab/experiment"
	"neurolab/paper/aitken2022"
)

// newDriftGeometryCmd returns `neurolab drift-geometry`: the drift-geometry
// metrics of Aitken et al. (PLoS Comput Biol 2022) on a user's response
// tensor.
func newDriftGeometryCmd() *cobra.Command {
	var in, out string
	var lag int
	var noSVC, fewTrials bool
	var seed uint64
	c := &cobra.Command{
		Use:   "drift-geometry --input FILE.npy|FILE.npz [flags]",
		Short: "Measure the geometry of representational drift in a sessions × trials × cells tensor (Aitken et al. 2022)",
		Long: "drift-geometry computes, for every stimulus group and pair of sessions (s, s+lag), the\n" +
			"participation-ratio dimension, the drift-in-variation ratio γ, the variational-space overlap,\n" +
			"the angle of the drift to each PC, and linear SVCs between sessions (Aitken et al. 2022).\n\n" +
			"Input: a .npy array of shape (sessions, trials, cells), all trials one stimulus; or a .npz with\n" +
			"'responses' (sessions, trials, cells) or one (trials, cells) array per session (stacked in the\n" +
			"keys' natural order, numbers compared as numbers: arr_2 before arr_10, as np.savez numbers them),\n" +
			"and 'labels' of shape (trials,) or (sessions, trials) with integer stimulus labels.\n" +
			"Writes DIR/drift-geometry.json and the figures.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			x, labels, labelsGiven, err := readResponsesLabeled(in)
			if err != nil {
				return err
			}
			if x.Sessions < 2 {
				return experiment.Inputf("%s: %d session(s); want at least 2 (drift is measured between sessions s and s+lag)", in, x.Sessions)
			}
			if lag >= x.Sessions {
				return badFlag("lag", lag, "1..%d (%s has %d sessions)", max(1, x.Sessions-1), in, x.Sessions)
			}
			var notes []string
			if !labelsGiven {
				notes = append(notes, "no labels given: all trials are treated as one stimulus")
				if strings.ToLower(filepath.Ext(in)) == ".npz" {
					fmt.Fprintf(cmd.ErrOrStderr(), "drift-geometry: note: %s has no 'labels' array; all %d trials are treated as one stimulus\n", in, x.Trials)
				}
			}
			opt := geometry.Options{Lag: lag, SVC: !noSVC, Seed: seed}
			if len(distinctInts(labels)) < 2 {
				opt.SVC = false
			}
			if !fewTrials {
				opt.MinTrialsPerCell = 1
			}
			if err := geometry.Validate(x, labels, opt); err != nil {
				hint := ""
				if strings.Contains(err.Error(), "fewer trials than cells") {
					hint = " (pass --allow-few-trials to analyse such groups on their m−1 PCs with variance)"
				}
				return experiment.Inputf("%s: %v%s", in, err, hint)
			}
			ctx := popCtx(cmd)
			update, done := commandProgress("drift-geometry")
			update(0.05)
			opt.Progress = func(f float64) { update(0.05 + 0.95*f) }
			rep, err := geometry.Analyze(ctx, x, labels, opt)
			done()
			if err != nil || ctx.Err() != nil {
				return analysisErr(ctx, cmd, out, in, err)
			}
			sum := summary(in, rep, labelsGiven, notes)
			if err := writeResults(out, "drift-geometry.json", aitken2022.GeometryFigures(rep), &sum, &sum.Figures); err != nil {
				return err
			}
			nl := plural(len(rep.Labels), "label")
			if !labelsGiven {
				nl = "no labels (one stimulus)"
			}
			printDone(cmd, fmt.Sprintf("%d sessions × %d trials × %d cells, %s: D = %.3g, γ = %.3g (random %.3g), overlap %.3g",
				x.Sessions, x.Trials, x.Cells, nl, rep.D, rep.Gamma, rep.GammaRandom, rep.Overlap),
				out, []string{"drift-geometry.json"}, len(sum.Figures))
			return nil
		},
	}
	fs := newCmdFlags(c)
	fs.File(&in, "input", "FILE.npy|FILE.npz", "response tensor: .npy (sessions × trials × cells) or .npz (responses + labels)", true)
	fs.Int(&lag, "lag", "N", 1, "compare sessions s and s+lag (fewer than the sessions)", intAtLeast(1))
	fs.Bool(&noSVC, "no-svc", false, "skip the linear SVCs between sessions")
	fs.Bool(&fewTrials, "allow-few-trials", false, "accept groups with fewer trials than cells (PCA through the trials × trials Gram matrix, only the PCs with variance)")
	fs.Out(&out, "drift-geometry-out")
	fs.Seed(&seed, "seed of the SVC solver's coordinate order and folds")
	fs.finish("  neurolab drift-geometry --input sessions.npz --lag 1 --out drift")
	return c
}

// geometrySummary is the JSON written by drift-geometry.
type geometrySummary struct {
	Input                        string             `json:"input"`
	Sessions, Trials, Cells, Lag int                `json:"-"`
	Shape                        [3]int             `json:"shape"`
	Labels                       []int              `json:"labels"`
	LabelsGiven                  bool               `json:"labels_given"` // false: no labels in the input, all trials one stimulus
	Metrics                      map[string]float64 `json:"metrics"`
	Groups                       []map[string]any   `json:"groups"`
	Pairs                        []geometry.Pair    `json:"svc_pairs,omitempty"`
	Figures                      []string           `json:"figures"`
	Notes                        []string           `json:"notes,omitempty"`
}

func summary(in string, r *geometry.Report, labelsGiven bool, notes []string) geometrySummary {
	s := geometrySummary{Input: in, Shape: [3]int{r.Sessions, r.Trials, r.Cells}, Labels: r.Labels, Pairs: r.Pairs,
		LabelsGiven: labelsGiven, Notes: notes,
		Metrics: map[string]float64{
			"lag": float64(r.Lag), "dimension_D": r.D, "D_over_n": r.DOverN, "variance_captured": r.Captured,
			"gamma": r.Gamma, "gamma_random": r.GammaRandom, "overlap": r.Overlap, "drift_rel": r.DriftRel,
			"theta_pc1_deg": r.Theta1, "angle_slope": r.AngleSlope, "angle_r": r.AngleR,
			"frac_slope": r.FracSlope, "frac_r": r.FracR, "postvar_pc1_rel": r.PostVarPC1Rel,
		}}
	if len(r.Pairs) > 0 {
		s.Metrics["svc_angle_deg"] = r.SVCAngle
		s.Metrics["rel_cross_acc"] = r.RelCrossAcc
		s.Metrics["cross_acc"] = r.CrossAcc
		s.Metrics["within_acc"] = r.WithinAcc
	}
	few, minRank := 0, r.Cells
	for _, g := range r.Groups {
		s.Groups = append(s.Groups, map[string]any{"session": g.S, "label": g.Label, "D": g.D, "k": g.K, "rank": g.Rank,
			"variance_captured": g.Captured, "gamma": g.Gamma, "overlap": g.Overlap, "drift_rel": g.DriftRel,
			"theta_pc1_deg": g.Angle[0], "angle_r": g.AngleFit.R, "postvar_pc1_rel": g.PostVarPC1Rel})
		if g.Rank < r.Cells {
			few++
			minRank = min(minRank, g.Rank)
		}
	}
	if few > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("%d of %d groups have fewer trials than cells: their PCA keeps only the PCs with variance (at most trials − 1; 'rank' per group), over which their per-PC fits run; the figures show the first %d PCs, the fewest any group has",
			few, len(r.Groups), minRank))
	}
	return s
}

// readResponses reads the response tensor and labels of a .npy or .npz file.
func readResponses(path string) (geometry.Tensor, []int, error) {
	x, labels, _, err := readResponsesLabeled(path)
	return x, labels, err
}

// readResponsesLabeled is readResponses that also says whether the file
// gave labels (an .npz with a 'labels' array); without them every trial is
// labelled 0, one stimulus.
func readResponsesLabeled(path string) (geometry.Tensor, []int, bool, error) {
	bad := func(format string, args ...any) error {
		return experiment.Inputf("%s: %s", path, fmt.Sprintf(format, args...))
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npy":
		a, err := npy.Read(path)
		if err != nil {
			return geometry.Tensor{}, nil, false, err
		}
		x, err := tensorOf(a)
		if err != nil {
			return geometry.Tensor{}, nil, false, bad("%v", err)
		}
		return x, make([]int, x.Trials), false, nil
	case ".npz":
		keys, arrays, err := npy.ReadNPZ(path)
		if err != nil {
			return geometry.Tensor{}, nil, false, err
		}
		// Natural order, so that arr_2 comes before arr_10 (np.savez's
		// positional names) and session9 before session10.
		sort.Slice(keys, func(i, j int) bool { return naturalLess(keys[i], keys[j]) })
		var x geometry.Tensor
		if a, ok := arrays["responses"]; ok {
			if x, err = tensorOf(a); err != nil {
				return x, nil, false, bad("responses: %v", err)
			}
		} else {
			// One (trials, cells) array per session, in natural key order.
			var first string
			for _, k := range keys {
				if k == "labels" {
					continue
				}
				a := arrays[k]
				sh := a.Shape
				if len(sh) != 2 {
					return x, nil, false, bad("array %q has shape %s; want 'responses' (sessions, trials, cells) or one (trials, cells) array per session", k, a.ShapeString())
				}
				if x.Sessions == 0 {
					x.Trials, x.Cells, first = sh[0], sh[1], k
				} else if sh[0] != x.Trials || sh[1] != x.Cells {
					return x, nil, false, bad("ragged sessions: %q is %d×%d but %q is %d×%d (trials × cells); every session needs the same trials and cells",
						k, sh[0], sh[1], first, x.Trials, x.Cells)
				}
				x.Data = append(x.Data, a.Data...)
				x.Sessions++
			}
			if x.Sessions == 0 {
				return x, nil, false, bad("no response arrays (want 'responses' or one array per session)")
			}
		}
		labels := make([]int, x.Trials)
		a, given := arrays["labels"]
		if given {
			// (trials,), a (trials, 1) or (1, trials) column, or
			// (sessions, trials); (trials, sessions) would scramble the
			// labels across sessions without a word.
			sh := a.Shape
			column := len(sh) == 2 && (sh[0] == 1 || sh[1] == 1) && sh[0]*sh[1] == x.Trials
			if !(len(sh) == 1 || column || len(sh) == 2 && sh[0] == x.Sessions && sh[1] == x.Trials) {
				return x, nil, false, bad("labels: shape %s; want (trials,) = (%d,) or (sessions, trials) = (%d, %d)", a.ShapeString(), x.Trials, x.Sessions, x.Trials)
			}
			labels = make([]int, len(a.Data))
			for i, f := range a.Data {
				if f != math.Trunc(f) || math.IsNaN(f) || math.Abs(f) > 1<<53 {
					return x, nil, false, bad("labels: value %v at %d is not an integer", f, i)
				}
				labels[i] = int(f)
			}
		}
		return x, labels, given, nil
	}
	return geometry.Tensor{}, nil, false, bad("unknown extension %q (want .npy or .npz)", filepath.Ext(path))
}

// naturalLess orders strings with runs of digits compared as numbers:
// "arr_2" < "arr_10". Equal numbers with different leading zeros, and
// otherwise equal strings, fall back to byte order.
func naturalLess(a, b string) bool {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			i0, j0 := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na, nb := strings.TrimLeft(a[i0:i], "0"), strings.TrimLeft(b[j0:j], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			continue
		}
		if a[i] != b[j] {
			return a[i] < b[j]
		}
		i++
		j++
	}
	if len(a)-i != len(b)-j {
		return len(a)-i < len(b)-j
	}
	return a < b
}

func has(keys []string, k string) bool {
	for _, v := range keys {
		if v == k {
			return true
		}
	}
	return false
}

func distinctInts(v []int) map[int]bool {
	m := map[int]bool{}
	for _, x := range v {
		m[x] = true
	}
	return m
}

// tensorOf converts a 3-D array (C order) to a tensor.
func tensorOf(a *npy.Array) (geometry.Tensor, error) {
	if len(a.Shape) != 3 {
		return geometry.Tensor{}, fmt.Errorf("shape %s, want 3 dimensions (sessions, trials, cells)", a.ShapeString())
	}
	return geometry.Tensor{Sessions: a.Shape[0], Trials: a.Shape[1], Cells: a.Shape[2], Data: a.Data}, nil
}
