package main

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/dimred"
	"neurolab/analysis/svm"
	"neurolab/internal/num"
)

// ---------------------------------------------------------------------------
// PCA of T = 20000 frames of n = 100 units onto k = 10 components.

func pcaWorkload() *Workload {
	return &Workload{
		Name:     "pca",
		What:     "PCA projections of 20000 frames × 100 units onto the top 10 components",
		PeerTool: "sklearn.decomposition.PCA(svd_solver=\"full\")",
		Peer:     "pca.py",
		Modules:  []string{"numpy", "sklearn"},
		Builds:   []string{"default"},
		Tol:      "projections, each component's sign aligned, to 1e-6·max|projection|",
		Gen: func(dir string, tiny bool) error {
			T, n, k := 20000, 100, 10
			if tiny {
				T, n, k = 300, 20, 3
			}
			rng := num.Stream(23)
			// Planted low-rank signal with well-separated component
			// variances (eigengaps ≫ rounding) plus isotropic noise.
			L := make([]float64, n*k)
			for i := range L {
				L[i] = rng.NormFloat64()
			}
			X := make([]float64, T*n)
			z := make([]float64, k)
			for t := 0; t < T; t++ {
				for j := range z {
					z[j] = float64(k-j) * rng.NormFloat64()
				}
				for i := 0; i < n; i++ {
					s := 1 + 0.5*rng.NormFloat64()
					for j, zj := range z {
						s += L[i*k+j] * zj
					}
					X[t*n+i] = s
				}
			}
			meta := newMeta()
			meta.Params["k"] = float64(k)
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
			var proj []*mat.Dense
			sec, err := timed(func() error {
				proj, err = dimred.PCA([]*mat.Dense{X}, meta.I("k"))
				return err
			})
			if err != nil {
				return 0, err
			}
			return sec, writeDense(out, "proj", nil, proj[0])
		},
		Compare: func(nlOut, pyOut string, meta *Meta) (string, error) {
			a, b, err := readPair(nlOut, pyOut, "proj")
			if err != nil {
				return "", err
			}
			k := meta.I("k")
			if len(a) != len(b) || len(a)%k != 0 {
				return "", fmt.Errorf("proj: %d vs %d values", len(a), len(b))
			}
			// Eigenvectors are defined up to sign: flip each neurolab
			// component to match the peer's.
			for j := 0; j < k; j++ {
				dot := 0.0
				for t := j; t < len(a); t += k {
					dot += a[t] * b[t]
				}
				if dot < 0 {
					for t := j; t < len(a); t += k {
						a[t] = -a[t]
					}
				}
			}
			d, s, err := maxAbsDiff(a, b)
			if err != nil {
				return "", err
			}
			rel := d / s
			msg := fmt.Sprintf("projections max rel diff %.1e (tol 1e-6)", rel)
			if !(rel <= 1e-6) {
				return msg, fmt.Errorf("proj: got max |Δ|/max|peer| = %.3g, want ≤ 1e-6", rel)
			}
			return msg, nil
		},
	}
}

// ---------------------------------------------------------------------------
// Linear SVC (dual coordinate descent, squared hinge, C = 0.1: at C = 1
// liblinear stops at max_iter = 1000 passes without converging on this data,
// so the two sides would not be compared at an optimum).

func svcWorkload() *Workload {
	return &Workload{
		Name:     "linear-svc",
		What:     "linear SVC, squared hinge, C = 0.1, tol 1e-4, 10000 samples × 100 features, two overlapping classes",
		PeerTool: "sklearn.svm.LinearSVC(dual=True)",
		Peer:     "svc.py",
		Modules:  []string{"numpy", "sklearn"},
		Builds:   []string{"default"},
		Tol: "both stop at projected-gradient gap 1e-4 from different visiting orders, so: " +
			"(w, b) to 2e-2·max|w| and predicted labels equal on ≥ 99.5 % of samples",
		Gen: func(dir string, tiny bool) error {
			n, d := 10000, 100
			if tiny {
				n, d = 300, 10
			}
			rng := num.Stream(29)
			mu := make([]float64, d)
			for j := range mu {
				mu[j] = 0.3 * rng.NormFloat64()
			}
			X, y := make([]float64, n*d), make([]float64, n)
			for i := 0; i < n; i++ {
				y[i] = float64(2*(i%2) - 1)
				for j := 0; j < d; j++ {
					X[i*d+j] = y[i]*mu[j] + rng.NormFloat64()
				}
			}
			meta := newMeta()
			if err := writeArray(dir, "X", meta, X, n, d); err != nil {
				return err
			}
			if err := writeArray(dir, "y", meta, y, n); err != nil {
				return err
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, _ int) (float64, error) {
			meta, in, err := readInputs(dir, "X", "y")
			if err != nil {
				return 0, err
			}
			X, yf := in[0], in[1]
			d := meta.Shapes["X"][1]
			y := make([]int, len(yf))
			for i, v := range yf {
				y[i] = int(v)
			}
			var m *svm.Model
			sec, err := timed(func() error {
				m, err = svm.Train(X, y, d, svm.Options{C: 0.1, Loss: svm.SquaredHinge, Tol: 1e-4, MaxIter: 1000},
					num.Stream(1))
				return err
			})
			if err != nil {
				return 0, err
			}
			pred := make([]float64, len(y))
			for i := range y {
				pred[i] = float64(m.Predict(X[i*d : (i+1)*d]))
			}
			return sec, writeVectors(out, nil, map[string][]float64{
				"wb": append(append([]float64(nil), m.W...), m.B), "iters": {float64(m.Iters)}, "pred": pred})
		},
		Compare: func(nlOut, pyOut string, _ *Meta) (string, error) {
			msg, err := closeRel(nlOut, pyOut, "wb", 2e-2)
			if err != nil {
				return msg, err
			}
			a, b, err := readPair(nlOut, pyOut, "pred")
			if err != nil {
				return "", err
			}
			if len(a) != len(b) {
				return "", fmt.Errorf("pred: %d vs %d", len(a), len(b))
			}
			same := 0
			for i := range a {
				if a[i] == b[i] {
					same++
				}
			}
			frac := float64(same) / float64(len(a))
			msg += fmt.Sprintf("; predictions agree on %.2f%%", 100*frac)
			if ia, err := readArray(nlOut, "iters"); err == nil {
				if ib, err := readArray(pyOut, "iters"); err == nil && len(ia) == 1 && len(ib) == 1 {
					msg += fmt.Sprintf("; passes over the data: neurolab %.0f, peer %.0f", ia[0], ib[0])
				}
			}
			if !(frac >= 0.995) || math.IsNaN(frac) {
				return msg, fmt.Errorf("pred: got %.4f agreement, want ≥ 0.995", frac)
			}
			return msg, nil
		},
	}
}
