package lds

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// TestFitProgress: Progress is called once per iterate (done = 0..iters, in
// order) with lls[done], the LL is non-decreasing, and the fit is the same
// as without the hook.
func TestFitProgress(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 2))
	const d, n, iters = 3, 8, 25
	truth := randModel(rng, d, n, 0, true)
	truth.Bias = nil
	data := mixedData(t, rng, truth, []int{300, 150}, 0)
	m0, err := InitPCA(data, d)
	if err != nil {
		t.Fatal(err)
	}
	ref := m0.Clone()
	want, err := Fit(context.Background(), ref, data, Options{Iters: iters, FitOffset: true})
	if err != nil {
		t.Fatal(err)
	}
	type call struct {
		done, iters int
		ll          float64
	}
	var calls []call
	m := m0.Clone()
	got, err := Fit(context.Background(), m, data, Options{Iters: iters, FitOffset: true, Progress: func(done, it int, ll float64) {
		calls = append(calls, call{done, it, ll})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d LLs with Progress, %d without", len(got), len(want))
	}
	for k := range got {
		if got[k] != want[k] {
			t.Fatalf("lls[%d] = %v with Progress, %v without", k, got[k], want[k])
		}
	}
	for name, v := range params(m) {
		w := params(ref)[name]
		for i := range v {
			if v[i] != w[i] {
				t.Fatalf("%s[%d] = %v with Progress, %v without", name, i, v[i], w[i])
			}
		}
	}
	if len(calls) != iters+1 {
		t.Fatalf("Progress called %d times, want %d (once per iterate)", len(calls), iters+1)
	}
	for k, c := range calls {
		if c.done != k || c.iters != iters || c.ll != got[k] {
			t.Errorf("call %d = %+v, want {%d %d %v}", k, c, k, iters, got[k])
		}
		if k > 0 && c.ll < calls[k-1].ll-1e-9*math.Abs(calls[k-1].ll) {
			t.Errorf("call %d: LL decreased from %.12g to %.12g", k, calls[k-1].ll, c.ll)
		}
	}
}

// TestFitProgressDefaultItersAndCancel: Iters 0 reports iters = 100, and a
// cancel from inside Progress stops Fit at the next iteration with ctx.Err().
func TestFitProgressDefaultItersAndCancel(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 3))
	const d, n = 2, 5
	truth := randModel(rng, d, n, 0, false)
	data := mixedData(t, rng, truth, []int{100}, 0)
	m, err := InitPCA(data, d)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	lls, err := Fit(ctx, m, data, Options{Progress: func(done, iters int, ll float64) {
		calls++
		if iters != 100 {
			t.Errorf("iters = %d, want 100 for Iters 0", iters)
		}
		if done == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls != 4 || len(lls) != 4 {
		t.Errorf("%d calls, %d LLs after a cancel at done = 3; want 4 and 4", calls, len(lls))
	}
}
