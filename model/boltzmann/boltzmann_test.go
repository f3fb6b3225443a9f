package boltzmann

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func randomRBM(nv, nh int, seed uint64) *RBM {
	r := rand.New(rand.NewPCG(seed, 7))
	m := New(nv, nh, 0.8, nil, 0, r)
	for i := range m.B {
		m.B[i] = r.NormFloat64()
	}
	for j := range m.C {
		m.C[j] = r.NormFloat64()
	}
	return m
}

// joint enumerates both layers: it returns every (v, h) state's
// probability under exp(−E(v,h))/Z and the sufficient statistics
// s = (v, h, v_i h_j for live weights in row-major order).
func joint(m *RBM) (p []float64, stats [][]float64, logZ float64) {
	nv, nh := m.NV, m.NH
	var logw []float64
	for k := 0; k < 1<<nv; k++ {
		for l := 0; l < 1<<nh; l++ {
			v := make([]float64, nv)
			h := make([]float64, nh)
			for i := range v {
				v[i] = float64(k >> i & 1)
			}
			for j := range h {
				h[j] = float64(l >> j & 1)
			}
			negE := 0.0
			s := append(append([]float64(nil), v...), h...)
			for i := range v {
				negE += m.B[i] * v[i]
				for j := range h {
					negE += v[i] * m.W[i*nh+j] * h[j]
					if m.Live(i, j) {
						s = append(s, v[i]*h[j])
					}
				}
			}
			for j := range h {
				negE += m.C[j] * h[j]
			}
			logw = append(logw, negE)
			stats = append(stats, s)
		}
	}
	mx := math.Inf(-1)
	for _, x := range logw {
		mx = math.Max(mx, x)
	}
	z := 0.0
	for _, x := range logw {
		z += math.Exp(x - mx)
	}
	logZ = mx + math.Log(z)
	for _, x := range logw {
		p = append(p, math.Exp(x-logZ))
	}
	return p, stats, logZ
}

func TestExactAgainstJointEnumeration(t *testing.T) {
	for _, tc := range []struct {
		name   string
		nv, nh int
		prune  bool
	}{{"3x2", 3, 2, false}, {"4x3", 4, 3, false}, {"4x3 pruned", 4, 3, true},
		// Every hidden unit removed (pruning at percentile 99.95): the FIM
		// panicked in Syrk on a zero-width hidden block.
		{"4x0", 4, 0, false}} {
		t.Run(tc.name, func(t *testing.T) {
			m := randomRBM(tc.nv, tc.nh, 11)
			if tc.prune {
				score := make([]float64, tc.nv*tc.nh)
				for k := range score {
					score[k] = float64((k * 7) % 5)
				}
				m.PruneWeights(score, 30)
			}
			e := Enumerate(m)
			pj, st, logZ := joint(m)
			if d := math.Abs(e.LogZ - logZ); d > 1e-12 {
				t.Errorf("log Z: got %.15g, want %.15g ± 1e-12", e.LogZ, logZ)
			}
			nH := 1 << tc.nh
			for k := range e.P {
				pv := 0.0
				for l := 0; l < nH; l++ {
					pv += pj[k*nH+l]
				}
				if math.Abs(e.P[k]-pv) > 1e-13 {
					t.Errorf("p(v=%d): got %.15g, want %.15g ± 1e-13", k, e.P[k], pv)
				}
			}
			// Full FIM = covariance of the sufficient statistics.
			F, pi := e.FIM()
			P := pi.Len()
			if len(st[0]) != P {
				t.Fatalf("got %d parameters, want %d", P, len(st[0]))
			}
			mu := make([]float64, P)
			for s, p := range pj {
				for a := range mu {
					mu[a] += p * st[s][a]
				}
			}
			for a := 0; a < P; a++ {
				for b := 0; b < P; b++ {
					want := 0.0
					for s, p := range pj {
						want += p * (st[s][a] - mu[a]) * (st[s][b] - mu[b])
					}
					if got := F.At(a, b); math.Abs(got-want) > 1e-12 {
						t.Errorf("F[%d,%d]: got %.15g, want %.15g ± 1e-12", a, b, got, want)
					}
				}
			}
			// FisherDiag equals the FIM's weight diagonal.
			fd := e.FisherDiag()
			for q, w := range pi.Weight {
				a := tc.nv + tc.nh + q
				if math.Abs(fd[w]-F.At(a, a)) > 1e-12 {
					t.Errorf("F_diag[%d]: got %.15g, want %.15g ± 1e-12", w, fd[w], F.At(a, a))
				}
			}
		})
	}
}

func TestHeuristicExactWhenUncoupled(t *testing.T) {
	// With W = 0, v and h are independent: p_ij = ⟨v_i⟩⟨h_j⟩, which is the
	// heuristic's q_ij at w_ij = 0, so heuristic and exact F coincide.
	m := randomRBM(5, 4, 3)
	clear(m.W)
	e := Enumerate(m)
	vm, hm := e.Means()
	h, f := m.Heuristic(vm, hm), e.FisherDiag()
	for k := range h {
		if math.Abs(h[k]-f[k]) > 1e-12 {
			t.Errorf("weight %d: got %.15g, want %.15g ± 1e-12", k, h[k], f[k])
		}
	}
}

func TestSampledFisherMatchesExact(t *testing.T) {
	m := randomRBM(4, 3, 5)
	e := Enumerate(m)
	s := m.SampleJoint(40000, 30, rand.New(rand.NewPCG(1, 2)))
	f, fe := SampleFisher(4, 3, s), e.FisherDiag()
	for k := range f {
		// binomial std of p̂ is ≤ 0.5/√40000 = 0.0025; F'(p) ≤ 1.
		if math.Abs(f[k]-fe[k]) > 0.01 {
			t.Errorf("F[%d]: got %.4f, want %.4f ± 0.01", k, f[k], fe[k])
		}
	}
}

func TestKL(t *testing.T) {
	m := randomRBM(2, 2, 9)
	e := Enumerate(m)
	counts := []float64{1, 3, 0, 4}
	want := 0.0
	for k, c := range counts {
		if c > 0 {
			want += c / 8 * math.Log(c/8/e.P[k])
		}
	}
	if got := e.KL(counts); math.Abs(got-want) > 1e-14 {
		t.Errorf("got %.15g, want %.15g ± 1e-14", got, want)
	}
}

func TestPercentile(t *testing.T) {
	for _, tc := range []struct{ q, want float64 }{{0, 1}, {25, 1.75}, {50, 2.5}, {100, 4}} {
		t.Run(fmt.Sprint(tc.q), func(t *testing.T) {
			if got := Percentile([]float64{4, 1, 3, 2}, tc.q); math.Abs(got-tc.want) > 1e-15 {
				t.Errorf("got %g, want %g", got, tc.want)
			}
		})
	}
}

func TestPruningMasks(t *testing.T) {
	m := randomRBM(3, 4, 1)
	// Hidden unit 2 gets the lowest scores on every visible unit.
	score := []float64{5, 6, 0, 7, 8, 9, 1, 10, 11, 12, 2, 3}
	if n := m.PruneWeights(score, 25); n != 3 {
		t.Fatalf("got %d pruned, want 3 (scores ≤ the 25th percentile 2.75)", n)
	}
	for k, s := range score {
		pruned := s <= 2.75
		if pruned != (m.Mask[k] == 0) || pruned && m.W[k] != 0 {
			t.Errorf("weight %d (score %g): mask %g, w %g", k, s, m.Mask[k], m.W[k])
		}
	}
	// Training keeps pruned weights at exactly zero.
	r := rand.New(rand.NewPCG(2, 2))
	data := [][]float64{{1, 0, 1}, {0, 1, 1}, {1, 1, 0}}
	if err := m.Train(data, Schedule{K: 1, LR: []float64{0.1, 0.05}, Momentum: 0.9, Batch: 1}, r); err != nil {
		t.Fatal(err)
	}
	for k, mk := range m.Mask {
		if mk == 0 && m.W[k] != 0 {
			t.Errorf("pruned weight %d became %g after training, want 0", k, m.W[k])
		}
	}
	c, keep := m.RemoveDeadHidden()
	if fmt.Sprint(keep) != "[0 1 3]" || c.NH != 3 {
		t.Fatalf("kept hidden %v, want [0 1 3]", keep)
	}
	for i := 0; i < 3; i++ {
		for jj, j := range keep {
			if c.W[i*3+jj] != m.W[i*4+j] || c.Mask[i*3+jj] != m.Mask[i*4+j] {
				t.Errorf("W[%d,%d] not carried over", i, j)
			}
		}
	}
	// A unit with no weights contributes only a constant to F(v): removing
	// it changes log Z by log(1 + e^{c_j}) and leaves p(v) unchanged.
	e1, e2 := Enumerate(m), Enumerate(c)
	if d := e1.LogZ - e2.LogZ - softplus(m.C[2]); math.Abs(d) > 1e-12 {
		t.Errorf("log Z shift: got %.3g, want 0 ± 1e-12", d)
	}
	for k := range e1.P {
		if math.Abs(e1.P[k]-e2.P[k]) > 1e-14 {
			t.Errorf("p(v=%d): got %g, want %g", k, e2.P[k], e1.P[k])
		}
	}
}

func TestCDLearnsPlantedDistribution(t *testing.T) {
	teacher := randomRBM(6, 4, 21)
	teacher.Mask = nil
	for k := range teacher.W {
		teacher.W[k] *= 3
	}
	r := rand.New(rand.NewPCG(4, 4))
	vs, _ := teacher.Sample(20000, 30, r)
	counts := Histogram(vs, 6)
	for _, pcd := range []bool{false, true} {
		t.Run(fmt.Sprintf("persistent=%v", pcd), func(t *testing.T) {
			student := New(6, 8, 0.1, nil, -2, rand.New(rand.NewPCG(5, 5)))
			kl0 := Enumerate(student).KL(counts)
			s := Schedule{K: 1, LR: []float64{0.05, 0.01}, Momentum: 0.9, Batch: 1}
			if pcd {
				s = Schedule{K: 1, LR: []float64{0.02, 0.01}, Momentum: 0.5, Batch: 20, Persistent: true, Chains: 20}
			}
			if err := student.Train(vs, s, r); err != nil {
				t.Fatal(err)
			}
			kl := Enumerate(student).KL(counts)
			t.Logf("KL before %.4f, after %.4f", kl0, kl)
			// The data's own entropy-limited floor is ~0 up to sampling noise;
			// an untrained student sits at kl0 (≈ 1 nat).
			if kl > 0.1*kl0 || kl > 0.1 {
				t.Errorf("KL after training: got %.4f, want ≤ min(0.1, 0.1·%.4f)", kl, kl0)
			}
		})
	}
}

func Example() {
	r := rand.New(rand.NewPCG(1, 1))
	// Two patterns of 4 bits.
	data := make([][]float64, 0, 2000)
	for i := 0; i < 1000; i++ {
		data = append(data, []float64{1, 1, 0, 0}, []float64{0, 0, 1, 1})
	}
	m := New(4, 3, 0.1, []float64{0.5, 0.5, 0.5, 0.5}, -2, r)
	if err := m.Train(data, Schedule{K: 1, LR: []float64{0.1, 0.01}, Momentum: 0.9, Batch: 1}, r); err != nil {
		panic(err)
	}
	e := Enumerate(m)
	fmt.Printf("p(1100)+p(0011) > 0.9: %v\n", e.P[0b0011]+e.P[0b1100] > 0.9)
	// Prune the half of the weights with the least Fisher information.
	m.PruneWeights(e.FisherDiag(), 50)
	fmt.Println("live weights:", m.LiveWeights())
	// Output:
	// p(1100)+p(0011) > 0.9: true
	// live weights: 6
}

func patchLike(n int, r *rand.Rand) [][]float64 {
	out := make([][]float64, n)
	for k := range out {
		out[k] = make([]float64, 13)
		b := r.Float64() < 0.5
		for i := range out[k] {
			if (r.Float64() < 0.85) == b {
				out[k][i] = 1
			}
		}
	}
	return out
}

func BenchmarkCD1Pass90kx13x70(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	data := patchLike(90000, r)
	m := New(13, 70, 0.1, nil, -2, r)
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		if err := m.Train(data, Schedule{K: 1, LR: []float64{0.01}, Momentum: 0.9, Batch: 1}, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEnumerate13x70(b *testing.B) {
	m := randomRBM(13, 70, 1)
	for it := 0; it < b.N; it++ {
		Enumerate(m)
	}
}

func BenchmarkFIM13x70(b *testing.B) {
	m := randomRBM(13, 70, 1)
	e := Enumerate(m)
	for it := 0; it < b.N; it++ {
		e.FIM()
	}
}
