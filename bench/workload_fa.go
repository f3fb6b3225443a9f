package main

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/dimred"
	"neurolab/internal/num"
)

// ---------------------------------------------------------------------------
// Factor analysis of T = 20000 samples × n = 100 neurons with k = 10 factors,
// drawn from a planted FA model y = Λz + μ + ε, z ~ N(0, I), ε ~ N(0, Ψ).
//
// The two sides fit by different iterations to the same maximum of the
// likelihood: neurolab's dimred.FA by EM (Rubin & Thayer 1982) from the PCA
// solution for a fixed number of iterations (it has no tolerance option),
// scikit-learn by its SVD-based fixed point (Barber 2012, §21.2.2) from
// Ψ = 1 until the total log-likelihood rises by less than tol = 1e-2 (its
// default). The neurolab count faIters is fixed so that its own trace has
// also risen by less than 1e-2 by then: the runner reports the iteration at
// which neurolab's trace first met that rule, so the extra EM iterations
// (which neurolab pays for in the timing) are visible.
//
// FA is identified up to a rotation of the factors, so the outputs compared
// are rotation invariant: the mean log-likelihood per sample of the fitted
// model, and the posterior means E[z | y] after the orthogonal Procrustes
// rotation that best maps neurolab's onto the peer's (Λ → ΛR maps the
// posterior means Z → ZR). dimred.FA does not export Λ and Ψ, so the fitted
// covariance ΛΛᵀ + Ψ cannot be compared directly.
//
// Measured once at full size (generator seed 29): scikit-learn stops after
// 9 iterations; neurolab's EM trace first rises by less than 1e-2 at
// iteration 65, and its last (100th) rise is 2.2e-3; mean log-likelihood
// −169.489293 vs −169.489290 (relative difference 1.8e-8); posterior means
// after rotation 5.5e-4 apart (2.8e-5 with 300 EM iterations, so most of it
// is EM's slow directions). Tiny size (tol 1e-4 on both sides): 2.8e-9 and
// 9.5e-5. Tolerances faLLTol and faZTol were set before measuring.

const (
	faIters = 100  // EM iterations of the neurolab side
	faTol   = 1e-2 // scikit-learn's default tol on the total log-likelihood
	faLLTol = 1e-6 // relative, mean log-likelihood per sample
	faZTol  = 1e-3 // relative Frobenius, posterior means after Procrustes
	// faCovTol: relative Frobenius difference of the fitted covariances
	// ΛΛᵀ + Ψ. Measured after the check was added (seed 29): 1.3e-3 at full
	// size, where scikit-learn stops at its default tol after 9 iterations
	// while the mean log-likelihoods agree to 1.8e-8 (the difference lies
	// along the likelihood's flat directions); 3.2e-5 at the tiny size (tol
	// 1e-4 on both sides). A first guess of 1e-3 was too tight for the
	// peer's default stopping rule; 5e-3 leaves a 4× margin.
	faCovTol = 5e-3
)

func faWorkload() *Workload {
	return &Workload{
		Name: "fa",
		What: fmt.Sprintf("factor analysis, 20000 samples × 100 neurons, 10 factors (planted FA model); "+
			"neurolab: EM from the PCA solution, %d iterations (dimred.FA has a fixed count); "+
			"peer: SVD-based iteration to its default tol %.0e on the total log-likelihood", faIters, faTol),
		PeerTool: "sklearn.decomposition.FactorAnalysis (defaults: randomized SVD, tol 1e-2)",
		Peer:     "fa.py",
		Modules:  []string{"numpy", "sklearn"},
		Builds:   []string{"default"},
		Tol: fmt.Sprintf("rotation-invariant outputs: fitted covariance ΛΛᵀ+Ψ to %.0e relative (Frobenius); "+
			"mean log-likelihood per sample to %.0e relative; "+
			"posterior means E[z|y], neurolab's rotated onto the peer's (orthogonal Procrustes), to %.0e relative "+
			"(Frobenius); neurolab's EM trace must have risen by < %.0e in its last iteration (the peer's stopping rule)",
			faCovTol, faLLTol, faZTol, faTol),
		Gen: func(dir string, tiny bool) error {
			T, n, k, tol := 20000, 100, 10, faTol
			if tiny {
				// At 2000 samples tol = 1e-2 leaves the peer's slower
				// directions visibly unconverged (posterior means 7.7e-4
				// apart); 1e-4 on both sides brings them together.
				T, n, k, tol = 2000, 20, 3, 1e-4
			}
			rng := num.Stream(29)
			L := make([]float64, n*k)
			for i := range L {
				L[i] = rng.NormFloat64()
			}
			sd, mu := make([]float64, n), make([]float64, n)
			for i := range sd {
				sd[i] = math.Sqrt(0.5 + 1.5*rng.Float64())
				mu[i] = rng.NormFloat64()
			}
			X := make([]float64, T*n)
			z := make([]float64, k)
			for t := 0; t < T; t++ {
				for j := range z {
					z[j] = rng.NormFloat64()
				}
				row := X[t*n : (t+1)*n]
				for i := range row {
					s := mu[i] + sd[i]*rng.NormFloat64()
					for j, zj := range z {
						s += L[i*k+j] * zj
					}
					row[i] = s
				}
			}
			meta := newMeta()
			meta.Params["k"], meta.Params["iters"], meta.Params["tol"] = float64(k), faIters, tol
			if err := writeArray(dir, "X", meta, X, T, n); err != nil {
				return err
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, _ int) (float64, error) {
			meta, X, err := readInput(dir, "X")
			if err != nil {
				return 0, err
			}
			var lls []float64
			var m *dimred.FAModel
			T, _ := X.Dims()
			k := meta.I("k")
			Z := mat.NewDense(T, k, nil)
			sec, err := timed(func() error {
				m, lls, err = dimred.FitFA([]*mat.Dense{X}, k, meta.I("iters"))
				if err != nil {
					return err
				}
				for t := 0; t < T; t++ {
					m.Posterior(Z.RawRowView(t), X.RawRowView(t))
				}
				return nil
			})
			if err != nil {
				return 0, err
			}
			// Mean log-likelihood per sample of the returned model, and
			// the iteration at which the trace first rose by < tol.
			ll := lls[len(lls)-1] / float64(T)
			first := -1
			for i := 1; i < len(lls); i++ {
				if lls[i]-lls[i-1] < meta.P("tol") {
					first = i
					break
				}
			}
			last := lls[len(lls)-1] - lls[len(lls)-2]
			if err := writeVectors(out, nil, map[string][]float64{"conv": {float64(first), last}, "ll": {ll}}); err != nil {
				return 0, err
			}
			C := m.Covariance()
			n := C.SymmetricDim()
			cov := make([]float64, 0, n*n)
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					cov = append(cov, C.At(i, j))
				}
			}
			if err := writeArray(out, "cov", nil, cov, n, n); err != nil {
				return 0, err
			}
			return sec, writeDense(out, "z", nil, Z)
		},
		Compare: compareFA,
	}
}

// compareFA checks the rotation-invariant outputs of the two fits.
func compareFA(nlOut, pyOut string, meta *Meta) (string, error) {
	k := meta.I("k")
	ll, err := readScalars(nlOut, pyOut, "ll", "fa: log-likelihood")
	if err != nil {
		return "", err
	}
	var Z [2]*mat.Dense
	for i, d := range []string{nlOut, pyOut} {
		z, err := readArray(d, "z")
		if err != nil {
			return "", err
		}
		if len(z)%k != 0 || len(z) == 0 {
			return "", fmt.Errorf("fa: %d posterior-mean values for k = %d", len(z), k)
		}
		for _, v := range z {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return "", fmt.Errorf("fa: non-finite posterior mean")
			}
		}
		Z[i] = mat.NewDense(len(z)/k, k, z)
	}
	if r0, _ := Z[0].Dims(); r0 != Z[1].RawMatrix().Rows {
		return "", fmt.Errorf("fa: %d vs %d samples", r0, Z[1].RawMatrix().Rows)
	}
	conv, err := readArray(nlOut, "conv")
	if err != nil {
		return "", err
	}
	var cov [2][]float64
	if cov[0], cov[1], err = readPair(nlOut, pyOut, "cov"); err != nil {
		return "", err
	}
	if len(cov[0]) != len(cov[1]) || len(cov[0]) == 0 {
		return "", fmt.Errorf("fa: covariance sizes %d vs %d", len(cov[0]), len(cov[1]))
	}
	num, den := 0.0, 0.0
	for i, v := range cov[0] {
		num += (v - cov[1][i]) * (v - cov[1][i])
		den += cov[1][i] * cov[1][i]
	}
	relCov := math.Sqrt(num / den)
	relLL := math.Abs(ll[0]-ll[1]) / math.Abs(ll[1])
	relZ, err := procrustesRel(Z[0], Z[1])
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf("fitted covariance ΛΛᵀ+Ψ rel diff %.1e (tol %.0e); ", relCov, faCovTol) + fmt.Sprintf("mean log-lik %.6f vs %.6f (rel diff %.1e, tol %.0e); posterior means after rotation "+
		"rel diff %.1e (tol %.0e); neurolab's EM rose by < %.0e first at iteration %.0f of %d (last rise %.1e)",
		ll[0], ll[1], relLL, faLLTol, relZ, faZTol, meta.P("tol"), conv[0], meta.I("iters"), conv[1])
	if it, err := readArray(pyOut, "iters"); err == nil && len(it) == 1 {
		msg += fmt.Sprintf("; the peer stopped after %.0f iterations", it[0])
	}
	switch {
	case !(relCov <= faCovTol):
		return msg, fmt.Errorf("fa: fitted covariance ΛΛᵀ+Ψ: got rel diff %.3g, want ≤ %.0e", relCov, faCovTol)
	case !(relLL <= faLLTol):
		return msg, fmt.Errorf("fa: mean log-likelihood: got %.8g, want %.8g ± %.0e relative", ll[0], ll[1], faLLTol)
	case !(relZ <= faZTol):
		return msg, fmt.Errorf("fa: posterior means after rotation: got rel diff %.3g, want ≤ %.0e", relZ, faZTol)
	case !(conv[1] < meta.P("tol")):
		return msg, fmt.Errorf("fa: neurolab's last EM step raised the log-likelihood by %.3g, want < %g", conv[1], meta.P("tol"))
	}
	return msg, nil
}

// procrustesRel returns min over orthogonal R of ‖A R − B‖_F / ‖B‖_F, with
// R = U Vᵀ from the SVD AᵀB = U Σ Vᵀ (orthogonal Procrustes; Schönemann
// 1966).
func procrustesRel(A, B *mat.Dense) (float64, error) {
	var M mat.Dense
	M.Mul(A.T(), B)
	var svd mat.SVD
	if !svd.Factorize(&M, mat.SVDFull) {
		return 0, fmt.Errorf("fa: Procrustes SVD failed")
	}
	var U, V, R mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	R.Mul(&U, V.T())
	var D mat.Dense
	D.Mul(A, &R)
	D.Sub(&D, B)
	return mat.Norm(&D, 2) / mat.Norm(B, 2), nil
}
