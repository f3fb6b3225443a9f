package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/cluster"
	"neurolab/internal/linalg"
	"neurolab/internal/num"
	"neurolab/model/lds"
	"neurolab/model/lowrank"
	"neurolab/model/plasticity"
	"neurolab/model/ssn"
)

// Workload is one benchmark: the runner generates its input once (Gen), then
// runs the neurolab kernel (Run, in a child process) and the Python peer
// (peers/Peer) on the same input and checks their outputs agree (Compare)
// before it reports a time.
type Workload struct {
	Name     string
	What     string   // the computation, for results.md
	PeerTool string   // what the peer uses
	Peer     string   // script under bench/peers/
	Modules  []string // Python modules the peer imports
	Builds   []string // neurolab builds to time: "default", "openblas"
	Tol      string   // the agreement check, for results.md
	// Gen writes the input (meta.json and arrays) to dir; tiny selects the
	// smoke-test size.
	Gen func(dir string, tiny bool) error
	// Run is the neurolab side: it reads dir, writes its outputs to out and
	// returns the kernel's seconds.
	Run func(dir, out string, workers int) (float64, error)
	// Compare checks the two sides' outputs; it returns a description of the
	// agreement measured.
	Compare func(nlOut, pyOut string, m *Meta) (string, error)
	// Flops is the nominal floating-point operation count, or nil where the
	// workload is not floating-point bound.
	Flops func(m *Meta) float64
}

// timed runs f and returns its wall time in seconds.
func timed(f func() error) (float64, error) {
	t0 := time.Now()
	err := f()
	return time.Since(t0).Seconds(), err
}

func workloads() []*Workload {
	return []*Workload{
		eigWorkload(1000), eigWorkload(2000),
		ssnWorkload("twopop"), ssnWorkload("ring"),
		kalmanWorkload(), kmeansWorkload(), hebbWorkload(),
		pcaWorkload(), svcWorkload(), cobaWorkload(),
		rnnWorkload(), cnnWorkload(),
		faWorkload(), oasisWorkload(100000, false), oasisWorkload(2000, true), cubaWorkload(),
	}
}

// ---------------------------------------------------------------------------
// Eigenvalues of a sparsified rank-one matrix (Herbert & Ostojic 2022 setting).

func eigWorkload(n int) *Workload {
	return &Workload{
		Name:     fmt.Sprintf("eig-lowrank-%d", n),
		What:     fmt.Sprintf("eigenvalues of a %d×%d sparsified rank-one matrix (s = 0.8), no eigenvectors", n, n),
		PeerTool: "numpy.linalg.eigvals",
		Peer:     "eig.py",
		Modules:  []string{"numpy"},
		Builds:   []string{"default", "openblas"},
		Tol:      "sorted real parts, sorted imaginary parts and sorted moduli agree to 1e-8·max|λ|",
		Gen: func(dir string, tiny bool) error {
			N := n
			if tiny {
				N = 60
			}
			rng := num.Stream(11, uint64(N))
			m, v := mat.NewDense(N, 1, nil), mat.NewDense(N, 1, nil)
			for i := 0; i < N; i++ {
				x := rng.NormFloat64()
				m.Set(i, 0, x)
				v.Set(i, 0, 2*x+rng.NormFloat64())
			}
			J := mat.NewDense(N, N, nil)
			lowrank.Connectivity(J, m, v, 0.8, lowrank.Rescaled, rng)
			meta := newMeta()
			meta.Params["n"] = float64(N)
			if err := writeDense(dir, "J", meta, J); err != nil {
				return err
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, _ int) (float64, error) {
			_, J, err := readInput(dir, "J")
			if err != nil {
				return 0, err
			}
			var vals []complex128
			sec, err := timed(func() error {
				vals, err = linalg.Eigenvalues(nil, J)
				return err
			})
			if err != nil {
				return 0, err
			}
			re, im := make([]float64, len(vals)), make([]float64, len(vals))
			for i, z := range vals {
				re[i], im[i] = real(z), imag(z)
			}
			return sec, writeVectors(out, nil, map[string][]float64{"re": re, "im": im})
		},
		Compare: compareEigs,
		// dgeev without vectors: ~10/3 n³ for the Hessenberg reduction
		// plus ~20/3 n³ for the shifted QR sweeps (LAPACK Working Note 41
		// operation counts), ~10 n³ in all.
		Flops: func(m *Meta) float64 { n := m.P("n"); return 10 * n * n * n },
	}
}

func compareEigs(nlOut, pyOut string, _ *Meta) (string, error) {
	load := func(dir string) (re, im, mod []float64, err error) {
		if re, err = readArray(dir, "re"); err != nil {
			return
		}
		if im, err = readArray(dir, "im"); err != nil {
			return
		}
		mod = make([]float64, len(re))
		for i := range re {
			mod[i] = math.Hypot(re[i], im[i])
		}
		slices.Sort(re)
		slices.Sort(im)
		slices.Sort(mod)
		return
	}
	r1, i1, m1, err := load(nlOut)
	if err != nil {
		return "", err
	}
	r2, i2, m2, err := load(pyOut)
	if err != nil {
		return "", err
	}
	scale := slices.Max(m2)
	worst := 0.0
	for _, p := range [][2][]float64{{r1, r2}, {i1, i2}, {m1, m2}} {
		d, _, err := maxAbsDiff(p[0], p[1])
		if err != nil {
			return "", err
		}
		worst = math.Max(worst, d/scale)
	}
	msg := fmt.Sprintf("eigenvalues max rel diff %.1e (tol 1e-8), spectral radius %.4g", worst, scale)
	if !(worst <= 1e-8) {
		return msg, fmt.Errorf("eigenvalues: got max |Δ|/max|λ| = %.3g, want ≤ 1e-8", worst)
	}
	return msg, nil
}

// ---------------------------------------------------------------------------
// SSN Euler–Maruyama (Hennequin et al. 2018), many trials.

var ssnParams = ssn.Params{TauE: 0.02, TauI: 0.01, K: 0.3, Power: 2, WEE: 1.25, WEI: -0.65, WIE: 1.2, WII: -0.5,
	TauEta: 0.05, SigmaE: 0.2, SigmaI: 0.1}

// ssnNet builds the network and input h of the model named in meta.
func ssnNet(meta *Meta) (*ssn.Network, []float64) {
	if meta.P("ring") == 0 {
		return ssn.TwoPop(ssnParams), []float64{meta.P("h"), meta.P("h")}
	}
	p := ssnParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	m := meta.I("m")
	net := ssn.Ring(p, ssn.RingConfig{M: m, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)})
	return net, ssn.RingInput(m, 2, 15, 0.5, 0, math.Pi/3)
}

func ssnWorkload(model string) *Workload {
	w := &Workload{
		Name:     "ssn-" + model,
		PeerTool: "NumPy, vectorised over trials",
		Peer:     "ssn.py",
		Modules:  []string{"numpy"},
		Builds:   []string{"default"},
		Tol: "per-unit mean and std of V over trials × post-burn-in steps: |Δmean| ≤ 0.2·std + 1e-3 mV, " +
			"|Δstd| ≤ 0.15·std (different noise streams, so a statistical check; at full size the " +
			"standard error of Δmean is ≈ 0.03·std)",
	}
	ring := model == "ring"
	if ring {
		w.What = "ring SSN (2×50 units, Kronecker W and noise), 100 trials × 10⁴ Euler–Maruyama steps of 0.2 ms"
	} else {
		w.What = "two-population SSN, 1000 trials × 10⁴ Euler–Maruyama steps of 0.1 ms"
	}
	w.Gen = func(dir string, tiny bool) error {
		meta := newMeta()
		if ring {
			meta.Params["ring"], meta.Params["m"] = 1, 50
			meta.Params["trials"], meta.Params["steps"], meta.Params["dt"] = 100, 10000, 2e-4
		} else {
			meta.Params["ring"], meta.Params["h"] = 0, 15
			meta.Params["trials"], meta.Params["steps"], meta.Params["dt"] = 1000, 10000, 1e-4
		}
		if tiny {
			// Small, but enough samples for the statistical check.
			meta.Params["trials"], meta.Params["steps"] = 400, 2000
			if ring {
				meta.Params["m"], meta.Params["trials"], meta.Params["steps"] = 10, 200, 3000
			}
		}
		meta.Params["burn"] = float64(meta.I("steps") / 5)
		net, h := ssnNet(meta)
		v0, err := net.FixedPoint(h, nil)
		if err != nil {
			return err
		}
		meta.Params["k"], meta.Params["power"], meta.Params["tau_eta"] = net.K, net.Power, net.TauEta
		meta.Params["noise_diag"] = net.NoiseDiag
		if err := writeVectors(dir, meta, map[string][]float64{"tau": net.Tau, "h": h, "v0": v0}); err != nil {
			return err
		}
		if err := writeDense(dir, "W", meta, ssn.ToDense(net.W)); err != nil {
			return err
		}
		if err := writeDense(dir, "F", meta, ssn.ToDense(net.NoiseFactor)); err != nil {
			return err
		}
		return writeMeta(dir, meta)
	}
	w.Run = func(dir, out string, workers int) (float64, error) {
		meta, in, err := readInputs(dir, "v0")
		if err != nil {
			return 0, err
		}
		v0 := in[0]
		net, h := ssnNet(meta)
		n, trials, steps, burn, dt := net.N(), meta.I("trials"), meta.I("steps"), meta.I("burn"), meta.P("dt")
		s1, s2 := make([]float64, n), make([]float64, n)
		sec, err := timed(func() error {
			rngs := make([]*rand.Rand, trials)
			for j := range rngs {
				rngs[j] = num.Stream(1, uint64(j))
			}
			sim := ssn.NewSim(net, rngs)
			sim.Workers = workers
			copy(sim.H, h)
			sim.SetV(v0)
			sim.DrawStationaryNoise()
			for t := 0; t < steps; t++ {
				sim.Step(dt)
				if t >= burn {
					for j := 0; j < trials; j++ {
						vj := sim.V[j*n : (j+1)*n]
						for i, v := range vj {
							s1[i] += v
							s2[i] += v * v
						}
					}
				}
			}
			if ok, _ := sim.Bounded(1e6); !ok {
				return fmt.Errorf("ssn: diverged")
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
		cnt := float64(trials * (steps - burn))
		mean, sd := make([]float64, n), make([]float64, n)
		for i := range mean {
			mean[i] = s1[i] / cnt
			sd[i] = math.Sqrt(math.Max(s2[i]/cnt-mean[i]*mean[i], 0))
		}
		return sec, writeVectors(out, nil, map[string][]float64{"mean": mean, "std": sd})
	}
	w.Compare = func(nlOut, pyOut string, _ *Meta) (string, error) {
		var ms [2][2][]float64
		for i, d := range []string{nlOut, pyOut} {
			for j, name := range []string{"mean", "std"} {
				a, err := readArray(d, name)
				if err != nil {
					return "", err
				}
				ms[i][j] = a
			}
		}
		if len(ms[0][0]) != len(ms[1][0]) {
			return "", fmt.Errorf("ssn: %d vs %d units", len(ms[0][0]), len(ms[1][0]))
		}
		worstM, worstS := 0.0, 0.0
		for i := range ms[0][0] {
			sd := ms[1][1][i]
			dm := math.Abs(ms[0][0][i] - ms[1][0][i])
			ds := math.Abs(ms[0][1][i] - sd)
			tm, ts := 0.2*sd+1e-3, 0.15*sd
			if !(dm <= tm) || !(ds <= ts) {
				return "", fmt.Errorf("ssn unit %d: got mean %.4g std %.4g, want %.4g ± %.2g, std %.4g ± %.2g",
					i, ms[0][0][i], ms[0][1][i], ms[1][0][i], tm, sd, ts)
			}
			worstM = math.Max(worstM, dm/tm)
			worstS = math.Max(worstS, ds/ts)
		}
		return fmt.Sprintf("worst |Δmean| at %.0f%% of tol, worst |Δstd| at %.0f%% of tol", 100*worstM, 100*worstS), nil
	}
	return w
}

// ---------------------------------------------------------------------------
// Kalman (RTS) smoothing of a d = 4, N = 50, T = 10⁴ linear dynamical system.

func kalmanWorkload() *Workload {
	return &Workload{
		Name:     "kalman-smooth",
		What:     "RTS smoother, latent d = 4, N = 50 observed, T = 10⁴ steps (means, covariances, log-likelihood)",
		PeerTool: "statsmodels KalmanSmoother",
		Peer:     "kalman.py",
		Modules:  []string{"numpy", "statsmodels"},
		Builds:   []string{"default"},
		Tol:      "smoothed means to 1e-6·max|mean|, log-likelihood to 1e-8 relative",
		Gen: func(dir string, tiny bool) error {
			d, n, T := 4, 50, 10000
			if tiny {
				n, T = 8, 200
			}
			rng := num.Stream(13)
			A := mat.NewDense(d, d, nil)
			for b := 0; b < d/2; b++ {
				th := 0.05 + 0.1*float64(b)
				c, s := 0.97*math.Cos(th), 0.97*math.Sin(th)
				A.Set(2*b, 2*b, c)
				A.Set(2*b, 2*b+1, -s)
				A.Set(2*b+1, 2*b, s)
				A.Set(2*b+1, 2*b+1, c)
			}
			Q := mat.NewSymDense(d, nil)
			for i := 0; i < d; i++ {
				Q.SetSym(i, i, 0.1)
			}
			C := mat.NewDense(n, d, nil)
			for i := 0; i < n; i++ {
				for j := 0; j < d; j++ {
					C.Set(i, j, 0.5*rng.NormFloat64())
				}
			}
			R := mat.NewSymDense(n, nil)
			for i := 0; i < n; i++ {
				R.SetSym(i, i, 0.5+rng.Float64())
			}
			m := &lds.Model{A: A, Q: Q, C: C, R: R, Mu0: make([]float64, d)}
			V0, err := m.StationaryCov()
			if err != nil {
				return err
			}
			m.V0 = V0
			_, Y, err := m.Sample(rng, T, nil)
			if err != nil {
				return err
			}
			meta := newMeta()
			for _, a := range []struct {
				name string
				m    mat.Matrix
			}{{"A", A}, {"Q", Q}, {"C", C}, {"R", R}, {"V0", V0}, {"Y", Y}} {
				if err := writeDense(dir, a.name, meta, a.m); err != nil {
					return err
				}
			}
			if err := writeArray(dir, "mu0", meta, m.Mu0, d); err != nil {
				return err
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, _ int) (float64, error) {
			meta, in, err := readInputs(dir, "mu0")
			if err != nil {
				return 0, err
			}
			var ds [6]*mat.Dense
			for i, name := range []string{"A", "Q", "C", "R", "V0", "Y"} {
				if ds[i], err = readDense(dir, name, meta); err != nil {
					return 0, err
				}
			}
			sym := func(a *mat.Dense) *mat.SymDense {
				r, _ := a.Dims()
				return mat.NewSymDense(r, a.RawMatrix().Data)
			}
			m := &lds.Model{A: ds[0], Q: sym(ds[1]), C: ds[2], R: sym(ds[3]), V0: sym(ds[4]), Mu0: in[0]}
			var post *lds.Posterior
			sec, err := timed(func() error {
				post, err = m.Smooth(lds.Sequence{Y: ds[5]})
				return err
			})
			if err != nil {
				return 0, err
			}
			if err := writeArray(out, "mean", nil, post.Mean, post.T, post.Dim); err != nil {
				return 0, err
			}
			return sec, writeArray(out, "loglik", nil, []float64{post.LogLik}, 1)
		},
		Compare: func(nlOut, pyOut string, _ *Meta) (string, error) {
			m1, err := closeRel(nlOut, pyOut, "mean", 1e-6)
			if err != nil {
				return m1, err
			}
			m2, err := closeRel(nlOut, pyOut, "loglik", 1e-8)
			return m1 + "; " + m2, err
		},
	}
}

// ---------------------------------------------------------------------------
// k-means, 100 k-means++ restarts (Low et al. 2021 use 100).

func kmeansWorkload() *Workload {
	return &Workload{
		Name:     "kmeans-100",
		What:     "k-means (Lloyd, k-means++ seeding) with 100 restarts, 5000 points × 16 dims, k = 10",
		PeerTool: "sklearn.cluster.KMeans(n_init=100, algorithm=\"lloyd\", tol=0)",
		Peer:     "kmeans.py",
		Modules:  []string{"numpy", "sklearn"},
		Builds:   []string{"default"},
		Tol:      "best inertia to 1e-6 relative; labels equal up to a permutation for ≥ 99.9 % of points",
		Gen: func(dir string, tiny bool) error {
			n, d, k := 5000, 16, 10
			restarts := 100
			if tiny {
				n, restarts = 200, 3
			}
			rng := num.Stream(17)
			cent := make([]float64, k*d)
			for i := range cent {
				cent[i] = 4 * rng.NormFloat64()
			}
			X := make([]float64, n*d)
			for i := 0; i < n; i++ {
				c := i % k
				for j := 0; j < d; j++ {
					X[i*d+j] = cent[c*d+j] + rng.NormFloat64()
				}
			}
			meta := newMeta()
			meta.Params["k"], meta.Params["restarts"] = float64(k), float64(restarts)
			if err := writeArray(dir, "X", meta, X, n, d); err != nil {
				return err
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, workers int) (float64, error) {
			meta, X, err := readInput(dir, "X")
			if err != nil {
				return 0, err
			}
			var res *cluster.KMeansResult
			sec, err := timed(func() error {
				res, err = cluster.KMeans(context.Background(), X, meta.I("k"),
					cluster.KMeansOptions{Restarts: meta.I("restarts"), MaxIter: 300, Seed: 1, Workers: workers})
				return err
			})
			if err != nil {
				return 0, err
			}
			lab := make([]float64, len(res.Labels))
			for i, l := range res.Labels {
				lab[i] = float64(l)
			}
			return sec, writeVectors(out, nil, map[string][]float64{"labels": lab, "inertia": {res.Inertia}})
		},
		Compare: func(nlOut, pyOut string, meta *Meta) (string, error) {
			msg, err := closeRel(nlOut, pyOut, "inertia", 1e-6)
			if err != nil {
				return msg, err
			}
			a, b, err := readPair(nlOut, pyOut, "labels")
			if err != nil {
				return "", err
			}
			if len(a) != len(b) {
				return "", fmt.Errorf("labels: %d vs %d", len(a), len(b))
			}
			// Agreement up to a permutation: each neurolab cluster is
			// matched to the peer cluster it overlaps most.
			k := meta.I("k")
			cont := make([]int, k*k)
			for i := range a {
				cont[int(a[i])*k+int(b[i])]++
			}
			agree := 0
			for c := 0; c < k; c++ {
				agree += slices.Max(cont[c*k : (c+1)*k])
			}
			frac := float64(agree) / float64(len(a))
			msg += fmt.Sprintf("; labels agree on %.2f%% of points", 100*frac)
			if frac < 0.999 {
				return msg, fmt.Errorf("labels: got %.4f agreement, want ≥ 0.999", frac)
			}
			return msg, nil
		},
	}
}

// ---------------------------------------------------------------------------
// Competitive Hebbian plasticity in the E–I network (Eckmann et al. 2024).

func hebbWorkload() *Workload {
	return &Workload{
		Name: "hebbian-einet",
		What: "E–I rate network (80 E, 20 I, 80 inputs), 10⁴ Euler steps with Hebbian updates, " +
			"clipping and joint L1 normalisation of six matrices",
		PeerTool: "NumPy, one loop iteration per step (as the authors' code)",
		Peer:     "hebbian.py",
		Modules:  []string{"numpy"},
		Builds:   []string{"default"},
		Tol:      "final weights and rates to 1e-8·max|value| per array",
		Gen: func(dir string, tiny bool) error {
			nE, nI, nIn, steps := 80, 20, 80, 10000
			if tiny {
				nE, nI, nIn, steps = 16, 4, 16, 200
			}
			const tseq, peak, sigmaDeg = 20, 140.0, 12.0
			meta := newMeta()
			for k, v := range map[string]float64{
				"nE": float64(nE), "nI": float64(nI), "nIn": float64(nIn), "steps": float64(steps),
				"tseq": tseq, "dt_tau_e": 10.0 / 20, "dt_tau_i": 10.0 / 17, "gain": 0.04, "power": 2,
				"eta0": 2 * 0.10e-7, "eta1": 2 * 0.15e-7, "eta2": 2 * 0.20e-7, "eta3": 2 * 0.25e-7,
				"b_wu": 0.6, "b_m": 0.3, "b_kq": 0.85, "b_p": 0.35,
			} {
				meta.Params[k] = v
			}
			rng := num.Stream(19)
			init := func(r, c int, mu, sd, budget float64) []float64 {
				m := plasticity.NewDense(r, c)
				for i := range m.Data {
					m.Data[i] = math.Abs(mu + sd*rng.NormFloat64())
				}
				plasticity.NormalizeRows(plasticity.L1, budget, m)
				return m.Data
			}
			arrays := []struct {
				name string
				v    []float64
				r, c int
			}{
				{"W", init(nE, nIn, 0.2, 0.1, 0.6), nE, nIn},
				{"U", make([]float64, nE*nE), nE, nE},
				{"M", init(nE, nI, 2e-4, 1e-4, 0.3), nE, nI},
				{"K", init(nI, nIn, 0.2, 0.1, 0.85), nI, nIn},
				{"Q", make([]float64, nI*nE), nI, nE},
				{"P", init(nI, nI, 2e-4, 1e-4, 0.35), nI, nI},
			}
			for _, a := range arrays {
				if err := writeArray(dir, a.name, meta, a.v, a.r, a.c); err != nil {
					return err
				}
			}
			// Input rates: one oriented Gaussian bump per presentation of
			// tseq steps (spec: y_k = peak·exp(−d(s, s_k)²/(2σ²))).
			nseq := (steps + tseq - 1) / tseq
			yin := make([]float64, nseq*nIn)
			sigma := sigmaDeg * math.Pi / 180
			for q := 0; q < nseq; q++ {
				s := rng.Float64() * math.Pi
				for k := 0; k < nIn; k++ {
					d := math.Mod(math.Abs(s-float64(k)*math.Pi/float64(nIn)), math.Pi)
					d = math.Min(d, math.Pi-d)
					yin[q*nIn+k] = peak * math.Exp(-d*d/(2*sigma*sigma))
				}
			}
			if err := writeArray(dir, "yin", meta, yin, nseq, nIn); err != nil {
				return err
			}
			return writeMeta(dir, meta)
		},
		Run: func(dir, out string, _ int) (float64, error) {
			meta, in, err := readInputs(dir, "yin")
			if err != nil {
				return 0, err
			}
			yin := in[0]
			nE, nI, nIn := meta.I("nE"), meta.I("nI"), meta.I("nIn")
			n := plasticity.NewEINet(nE, nI, nIn)
			n.DtTauE, n.DtTauI, n.Gain, n.Power = meta.P("dt_tau_e"), meta.P("dt_tau_i"), meta.P("gain"), meta.P("power")
			n.Eta = [4]float64{meta.P("eta0"), meta.P("eta1"), meta.P("eta2"), meta.P("eta3")}
			n.Budgets = [4]float64{meta.P("b_wu"), meta.P("b_m"), meta.P("b_kq"), meta.P("b_p")}
			mats := map[string]*plasticity.Dense{"W": n.W, "U": n.U, "M": n.M, "K": n.K, "Q": n.Q, "P": n.P}
			for name, m := range mats {
				d, err := readArray(dir, name)
				if err != nil {
					return 0, err
				}
				copy(m.Data, d)
			}
			steps, tseq := meta.I("steps"), meta.I("tseq")
			sec, err := timed(func() error {
				for t := 0; t < steps; t++ {
					q := t / tseq
					if !n.Step(yin[q*nIn:(q+1)*nIn], true) {
						return fmt.Errorf("hebbian: rates diverged at step %d", t)
					}
				}
				return nil
			})
			if err != nil {
				return 0, err
			}
			for name, m := range mats {
				if err := writeArray(out, name, nil, m.Data, m.Rows, m.Cols); err != nil {
					return 0, err
				}
			}
			return sec, writeVectors(out, nil, map[string][]float64{"yE": n.YE, "yI": n.YI})
		},
		Compare: func(nlOut, pyOut string, _ *Meta) (string, error) {
			worst := ""
			for _, name := range []string{"W", "U", "M", "K", "Q", "P", "yE", "yI"} {
				msg, err := closeRel(nlOut, pyOut, name, 1e-8)
				if err != nil {
					return msg, err
				}
				if name == "W" || name == "yE" {
					worst += msg + "; "
				}
			}
			return worst + "all eight arrays within tol", nil
		},
	}
}
