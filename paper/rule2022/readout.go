package rule2022

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/model/plasticity"
)

// targets returns the M×L readout target tuning curves: rows of the ring heat
// kernel of width ν (in bins), each min–max scaled to [0, 1] and multiplied by
// height (master.py get_readout_tuning, "ring").
func targets(L int, nu, height float64) *mat.Dense {
	k := ringHeatKernel(L, nu)
	Y := mat.NewDense(L, L, nil)
	for m := 0; m < L; m++ {
		row := k[m*L : (m+1)*L]
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range row {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		for l, v := range row {
			Y.Set(m, l, height*(v-lo)/(hi-lo))
		}
	}
	return Y
}

// fitGLM fits readout weights W ((K+1)×M, last row the bias) to targets Y
// (M×L) from features X ((K+1)×L) by gradient descent on the Poisson loss
// −mean(Y∘ln λ − λ) + ρ·mean((W∘m)²), ln λ = WᵀX, with m masking the bias row
// (spec; master.py train_readout). The step size grows ×1.01 after an
// accepted step and halves after a rejected one; it stops when the step or
// the relative change of the loss falls below 1e-7, or after maxIter steps.
// ctx is checked every 100 steps; on cancellation fitGLM returns ctx.Err().
func fitGLM(ctx context.Context, X, Y *mat.Dense, rho float64, maxIter int) (*mat.Dense, error) {
	K1, L := X.Dims()
	M, _ := Y.Dims()
	K := K1 - 1
	W := mat.NewDense(K1, M, nil)
	for m := 0; m < M; m++ {
		W.Set(K, m, -4)
	}
	Z := mat.NewDense(M, L, nil)
	lam := mat.NewDense(M, L, nil)
	G := mat.NewDense(K1, M, nil)
	W1 := mat.NewDense(K1, M, nil)
	loss := func(W *mat.Dense) float64 {
		Z.Mul(W.T(), X)
		var s float64
		for m := 0; m < M; m++ {
			for l := 0; l < L; l++ {
				z := Z.At(m, l)
				s += Y.At(m, l)*z - phi(z)
			}
		}
		s = -s / float64(M*L)
		var r float64
		for k := 0; k < K; k++ {
			for m := 0; m < M; m++ {
				w := W.At(k, m)
				r += w * w
			}
		}
		return s + rho*r/float64(K1*M)
	}
	l := loss(W)
	step := 0.1
	const rtol = 1e-7
	for it := 0; it < maxIter; it++ {
		if it%100 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		// gradient at W: X(λ−Y)ᵀ/L + 2ρ W∘m/K
		Z.Mul(W.T(), X)
		for m := 0; m < M; m++ {
			for l := 0; l < L; l++ {
				lam.Set(m, l, phi(Z.At(m, l))-Y.At(m, l))
			}
		}
		G.Mul(X, lam.T())
		G.Scale(1/float64(L), G)
		for k := 0; k < K; k++ {
			for m := 0; m < M; m++ {
				G.Set(k, m, G.At(k, m)+2*rho*W.At(k, m)/float64(K))
			}
		}
		W1.Scale(-step, G)
		W1.Add(W1, W)
		l1 := loss(W1)
		if l1 < l {
			W.Copy(W1)
			step *= 1.01
			done := math.Abs(l/l1-1) < rtol
			l = l1
			if done {
				break
			}
		} else {
			step *= 0.5
		}
		if step < rtol {
			break
		}
	}
	return W, nil
}

// nrmse returns the normalised RMS error between tuning curves Z and targets
// Y (both M×L), each row z-scored over locations: RMS(ẑ − ŷ)/√2, which equals
// √(1 − mean r) for row correlations r (master.py summarize_stability). A row
// with zero variance z-scores to zeros.
func nrmse(Z, Y []float64, L int) float64 {
	var s float64
	for m := 0; m < len(Z)/L; m++ {
		zr, yr := Z[m*L:(m+1)*L], Y[m*L:(m+1)*L]
		zm, zsd := plasticity.MeanSD(zr)
		ym, ysd := plasticity.MeanSD(yr)
		for l := 0; l < L; l++ {
			a, b := 0.0, (yr[l]-ym)/ysd
			if zsd > 0 {
				a = (zr[l] - zm) / zsd
			}
			d := a - b
			s += d * d
		}
	}
	return math.Sqrt(s/float64(len(Z))) / math.Sqrt2
}
