package gauthier2022

import (
	"context"
	"math"

	"neurolab/analysis/transients"
	"neurolab/synth/calcium"
)

// cellResult holds the per-cell outcome of one movie.
type cellResult struct {
	Cell         int
	LSQ, SEUDO   []float64 // traces (original profile units)
	Replaced     []bool    // frames where SEUDO's estimate replaced LSQ
	Trans        []transients.Transient
	TrueGT       []bool    // ground truth: the cell's own calcium ≥ 10% of the LSQ peak
	CorrTrue     []bool    // 'corr' classification of the LSQ transients
	Ratio        []float64 // SEUDO peak / LSQ peak over the transient frames
	TransAfter   []transients.Transient
	CorrAfter    []bool // 'corr' classification of the SEUDO trace's transients
	SeudoFrames  int
	FISTAIters   int
	Replacements int     // frames where SEUDO's estimate replaced LSQ
	K2           float64 // the window's cost constant k2
	// Per transient, at its LSQ peak frame: the squared residual the blob
	// fit saves, C_LSQ − (‖f − Px − Kβ‖² + k1Σβ), which must exceed −k2 for
	// SEUDO to replace LSQ; and the peak over the transient of the blob
	// fit's own cell amplitude x divided by the LSQ peak (what SEUDO would
	// output without the cost test).
	Gain, FitRatio []float64
	// PeakRatio is SEUDO / LSQ at the LSQ peak frame alone.
	PeakRatio []float64
	// OwnPeak is the cell's true calcium peak over each transient; Mixed
	// marks true transients whose contaminant is also active (≥ 10% of the
	// LSQ peak), where a correct SEUDO lowers the peak below LSQ's.
	OwnPeak []float64
	Mixed   []bool
}

// analyseCell runs LSQ, detection, classification and SEUDO for one cell.
func analyseCell(ctx context.Context, md *calcium.MovieData, cell int, opt transients.SeudoOptions) (*cellResult, error) {
	n, T := md.Size, md.Frames
	nn := n * n
	ft, err := transients.NewFitter(md.Profiles, n, cell, opt)
	if err != nil {
		return nil, err
	}
	cr := &cellResult{Cell: cell, K2: ft.K2(), SEUDO: make([]float64, T), Replaced: make([]bool, T)}
	cr.LSQ = ft.LSQTrace(nil, md.Pix[:T*nn])
	cr.Trans = transients.Detect(cr.LSQ, transients.DetectOptions{})
	truth := md.Calcium[cell]
	var cont []float64 // the contaminant next to this cell, if any
	if cell < len(md.ContCalcium) {
		cont = md.ContCalcium[cell]
	}
	for _, tr := range cr.Trans {
		own, co := 0.0, 0.0
		for t := tr.Start; t < tr.End; t++ {
			own = math.Max(own, truth[t])
			if cont != nil {
				co = math.Max(co, cont[t])
			}
		}
		cr.TrueGT = append(cr.TrueGT, own >= 0.1*tr.Peak)
		cr.OwnPeak = append(cr.OwnPeak, own)
		cr.Mixed = append(cr.Mixed, own >= 0.1*tr.Peak && co >= 0.1*tr.Peak)
	}
	cr.CorrTrue, _ = transients.Classify(md.Pix, n, T, md.Profiles[cell], cr.LSQ, cr.Trans)
	// SEUDO on the analysis windows of the LSQ transients; LSQ elsewhere.
	run := make([]bool, T)
	for _, tr := range cr.Trans {
		t0, t1 := transients.Window(tr, T)
		for t := t0; t < t1; t++ {
			run[t] = true
		}
	}
	copy(cr.SEUDO, cr.LSQ)
	gain := make([]float64, T)
	fitX := append([]float64(nil), cr.LSQ...)
	for t := 0; t < T; t++ {
		if !run[t] {
			continue
		}
		if t%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		warm := t > 0 && run[t-1]
		cr.SEUDO[t], cr.Replaced[t], _ = ft.Seudo(md.Pix[t*nn:(t+1)*nn], warm)
		gain[t], fitX[t] = ft.CostLSQ-ft.CostFit, ft.FitX
		cr.SeudoFrames++
		if cr.Replaced[t] {
			cr.Replacements++
		}
		cr.FISTAIters += ft.Iterations
	}
	for _, tr := range cr.Trans {
		pk := math.Inf(-1)
		for t := tr.Start; t < tr.End; t++ {
			pk = math.Max(pk, cr.SEUDO[t])
		}
		cr.Ratio = append(cr.Ratio, pk/tr.Peak)
		fx := math.Inf(-1)
		for t := tr.Start; t < tr.End; t++ {
			fx = math.Max(fx, fitX[t])
		}
		cr.FitRatio = append(cr.FitRatio, fx/tr.Peak)
		cr.Gain = append(cr.Gain, gain[tr.PeakFrame])
		cr.PeakRatio = append(cr.PeakRatio, cr.SEUDO[tr.PeakFrame]/tr.Peak)
	}
	cr.TransAfter = transients.Detect(cr.SEUDO, transients.DetectOptions{})
	cr.CorrAfter, _ = transients.Classify(md.Pix, n, T, md.Profiles[cell], cr.SEUDO, cr.TransAfter)
	return cr, nil
}
