package rule2022

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/internal/stats"
	"neurolab/model/plasticity"
)

// tinyModel returns a small model with random features (last row constant
// 1), random weights and random positive targets.
func tinyModel(K, L int) *model {
	rng := rand.New(rand.NewPCG(7, 11))
	p := Default(experiment.Quick)
	p.K, p.L = K, L
	X := mat.NewDense(K+1, L, nil)
	for k := 0; k < K; k++ {
		for l := 0; l < L; l++ {
			X.Set(k, l, rng.NormFloat64())
		}
	}
	for l := 0; l < L; l++ {
		X.Set(K, l, 1)
	}
	W := mat.NewDense(K+1, L, nil)
	Y := mat.NewDense(L, L, nil)
	for i := 0; i < K+1; i++ {
		for m := 0; m < L; m++ {
			W.Set(i, m, 0.3*rng.NormFloat64())
		}
	}
	for m := 0; m < L; m++ {
		W.Set(K, m, -3)
		for l := 0; l < L; l++ {
			Y.Set(m, l, 0.05*rng.Float64())
		}
	}
	return &model{p: p, X0: X, Y: Y, W: W, muY: mat.Sum(Y) / float64(L*L)}
}

// TestStepClosedForm checks one replay iteration of each plastic rule
// against the spec's equations written out element by element.
func TestStepClosedForm(t *testing.T) {
	const K, L = 5, 6
	for _, rule := range []Rule{Homeostat, HebbHomeo, HebbNorm} {
		t.Run(rule.String(), func(t *testing.T) {
			m := tinyModel(K, L)
			p := m.p
			r, u0, g0, b0 := primedReplay(m, rule)
			X := m.X0
			// expected response
			a := mat.NewDense(L, L, nil)
			a.Mul(u0.T(), X)
			yf := mat.NewDense(L, L, nil)
			for c := 0; c < L; c++ {
				for l := 0; l < L; l++ {
					z := a.At(c, l)
					if rule == Homeostat {
						z = g0[c]*z + b0[c]
					}
					yf.Set(c, l, math.Exp(z))
				}
			}
			q := yf
			if rule != HebbHomeo {
				q = normaliseRef(yf, m.muY)
			}
			got := r.step(X, X.Slice(0, K, 0, L).(*mat.Dense))
			if !mat.EqualApprox(got, q, 1e-14) {
				t.Fatalf("response: got %v, want %v", mat.Formatted(got), mat.Formatted(q))
			}
			for c := 0; c < L; c++ {
				row := q.RawRowView(c)
				mu, sd := plasticity.MeanSD(row)
				eMu, eSig := r.muT-mu, 1-sd/r.sigT
				var wantG, wantB float64
				if rule == Homeostat {
					var ma float64
					for l := 0; l < L; l++ {
						ma += a.At(c, l)
					}
					ma /= L
					wantB = b0[c] + p.HomEta*(p.HomBeta*eMu-ma*eSig)
					wantG = g0[c] + p.HomEta*eSig
				} else {
					wantB = p.Iota*b0[c] + eMu
					wantG = p.Iota*g0[c] + eSig
				}
				if math.Abs(r.gamma[c]-wantG) > 1e-12 || math.Abs(r.bet[c]-wantB) > 1e-12 {
					t.Fatalf("cell %d: got γ %g β %g, want %g, %g ± 1e-12", c, r.gamma[c], r.bet[c], wantG, wantB)
				}
				for k := 0; k <= K; k++ {
					want := u0.At(k, c)
					switch {
					case rule == Homeostat:
					case k == K:
						want += p.Eta * p.EtaBeta * wantB
					default:
						var h float64
						for l := 0; l < L; l++ {
							h += X.At(k, l) * q.At(c, l)
						}
						dw := p.EtaGamma * wantG * (h/L - want)
						want += p.Eta * (dw - 2*p.Rho/K*want)
					}
					if d := math.Abs(r.u.At(k, c) - want); d > 1e-13 {
						t.Fatalf("w[%d,%d]: got %.15g, want %.15g ± 1e-13", k, c, r.u.At(k, c), want)
					}
				}
			}
		})
	}
}

// stationaryModel returns the quick-scale model with its day-0 features.
func stationaryModel(t *testing.T) *model {
	t.Helper()
	p := Default(experiment.Quick)
	fs, err := features(context.Background(), p, 1, []int{0}, 2)
	if err != nil {
		t.Fatal(err)
	}
	m := &model{p: p, seed: 1, X0: mat.NewDense(p.K+1, p.L, fs[0])}
	m.Y = targets(p.L, p.Nu*float64(p.L), p.Height)
	m.muY = mat.Sum(m.Y) / float64(p.L*p.L)
	m.W, _ = fitGLM(context.Background(), m.X0, m.Y, p.Rho, p.GLMIter)
	m.R, _ = fitRecurrent(context.Background(), m.Y, p.Rho, p.RecGLMIter)
	m.Sz, m.muZ = activationCov(m.Y)
	return m
}

// homeoErr returns the median over cells of the relative errors of the
// per-cell mean and SD of q against the rule's targets.
func homeoErr(r *replay, q *mat.Dense) (meanErr, sdErr float64) {
	M, L := q.Dims()
	me, se := make([]float64, M), make([]float64, M)
	for c := 0; c < M; c++ {
		mu, sd := plasticity.MeanSD(q.RawRowView(c))
		me[c] = math.Abs(mu-r.muT) / r.muT
		se[c] = math.Abs(sd-r.sigT) / r.sigT
	}
	_ = L
	return stats.Median(me), stats.Median(se)
}

// TestStationaryCodeStaysStable: without drift and without synaptic noise,
// every plastic rule replaying on the day-0 features keeps the GLM readout
// (its homeostatic targets are the GLM response's statistics, so the
// errors, and with them Hebbian learning, vanish).
func TestStationaryCodeStaysStable(t *testing.T) {
	m := stationaryModel(t)
	K, L := m.p.K, m.p.L
	xs := m.X0.Slice(0, K, 0, L).(*mat.Dense)
	for _, rule := range []Rule{Homeostat, HebbHomeo, HebbNorm, Recurrent, Predictive} {
		t.Run(rule.String(), func(t *testing.T) {
			r := newReplay(m, rule)
			q0 := mat.DenseCopyOf(r.respond(m.X0))
			var q *mat.Dense
			iters := 300
			if rule == Predictive {
				iters = 30 // I_z = 100 feedback steps per iteration: keep the test short
			}
			for it := 0; it < iters; it++ {
				q = r.step(m.X0, xs)
			}
			e0, e1 := nrmse(q0.RawMatrix().Data, m.Y.RawMatrix().Data, L), nrmse(q.RawMatrix().Data, m.Y.RawMatrix().Data, L)
			if math.Abs(e1-e0) > 0.002 {
				t.Errorf("NRMSE after %d iterations: got %.4f, want %.4f ± 0.002", iters, e1, e0)
			}
			me, se := homeoErr(r, q)
			t.Logf("NRMSE %.4f → %.4f; median per-cell errors mean %.4f SD %.4f", e0, e1, me, se)
			if me > 0.01 || se > 0.01 {
				t.Errorf("median per-cell errors: got mean %.4f SD %.4f, want ≤ 0.01", me, se)
			}
		})
	}
}

// TestHomeostatConverges: the gain/bias homeostat started away from its
// fixed point on a stationary input brings every cell's mean and SD to the
// targets.
func TestHomeostatConverges(t *testing.T) {
	m := stationaryModel(t)
	K, L := m.p.K, m.p.L
	xs := m.X0.Slice(0, K, 0, L).(*mat.Dense)
	r := newReplay(m, Homeostat)
	for c := range r.gamma {
		r.gamma[c] = 0.7
		r.bet[c] = -1
	}
	q := r.respond(m.X0)
	me0, se0 := homeoErr(r, q)
	for it := 0; it < 3000; it++ {
		q = r.step(m.X0, xs)
	}
	me, se := homeoErr(r, q)
	t.Logf("median errors: start mean %.3f SD %.3f, after 3000 iterations mean %.4f SD %.4f", me0, se0, me, se)
	if me > 0.01 || se > 0.01 {
		t.Errorf("median per-cell errors after 3000 iterations: got mean %.4f SD %.4f, want ≤ 0.01", me, se)
	}
}
