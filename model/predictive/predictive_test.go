package predictive

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// linearNet returns a 3-5-2 net with zero feedforward weights into the top
// layer, so every hidden unit sees a constant drive u = σ(W_0ᵀx + b) and is
// a linear leaky unit: x(t) = u·(1 − (1 − dt)^t) exactly under Euler.
func linearNet(r *rand.Rand) *Net {
	n := New([]int{3, 5, 2}, 0.1, 1, r)
	for i := range n.W[1] {
		n.W[1][i] = 0
	}
	return n
}

func TestLinearLeakyTrajectory(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	n := linearNet(r)
	in := []float64{0.3, 0.9, 0.1}
	const K, T = 12, 120
	u := n.Units()
	early := make([]float64, K*u)
	final := make([]float64, u)
	n.Run(n.NewWorkspace(), in, nil, 0, T, early, final)
	for j := 0; j < 5; j++ {
		z := n.B[0][j]
		for i, x := range in {
			z += x * n.W[0][i*5+j]
		}
		drive := sigmoid(z)
		for step := 1; step <= K; step++ {
			want := drive * (1 - math.Pow(1-0.1, float64(step)))
			if got := early[(step-1)*u+j]; math.Abs(got-want) > 1e-13 {
				t.Errorf("unit %d step %d: got %.15g, want %.15g ± 1e-13", j, step, got, want)
			}
		}
		want := drive * (1 - math.Pow(0.9, T))
		if math.Abs(final[j]-want) > 1e-13 {
			t.Errorf("unit %d x(T): got %.15g, want %.15g ± 1e-13", j, final[j], want)
		}
	}
	// top layer: constant drive σ(b_2)
	for j := 0; j < 2; j++ {
		want := sigmoid(n.B[1][j]) * (1 - math.Pow(0.9, T))
		if got := final[5+j]; math.Abs(got-want) > 1e-13 {
			t.Errorf("top unit %d: got %.15g, want %.15g ± 1e-13", j, got, want)
		}
	}
}

func TestPredictorExactOnLinearUnits(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 1))
	n := linearNet(r)
	const K, T, S = 12, 120, 30
	u := n.Units()
	early := make([][]float64, S)
	final := make([][]float64, S)
	ws := n.NewWorkspace()
	for s := range early {
		in := []float64{r.Float64(), r.Float64(), r.Float64()}
		early[s] = make([]float64, K*u)
		final[s] = make([]float64, u)
		n.Run(ws, in, nil, 0, T, early[s], final[s])
	}
	fit := make([]int, 20)
	for i := range fit {
		fit[i] = i
	}
	p := Predictor{K: K, Units: u}
	if err := p.Fit(early, final, fit, 1e-12, nil); err != nil {
		t.Fatal(err)
	}
	got := make([]float64, u)
	for s := 20; s < S; s++ {
		p.Predict(got, early[s])
		for i := 0; i < 5; i++ {
			if d := math.Abs(got[i] - final[s][i]); d > 1e-6 {
				t.Errorf("sample %d unit %d: got %.10g, want %.10g ± 1e-6", s, i, got[i], final[s][i])
			}
		}
	}
}

func TestCholSolve(t *testing.T) {
	a := []float64{4, 2, 0, 2, 5, 1, 0, 1, 3}
	x := []float64{1, -2, 0.5}
	b := []float64{4*1 + 2*-2, 2*1 + 5*-2 + 0.5, -2 + 1.5}
	if !cholSolve(a, b, 3) {
		t.Fatal("not positive definite")
	}
	for i := range x {
		if math.Abs(b[i]-x[i]) > 1e-12 {
			t.Errorf("x[%d]: got %g, want %g ± 1e-12", i, b[i], x[i])
		}
	}
	if cholSolve([]float64{1, 2, 2, 1}, []float64{1, 1}, 2) {
		t.Error("got positive definite for an indefinite matrix, want false")
	}
}

func TestUpdate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 1))
	n := New([]int{4, 3, 2}, 0.1, 1, r)
	in := [][]float64{{1, 0, 0.5, 0.2}, {0, 1, 0.3, 0.9}}
	xc := [][]float64{{0.1, 0.5, 0.9, 1, 0}, {0.4, 0.2, 0.3, 0, 1}}
	t.Run("zero when prediction equals clamped", func(t *testing.T) {
		m := New([]int{4, 3, 2}, 0.1, 1, rand.New(rand.NewPCG(3, 1)))
		w0 := append([]float64(nil), m.W[0]...)
		b1 := append([]float64(nil), m.B[1]...)
		m.Update(in, xc, xc, []float64{0.03, 0.02}, false, nil)
		for i := range w0 {
			if m.W[0][i] != w0[i] || m.G[0][i] != 0 {
				t.Fatalf("W0[%d]: got %g (G %g), want %g unchanged", i, m.W[0][i], m.G[0][i], w0[i])
			}
		}
		for i := range b1 {
			if m.B[1][i] != b1[i] {
				t.Fatalf("b1[%d]: got %g, want %g", i, m.B[1][i], b1[i])
			}
		}
	})
	t.Run("first step is eta times sign", func(t *testing.T) {
		// With G = 0 before the step, W += η·ΔW/(|ΔW| + 1e−7) = η·sign(ΔW).
		xhat := [][]float64{{0, 0, 0, 0.5, 0.5}, {0, 0, 0, 0.5, 0.5}}
		w1 := append([]float64(nil), n.W[1]...)
		n.Update(in, xc, xhat, []float64{0.03, 0.02}, false, nil)
		for i := 0; i < 3; i++ {
			for j := 0; j < 2; j++ {
				dw := (xc[0][i]*(xc[0][3+j]-0.5) + xc[1][i]*(xc[1][3+j]-0.5)) / 2
				want := w1[i*2+j] + 0.02*dw/(math.Abs(dw)+1e-7)
				if got := n.W[1][i*2+j]; math.Abs(got-want) > 1e-15 {
					t.Errorf("W1[%d,%d]: got %.15g, want %.15g ± 1e-15", i, j, got, want)
				}
			}
		}
	})
}

func TestBatchDeterministicAcrossWorkers(t *testing.T) {
	run := func(workers int) []float64 {
		r := rand.New(rand.NewPCG(5, 5))
		n := New([]int{16, 8, 3}, 0.1, 1, r)
		in := make([][]float64, 20)
		tg := make([][]float64, 20)
		for i := range in {
			in[i] = make([]float64, 16)
			for j := range in[i] {
				in[i][j] = r.Float64()
			}
			tg[i] = make([]float64, 3)
			tg[i][i%3] = 1
		}
		tr := NewTrainer(n, Schedule{Steps: 40, K: 6, Delay: 5, Update: 5, Ridge: 1e-6, Eta: []float64{0.03, 0.02}}, 20)
		for b := 0; b < 3; b++ {
			if _, err := tr.Batch(context.Background(), workers, in, tg, r); err != nil {
				t.Fatal(err)
			}
		}
		return append(append([]float64(nil), n.W[0]...), n.W[1]...)
	}
	a, b := run(1), run(2)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("weight %d: workers=1 gives %g, workers=2 gives %g", i, a[i], b[i])
		}
	}
}

func Example() {
	r := rand.New(rand.NewPCG(1, 2))
	net := New([]int{4, 6, 2}, 0.1, 1, r)
	in := [][]float64{{1, 0, 0, 1}, {0, 1, 1, 0}}
	targets := [][]float64{{1, 0}, {0, 1}}
	var batch, tg [][]float64
	for i := 0; i < 20; i++ {
		batch = append(batch, in[i%2])
		tg = append(tg, targets[i%2])
	}
	tr := NewTrainer(net, Schedule{Steps: 120, K: 12, Delay: 13, Update: 4, Ridge: 1e-6, Eta: []float64{0.03, 0.02}}, len(batch))
	for b := 0; b < 100; b++ {
		if _, err := tr.Batch(context.Background(), 1, batch, tg, r); err != nil {
			panic(err)
		}
	}
	got, _ := net.Classify(context.Background(), 1, 120, in)
	fmt.Println(got)
	// Output: [0 1]
}

func BenchmarkEpoch196x100x10(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	net := New([]int{196, 100, 10}, 0.1, 1, r)
	const N, batch = 3000, 50
	in := make([][]float64, N)
	tg := make([][]float64, N)
	for i := range in {
		in[i] = make([]float64, 196)
		for j := range in[i] {
			if r.Float64() < 0.2 {
				in[i][j] = r.Float64()
			}
		}
		tg[i] = make([]float64, 10)
		tg[i][i%10] = 1
	}
	tr := NewTrainer(net, Schedule{Steps: 120, K: 12, Delay: 13, Update: 10, Ridge: 1e-6, Eta: []float64{0.03, 0.02}}, batch)
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for s := 0; s < N; s += batch {
			if _, err := tr.Batch(context.Background(), 1, in[s:s+batch], tg[s:s+batch], r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
