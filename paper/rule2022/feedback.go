package rule2022

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/plasticity"
)

// fitRecurrent fits the recurrent map R ((M+1)×M, last row the bias b_R)
// of the recurrent rule: a Poisson GLM from the targets with a constant row,
// [Y; 1], to the targets Y, fitted like the forward weights W (spec
// "recurrent: R fit like W"; master.py initialization,
// train_readout(add_const(Y), Y, ρ)).
func fitRecurrent(ctx context.Context, Y *mat.Dense, rho float64, maxIter int) (*mat.Dense, error) {
	M, L := Y.Dims()
	X := mat.NewDense(M+1, L, nil)
	X.Slice(0, M, 0, L).(*mat.Dense).Copy(Y)
	for l := 0; l < L; l++ {
		X.Set(M, l, 1)
	}
	return fitGLM(ctx, X, Y, rho, maxIter)
}

// activationCov returns the feedback weights of the predictive rule, the
// covariance over locations of the target activations z = ln Y (floored
// logarithm), Σz = ΔzΔzᵀ/M with Δz = z − μz, and the per-cell means μz
// (master.py run_experiment, recurrent-weight source rec = 0 "Σz" as in
// standard_options.py).
func activationCov(Y *mat.Dense) (*mat.Dense, []float64) {
	M, L := Y.Dims()
	dz := mat.NewDense(M, L, nil)
	mu := make([]float64, M)
	for m := 0; m < M; m++ {
		var s float64
		for l := 0; l < L; l++ {
			v := slog(Y.At(m, l))
			dz.Set(m, l, v)
			s += v
		}
		mu[m] = s / float64(L)
		for l := 0; l < L; l++ {
			dz.Set(m, l, dz.At(m, l)-mu[m])
		}
	}
	S := mat.NewDense(M, M, nil)
	S.Mul(dz, dz.T())
	S.Scale(1/float64(M), S)
	return S, mu
}

// tuningShift measures how the M×L tuning curves Z differ from the targets Y
// (row c of Y peaks at location c): the mean over cells of the circular
// distance, in bins, between each cell's peak location and its target's,
// and the shift-corrected NRMSE √(1 − mean_c max_s r_c(s)), where r_c(s) is
// the correlation of row c of Z with row c of Y circularly shifted by s.
// The NRMSE is √(1 − mean r) (see nrmse), so a readout whose cells keep their
// tuning shape but move along the ring has a small corrected NRMSE and a
// large shift. A row with zero variance has correlation 0.
func tuningShift(Z, Y []float64, L int) (meanShift, corrected float64) {
	M := len(Z) / L
	yz := make([]float64, L)
	var shift, best float64
	for c := 0; c < M; c++ {
		zr, yr := Z[c*L:(c+1)*L], Y[c*L:(c+1)*L]
		pz, py := 0, 0
		for l := 1; l < L; l++ {
			if zr[l] > zr[pz] {
				pz = l
			}
			if yr[l] > yr[py] {
				py = l
			}
		}
		d := (pz - py + L) % L
		if d > L/2 {
			d = L - d
		}
		shift += float64(d)
		zm, zsd := plasticity.MeanSD(zr)
		ym, ysd := plasticity.MeanSD(yr)
		for l := range yr {
			yz[l] = (yr[l] - ym) / ysd
		}
		rmax := 0.0
		if zsd > 0 {
			rmax = math.Inf(-1)
			for s := 0; s < L; s++ {
				var r float64
				for l := 0; l < L; l++ {
					r += (zr[l] - zm) * yz[(l+s)%L]
				}
				rmax = math.Max(rmax, r/(float64(L)*zsd))
			}
		}
		best += rmax
	}
	return shift / float64(M), math.Sqrt(math.Max(0, 1-best/float64(M)))
}
