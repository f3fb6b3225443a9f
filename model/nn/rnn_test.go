package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// rnnProblem returns a random network, input, target and initial state.
func rnnProblem(seed uint64, in, hidden, out, T, B int) (*RNN, []float64, []float64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	r := NewRNN(in, hidden, out, rng)
	for _, p := range []*Param{r.B, r.Bout} { // non-zero biases so their paths are exercised
		for i := range p.W {
			p.W[i] = 0.3 * rng.NormFloat64()
		}
	}
	fill := func(n int, s float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = s * rng.NormFloat64()
		}
		return v
	}
	r.H0 = fill(B*hidden, 0.5)
	return r, fill(T*B*in, 1), fill(T*B*out, 1)
}

// TestRNNGradient compares Backward's gradients of the MSE loss against
// central finite differences for every parameter (relative error < 1e-6 in
// float64, the package's criterion).
func TestRNNGradient(t *testing.T) {
	cases := []struct {
		name                  string
		in, hidden, out, T, B int
		workers               int
	}{
		{"one-step", 3, 4, 2, 1, 2, 1},
		{"T6-B3", 3, 5, 2, 6, 3, 1},
		{"T8-B4-workers3", 2, 6, 3, 8, 4, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, x, target := rnnProblem(1, c.in, c.hidden, c.out, c.T, c.B)
			r.Workers = c.workers
			loss := func() float64 { return MSE(nil, r.Forward(x, c.T, c.B), target) }
			y := r.Forward(x, c.T, c.B)
			dy := make([]float64, len(y))
			MSE(dy, y, target)
			r.ZeroGrad()
			r.Backward(dy)
			const h = 1e-6
			for _, p := range r.Params() {
				want := make([]float64, len(p.W))
				for i := range p.W {
					w0 := p.W[i]
					p.W[i] = w0 + h
					lp := loss()
					p.W[i] = w0 - h
					lm := loss()
					p.W[i] = w0
					want[i] = (lp - lm) / (2 * h)
				}
				if e := relErr(p.G, want); !(e < 1e-6) {
					t.Errorf("%s: got relative error %.3g, want < 1e-6", p.Name, e)
				}
			}
		})
	}
}

// TestRNNOneStepClosedForm checks (1) at T = 1 against a direct evaluation.
func TestRNNOneStepClosedForm(t *testing.T) {
	const in, hidden, out, B = 3, 4, 2, 2
	r, x, _ := rnnProblem(2, in, hidden, out, 1, B)
	y := r.Forward(x, 1, B)
	for s := 0; s < B; s++ {
		h := make([]float64, hidden)
		for j := range h {
			a := r.B.W[j]
			for i := 0; i < in; i++ {
				a += x[s*in+i] * r.Win.W[i*hidden+j]
			}
			for i := 0; i < hidden; i++ {
				a += r.H0[s*hidden+i] * r.W.W[i*hidden+j]
			}
			h[j] = math.Tanh(a)
		}
		for o := 0; o < out; o++ {
			want := r.Bout.W[o]
			for j, v := range h {
				want += v * r.Wout.W[j*out+o]
			}
			if got := y[s*out+o]; math.Abs(got-want) > 1e-14 {
				t.Errorf("y[%d,%d]: got %.17g, want %.17g ± 1e-14", s, o, got, want)
			}
		}
	}
}

// TestRNNWorkersBitIdentical checks that outputs and gradients do not
// depend on Workers, including splits that do not divide the batch.
func TestRNNWorkersBitIdentical(t *testing.T) {
	const in, hidden, out, T, B = 4, 70, 3, 9, 7
	run := func(workers int) [][]float64 {
		r, x, target := rnnProblem(3, in, hidden, out, T, B)
		r.Workers = workers
		y := r.Forward(x, T, B)
		dy := make([]float64, len(y))
		MSE(dy, y, target)
		r.ZeroGrad()
		r.Backward(dy)
		res := [][]float64{append([]float64(nil), y...)}
		for _, p := range r.Params() {
			res = append(res, p.G)
		}
		return res
	}
	ref := run(1)
	for _, w := range []int{2, 3, 8} {
		t.Run("workers"+string(rune('0'+w)), func(t *testing.T) {
			got := run(w)
			for k := range ref {
				for i := range ref[k] {
					if math.Float64bits(got[k][i]) != math.Float64bits(ref[k][i]) {
						t.Fatalf("array %d[%d]: got %.17g, want %.17g (bit-identical)", k, i, got[k][i], ref[k][i])
					}
				}
			}
		})
	}
}

// TestRNNNoAllocation checks that a training step allocates nothing once
// the buffers exist (Workers = 1).
func TestRNNNoAllocation(t *testing.T) {
	const in, hidden, out, T, B = 3, 16, 2, 20, 4
	r, x, target := rnnProblem(4, in, hidden, out, T, B)
	dy := make([]float64, T*B*out)
	opt := NewSGD(r.Params(), 0.01, 0, 0)
	step := func() {
		MSE(dy, r.Forward(x, T, B), target)
		r.ZeroGrad()
		r.Backward(dy)
		opt.Step(nil)
	}
	step()
	if a := testing.AllocsPerRun(5, step); a != 0 {
		t.Errorf("allocations per training step: got %g, want 0", a)
	}
}

// TestRNNLearnsTeacher trains a student on a random teacher network's
// outputs (planted ground truth) and checks that BPTT + SGD reduces the
// loss by at least 5× in 300 steps (measured: see the log).
func TestRNNLearnsTeacher(t *testing.T) {
	const in, hidden, out, T, B = 2, 12, 1, 15, 16
	teacher, x, _ := rnnProblem(5, in, hidden, out, T, B)
	teacher.H0 = nil
	target := append([]float64(nil), teacher.Forward(x, T, B)...)
	student := NewRNN(in, hidden, out, rand.New(rand.NewPCG(6, 7)))
	opt := NewSGD(student.Params(), 0.05, 0.9, 0)
	dy := make([]float64, len(target))
	first := MSE(nil, student.Forward(x, T, B), target)
	var last float64
	for it := 0; it < 300; it++ {
		last = MSE(dy, student.Forward(x, T, B), target)
		student.ZeroGrad()
		student.Backward(dy)
		opt.Step(nil)
	}
	last = MSE(nil, student.Forward(x, T, B), target)
	t.Logf("teacher MSE: %.4g before, %.4g after 300 steps", first, last)
	if !(last < first/5) {
		t.Errorf("loss after training: got %.4g, want < %.4g (initial/5)", last, first/5)
	}
}

// BenchmarkRNNBPTT128x100Batch32: one forward + BPTT + SGD step of the
// bench suite's RNN (I = 16, N = 128, O = 4, T = 100, B = 32).
func BenchmarkRNNBPTT128x100Batch32(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run("workers"+string(rune('0'+workers)), func(b *testing.B) {
			const in, hidden, out, T, B = 16, 128, 4, 100, 32
			r, x, target := rnnProblem(1, in, hidden, out, T, B)
			r.Workers = workers
			dy := make([]float64, T*B*out)
			opt := NewSGD(r.Params(), 0.01, 0, 0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				MSE(dy, r.Forward(x, T, B), target)
				r.ZeroGrad()
				r.Backward(dy)
				opt.Step(nil)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
		})
	}
}
