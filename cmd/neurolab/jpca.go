package main

import (
	"errors"
	"fmt"
	"sort"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/analysis/jpca"
	"neurolab/experiment"
	"neurolab/internal/fig"
)

// jpcaFlags are the options of `neurolab jpca`.
type jpcaFlags struct {
	input, out string
	dims       int
	binMS      float64
	softNorm   float64
	noNorm     bool
	keepMean   bool
}

// newJPCACmd returns `neurolab jpca`: jPCA (Churchland et al., Nature 2012)
// on a user's condition-averaged activity, conditions × time bins × neurons.
func newJPCACmd() *cobra.Command {
	var f jpcaFlags
	c := &cobra.Command{
		Use:   "jpca --input FILE.npy [flags]",
		Short: "Find rotational dynamics (jPCA, Churchland et al. 2012) in conditions × time × neurons data",
		Long: "jpca soft-normalises each neuron (range + --soft-norm), subtracts the cross-condition mean in each\n" +
			"time bin, keeps the top --dims principal components, fits dX/dt = M X by least squares with M\n" +
			"unconstrained (M_best) and skew-symmetric (M_skew), regressing (X_{t+1} − X_t)/Δt on the midpoint\n" +
			"(X_t + X_{t+1})/2, and reports R² of both, their ratio and the jPC planes with their rotation\n" +
			"frequencies, to DIR/jpca.json with a figure of the planes. Planes are numbered by |ω| (Churchland's\n" +
			"rule: jPC plane 1 rotates fastest), which need not be the plane with the most variance: the summary\n" +
			"line and the figure also name the plane with the largest in-plane R² (the fraction of Σ‖dX‖² the\n" +
			"skew fit captures in that plane). Input: a .npy array of float64, float32, any integer type or bool.",
		Args: noArgs,
		RunE: withProgress(func(c *cobra.Command, update func(float64)) error {
			out, err := runJPCA(f, update)
			if err != nil {
				return err
			}
			printDone(c, jpcaSummary(out), f.out, []string{"jpca.json"}, len(out.Figures))
			return nil
		}),
	}
	fs := newCmdFlags(c)
	fs.File(&f.input, "input", "FILE.npy", "condition-averaged activity, conditions × time bins × neurons", true)
	fs.Int(&f.dims, "dims", "K", 6, "principal components kept (at most the number of neurons)", numRange("an even integer ≥ 2", func(v float64) bool { return v >= 2 && int(v)%2 == 0 }))
	fs.Float(&f.binMS, "bin-ms", "MS", 10, "time-bin width in ms (sets the frequency unit to Hz)", above("a width", 0, "ms"))
	fs.Float(&f.softNorm, "soft-norm", "C", 5, "soft-normalisation constant: each neuron is divided by its range + C (Churchland 2012: 5 spikes/s)", atLeast("a constant", 0, ""))
	fs.Bool(&f.noNorm, "no-normalize", false, "skip the soft-normalisation")
	fs.Bool(&f.keepMean, "keep-mean", false, "skip the cross-condition mean subtraction")
	fs.Out(&f.out, "jpca-out")
	fs.finish("  neurolab jpca --input reach.npy --dims 6 --bin-ms 10 --out reach-jpca")
	return c
}

// jpcaPlane is one jPC plane in jpca.json.
type jpcaPlane struct {
	FreqHz float64      `json:"freq_hz"`
	Omega  float64      `json:"omega_rad_per_s"`
	R2     float64      `json:"r2_in_plane"`
	InPC   [2][]float64 `json:"axes_in_pc_coordinates"`
	Neural [2][]float64 `json:"axes_in_neuron_coordinates"`
}

// jpcaOutput is what jpca.json holds.
type jpcaOutput struct {
	Input      string        `json:"input"`
	Conditions int           `json:"conditions"`
	Times      int           `json:"time_bins"`
	Neurons    int           `json:"neurons"`
	Dims       int           `json:"dims"`
	BinMS      float64       `json:"bin_ms"`
	SoftNorm   any           `json:"soft_norm"`
	MeanSub    bool          `json:"cross_condition_mean_subtracted"`
	VarExpl    []float64     `json:"pc_variance_explained"`
	R2Best     float64       `json:"r2_best"`
	R2Skew     float64       `json:"r2_skew"`
	Ratio      float64       `json:"r2_skew_over_r2_best"`
	Mbest      [][]float64   `json:"m_best"`
	Mskew      [][]float64   `json:"m_skew"`
	Planes     []jpcaPlane   `json:"planes"`              // ordered by |ω|, fastest first (Churchland et al.)
	MostVar    int           `json:"most_variance_plane"` // index into planes of the largest in-plane R²
	Projection [][][]float64 `json:"plane1_projection"`   // conditions × time × 2
	Figures    []string      `json:"figures"`
}

// runJPCA fits jPCA to f's input, reporting the fraction done to update
// (the fit is 95 %, writing the figure and JSON the rest).
func runJPCA(f jpcaFlags, update func(float64)) (*jpcaOutput, error) {
	a, err := readFinite(f.input, 3, "conditions × time bins × neurons")
	if err != nil {
		return nil, err
	}
	C, T, N := a.Shape[0], a.Shape[1], a.Shape[2]
	if C < 2 {
		return nil, experiment.Inputf("%s: %d condition(s); jPCA needs at least 2 (shape %s = conditions × time × neurons)", f.input, C, a.ShapeString())
	}
	if N < 2 {
		return nil, experiment.Inputf("%s: %d neuron; jPCA needs at least 2 (shape %s = conditions × time × neurons)", f.input, N, a.ShapeString())
	}
	if f.dims > N {
		return nil, badFlag("dims", f.dims, "an even integer from 2 to %d, the %d neurons of %s (shape %s)", N-N%2, N, f.input, a.ShapeString())
	}
	// The midpoint regression has C·(T−1) samples, and after the
	// cross-condition mean subtraction they sum to zero in each time step:
	// at most (C−1)·(T−1) independent dimensions (C·(T−1) with
	// --keep-mean). More --dims leave Σ x xᵀ singular.
	if T >= 3 {
		rank, why := (C-1)*(T-1), "(conditions − 1)·(time bins − 1) after the cross-condition mean subtraction"
		if f.keepMean {
			rank, why = C*(T-1), "conditions·(time bins − 1)"
		}
		if maxDims := min(N, rank) &^ 1; f.dims > maxDims {
			return nil, badFlag("dims", f.dims, "an even integer from 2 to %d: %s (shape %s) has %d neurons and at most %d independent dimensions, %s",
				maxDims, f.input, a.ShapeString(), N, rank, why)
		}
	}
	data := make([]*mat.Dense, C)
	for c := 0; c < C; c++ {
		data[c] = mat.NewDense(T, N, append([]float64(nil), a.Data[c*T*N:(c+1)*T*N]...))
	}
	opt := jpca.Options{Dims: f.dims, Dt: f.binMS / 1000, Normalize: !f.noNorm, SoftNorm: f.softNorm, KeepMean: f.keepMean,
		Progress: func(fr float64) { update(0.95 * fr) }}
	r, err := jpca.Fit(data, opt)
	if err != nil {
		// Data with fewer independent dimensions than --dims can pass the
		// Cholesky factorisation and fail in the solve (jpca wraps gonum's
		// mat.Condition): say so in the flag's terms.
		var cond mat.Condition
		if errors.As(err, &cond) {
			return nil, experiment.Inputf("%s: the data have fewer than %d independent dimensions after the reduction to --dims %d (the midpoint regression is singular, condition number %.3g): try a smaller --dims",
				f.input, f.dims, f.dims, float64(cond))
		}
		if errors.Is(err, jpca.ErrInput) {
			return nil, experiment.Inputf("%s: %v", f.input, err)
		}
		return nil, err
	}
	if len(r.Planes) == 0 {
		return nil, experiment.Inputf("%s: M_skew has no rotation planes (degenerate data)", f.input)
	}
	out := &jpcaOutput{Input: f.input, Conditions: C, Times: T, Neurons: N, Dims: f.dims, BinMS: f.binMS,
		MeanSub: !f.keepMean, VarExpl: r.VarExpl, R2Best: r.R2Best, R2Skew: r.R2Skew, Ratio: r.Ratio(),
		Mbest: rows(r.Mbest), Mskew: rows(r.Mskew)}
	if f.noNorm {
		out.SoftNorm = nil
	} else {
		out.SoftNorm = f.softNorm
	}
	for _, p := range r.Planes {
		out.Planes = append(out.Planes, jpcaPlane{FreqHz: p.Freq, Omega: p.Omega, R2: p.R2, InPC: p.InPC, Neural: p.Neural})
	}
	out.MostVar = jpcaMostVariance(r.Planes)
	for _, P := range r.Planes[0].Proj {
		out.Projection = append(out.Projection, rows(P))
	}
	if err := writeResults(f.out, "jpca.json", []experiment.Figure{jpcaPlaneFigure(r)}, out, &out.Figures); err != nil {
		return nil, err
	}
	update(1)
	return out, nil
}

func rows(m *mat.Dense) [][]float64 {
	r, _ := m.Dims()
	out := make([][]float64, r)
	for i := range out {
		out[i] = append([]float64(nil), m.RawRowView(i)...)
	}
	return out
}

// jpcaMostVariance returns the index of the plane with the largest in-plane
// R² (the first on ties).
func jpcaMostVariance(planes []jpca.Plane) int {
	best := 0
	for k, p := range planes {
		if p.R2 > planes[best].R2 {
			best = k
		}
	}
	return best
}

// jpcaSummary is the one-line summary: the R² ratio, jPC plane 1 (the
// fastest) and, when it is another, the plane with the most variance.
func jpcaSummary(out *jpcaOutput) string {
	p1 := out.Planes[0]
	s := fmt.Sprintf("R²_skew/R²_best = %.3f, jPC1 %.3g Hz (in-plane R² %.2g", out.Ratio, p1.FreqHz, p1.R2)
	if out.MostVar == 0 {
		return s + ", the largest)"
	}
	b := out.Planes[out.MostVar]
	return s + fmt.Sprintf("); most variance in jPC plane %d: %.3g Hz, in-plane R² %.2g", out.MostVar+1, b.FreqHz, b.R2)
}

// jpcaPanelOrder returns the planes drawn, at most two: by in-plane R²,
// largest first (ties in |ω| order).
func jpcaPanelOrder(planes []jpca.Plane) []int {
	order := make([]int, len(planes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return planes[order[a]].R2 > planes[order[b]].R2 })
	return order[:min(2, len(order))]
}

func jpcaPlaneFigure(r *jpca.Result) experiment.Figure {
	var panels []*plot.Plot
	for i, k := range jpcaPanelOrder(r.Planes) {
		pl := r.Planes[k]
		title := fmt.Sprintf("jPC plane %d: %.3g Hz, in-plane R² %.2g", k+1, pl.Freq, pl.R2)
		if i == 0 {
			title += fmt.Sprintf(" (most variance; R²_skew/R²_best = %.2f)", r.Ratio())
		}
		p := fig.New(title, fmt.Sprintf("jPC%d (a.u.)", 2*k+1), fmt.Sprintf("jPC%d (a.u.)", 2*k+2))
		for c, P := range pl.Proj {
			T, _ := P.Dims()
			x := make([]float64, T)
			y := make([]float64, T)
			for t := 0; t < T; t++ {
				x[t], y[t] = P.At(t, 0), P.At(t, 1)
			}
			fig.Line(p, x, y, "", fig.Color(c))
			sc := fig.Points(p, x[:1], y[:1], "", fig.Color(c))
			sc.GlyphStyle.Radius = vg.Points(2.5)
		}
		panels = append(panels, p)
	}
	return experiment.Figure{Name: "jpc-planes",
		Caption: "Condition trajectories projected on the two jPC planes with the largest in-plane R², largest first (planes numbered by |ω|, fastest first; dots: first bin; one colour per condition).",
		Panels:  [][]*plot.Plot{panels}, Width: vg.Length(len(panels)) * 4.5 * vg.Inch, Height: 4 * vg.Inch}
}
