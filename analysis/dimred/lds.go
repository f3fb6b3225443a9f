package dimred

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"neurolab/internal/num"
	"neurolab/model/lds"
)

// ldsFit is EM for the linear dynamical system of model/lds with diagonal
// observation noise, a fixed observation offset d and no inputs,
//
//	z_1 ~ N(μ₀, V₀),  z_{t+1} = A z_t + w,  w ~ N(0, Q),
//	y_t = C z_t + d + v,  v ~ N(0, diag(R)),
//
// for trials of equal length (Shumway & Stoffer 1982; Ghahramani & Hinton
// 1996). It is the same algorithm as lds.Fit with Options{DiagR: true} (the
// tests compare the two), but runs on the shared-covariance smoother of
// this package: the covariance recursions do not depend on the data, so
// they are computed once per iteration for all trials, and the means of
// all trials are smoothed together with matrix products.
type ldsFit struct {
	A, Q, C *mat.Dense
	R, D    []float64
	Mu0     []float64
	V0      *mat.Dense
}

func (m *ldsFit) shared() *sharedLDS {
	return &sharedLDS{A: m.A, Q: m.Q, C: m.C, R: m.R, Offset: m.D, Mu0: m.Mu0, V0: m.V0}
}

// ldsEStep smooths every trial; it returns the smoothed means (per trial
// T×D row-major), the covariance pass and the total log-likelihood.
func (m *ldsFit) estep(ctx context.Context, Y []*mat.Dense, ws *cildsWork) ([][]float64, *covPass, float64, error) {
	T, N := Y[0].Dims()
	D, _ := m.A.Dims()
	sl := m.shared()
	cp, err := sl.covariances(T, ws.cp)
	if err != nil {
		return nil, nil, 0, err
	}
	ws.cp = cp
	nbatch := (len(Y) + batchTrials - 1) / batchTrials
	for len(ws.bw) < nbatch {
		ws.bw = append(ws.bw, nil)
	}
	ms := make([][]float64, len(Y))
	lls := make([]float64, len(Y))
	for k := range ms {
		ms[k] = make([]float64, T*D)
	}
	err = num.ParallelFor(ctx, 1, nbatch, func(b int) error {
		lo, hi := b*batchTrials, min((b+1)*batchTrials, len(Y))
		if bw := ws.bw[b]; bw == nil || bw.T != T || bw.D != D || bw.N != N {
			ws.bw[b] = newBatchWork(batchTrials, T, D, N)
		}
		sl.smoothBatch(ms[lo:hi], lls[lo:hi], cp, Y[lo:hi], ws.bw[b])
		return nil
	})
	if err != nil {
		return nil, nil, 0, err
	}
	ll := 0.0
	for _, v := range lls {
		ll += v
	}
	if math.IsNaN(ll) || math.IsInf(ll, 0) {
		return nil, nil, 0, errors.New("dimred: LDS log-likelihood not finite")
	}
	return ms, cp, ll, nil
}

// mstep sets the parameters to the maximisers of the expected complete-data
// log-likelihood (Ghahramani & Hinton 1996):
//
//	A = (Σ E[z_{t+1} z_tᵀ]) (Σ E[z_t z_tᵀ])⁻¹,  Q = (Σ E[z_{t+1} z_{t+1}ᵀ] − A Σ E[z_t z_{t+1}ᵀ]) / n,
//	C = (Σ (y_t − d) E[z_t]ᵀ) (Σ E[z_t z_tᵀ])⁻¹, R = diag(Σ (y_t − d)(y_t − d)ᵀ − C Σ E[z_t](y_t − d)ᵀ) / ΣT,
//
// and the initial mean and covariance from E[z_1] over trials.
func (m *ldsFit) mstep(Y []*mat.Dense, ms [][]float64, cp *covPass) error {
	T, N := Y[0].Dims()
	D, _ := m.A.Dims()
	K := float64(len(Y))
	DD := D * D
	// Covariance parts (shared by all trials).
	V00, V11, V10, Vall := make([]float64, DD), make([]float64, DD), make([]float64, DD), make([]float64, DD)
	for t := 0; t < T; t++ {
		floats.Add(Vall, cp.Vs[t])
		if t < T-1 {
			floats.Add(V00, cp.Vs[t])
			floats.Add(V11, cp.Vs[t+1])
			floats.Add(V10, cp.Cross[t])
		}
	}
	S00, S11, S10, Sall := mat.NewDense(D, D, nil), mat.NewDense(D, D, nil), mat.NewDense(D, D, nil), mat.NewDense(D, D, nil)
	floats.AddScaled(S00.RawMatrix().Data, K, V00)
	floats.AddScaled(S11.RawMatrix().Data, K, V11)
	floats.AddScaled(S10.RawMatrix().Data, K, V10)
	floats.AddScaled(Sall.RawMatrix().Data, K, Vall)
	Syx := mat.NewDense(N, D, nil)
	syy := make([]float64, N)
	yc := make([]float64, N)
	s00, s11, s10, sall := S00.RawMatrix().Data, S11.RawMatrix().Data, S10.RawMatrix().Data, Sall.RawMatrix().Data
	for k, y := range Y {
		x := ms[k]
		for t := 0; t < T; t++ {
			xt := x[t*D : (t+1)*D]
			for i, a := range xt {
				for j, b := range xt {
					sall[i*D+j] += a * b
				}
			}
			if t < T-1 {
				xn := x[(t+1)*D : (t+2)*D]
				for i := 0; i < D; i++ {
					for j := 0; j < D; j++ {
						s00[i*D+j] += xt[i] * xt[j]
						s11[i*D+j] += xn[i] * xn[j]
						s10[i*D+j] += xn[i] * xt[j]
					}
				}
			}
			for i, v := range y.RawRowView(t) {
				yc[i] = v - m.D[i]
				syy[i] += yc[i] * yc[i]
			}
			for i, v := range yc {
				row := Syx.RawRowView(i)
				for j, a := range xt {
					row[j] += v * a
				}
			}
		}
	}
	// A and Q.
	A, err := solveRight(S10, S00)
	if err != nil {
		return fmt.Errorf("dimred: LDS M-step for A: %w", err)
	}
	var AS mat.Dense
	AS.Mul(A, S10.T())
	n := K * float64(T-1)
	Q := mat.NewDense(D, D, nil)
	for i := 0; i < D; i++ {
		for j := 0; j < D; j++ {
			Q.Set(i, j, (0.5*(s11[i*D+j]+s11[j*D+i])-0.5*(AS.At(i, j)+AS.At(j, i)))/n)
		}
	}
	// C and R.
	C, err := solveRight(Syx, Sall)
	if err != nil {
		return fmt.Errorf("dimred: LDS M-step for C: %w", err)
	}
	for i := 0; i < N; i++ {
		m.R[i] = (syy[i] - floats.Dot(C.RawRowView(i), Syx.RawRowView(i))) / (K * float64(T))
	}
	m.A, m.Q, m.C = A, Q, C
	// Initial state.
	mu := make([]float64, D)
	for _, x := range ms {
		for i := 0; i < D; i++ {
			mu[i] += x[i] / K
		}
	}
	V0 := mat.NewDense(D, D, nil)
	for i := 0; i < D; i++ {
		for j := 0; j < D; j++ {
			v := cp.Vs[0][i*D+j]
			for _, x := range ms {
				v += (x[i] - mu[i]) * (x[j] - mu[j]) / K
			}
			V0.Set(i, j, v)
		}
	}
	m.Mu0, m.V0 = mu, V0
	return nil
}

// solveRight returns B S⁻¹ for the symmetric positive definite S.
func solveRight(B, S *mat.Dense) (*mat.Dense, error) {
	D, _ := S.Dims()
	sym := mat.NewSymDense(D, nil)
	for i := 0; i < D; i++ {
		for j := i; j < D; j++ {
			sym.SetSym(i, j, 0.5*(S.At(i, j)+S.At(j, i)))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return nil, errors.New("singular second-moment matrix")
	}
	var Xt mat.Dense
	if err := ch.SolveTo(&Xt, B.T()); err != nil {
		return nil, err
	}
	return mat.DenseCopyOf(Xt.T()), nil
}

// fitLDS runs iters EM iterations from the PCA initialisation of model/lds
// (lds.InitPCA, with R replaced by its diagonal) on trials of equal length
// and returns the model, the smoothed means under it (per trial T×k
// row-major) and the log-likelihood before each M-step and after the last.
func fitLDS(ctx context.Context, Y []*mat.Dense, k, iters int) (*ldsFit, [][]float64, []float64, error) {
	data := make([]lds.Sequence, len(Y))
	for i, y := range Y {
		data[i] = lds.Sequence{Y: y}
	}
	init, err := lds.InitPCA(data, k)
	if err != nil {
		return nil, nil, nil, err
	}
	_, N := Y[0].Dims()
	m := &ldsFit{A: mat.DenseCopyOf(init.A), Q: mat.DenseCopyOf(init.Q), C: mat.DenseCopyOf(init.C),
		R: make([]float64, N), D: append([]float64(nil), init.Offset...),
		Mu0: append([]float64(nil), init.Mu0...), V0: mat.DenseCopyOf(init.V0)}
	for i := range m.R {
		m.R[i] = init.R.At(i, i)
	}
	ws := &cildsWork{}
	var lls []float64
	for it := 0; ; it++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, lls, err
		}
		ms, cp, ll, err := m.estep(ctx, Y, ws)
		if err != nil {
			return nil, nil, lls, err
		}
		lls = append(lls, ll)
		if it == iters {
			return m, ms, lls, nil
		}
		if err := m.mstep(Y, ms, cp); err != nil {
			return nil, nil, lls, err
		}
	}
}
