package ssn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// paperParams are the paper's two-population constants (TestTwoPopParams
// checks them against the spec).
var paperParams = TwoPopParams()

func benchSim(b *testing.B, net *Network, trials int, h, dt float64) {
	benchSimW(b, net, trials, h, dt, 1)
}

func benchSimW(b *testing.B, net *Network, trials int, h, dt float64, workers int) {
	rngs := make([]*rand.Rand, trials)
	for i := range rngs {
		rngs[i] = rand.New(rand.NewPCG(1, uint64(i)))
	}
	s := NewSim(net, rngs)
	s.Workers = workers
	for i := range s.H {
		s.H[i] = h
	}
	v, err := net.FixedPoint(s.H, nil)
	if err != nil {
		b.Fatal(err)
	}
	s.SetV(v)
	s.DrawStationaryNoise()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Step(dt)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(trials), "ns/trial-step")
}

// BenchmarkStepTwoPop200 is one Euler–Maruyama step of the two-population
// model over a batch of 200 trials (spec default per h).
func BenchmarkStepTwoPop200(b *testing.B) { benchSim(b, TwoPop(paperParams), 200, 15, 1e-4) }

// BenchmarkStepRing100x20 is one step of the ring model (100 units) over 20
// trials (spec default per contrast).
func BenchmarkStepRing100x20(b *testing.B) {
	p := paperParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	net := Ring(p, RingConfig{M: 50, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)})
	benchSim(b, net, 20, 2, 2e-4)
}

// BenchmarkStepRing100x100 is one step of the ring model (100 units) over
// 100 trials (the bench suite's ssn-ring workload).
func BenchmarkStepRing100x100(b *testing.B) {
	p := paperParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	net := Ring(p, RingConfig{M: 50, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)})
	benchSim(b, net, 100, 2, 2e-4)
}

// BenchmarkStepRing100x100W2 is BenchmarkStepRing100x100 with the trials
// split between two goroutines (Sim.Workers = 2).
func BenchmarkStepRing100x100W2(b *testing.B) {
	p := paperParams
	p.SigmaE, p.SigmaI, p.Rho = 1, 0.5, 1
	net := Ring(p, RingConfig{M: 50, LW: math.Pi / 4, LNoise: math.Pi / 3, NoiseDiag: math.Sqrt(1e-5)})
	benchSimW(b, net, 100, 2, 2e-4, 2)
}

// BenchmarkMulABT200x50x50 is the ring's W product over 100 trials: 200
// blocks of 50 rates times the 50×50 kernel.
func BenchmarkMulABT200x50x50(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	src, a, dst := make([]float64, 200*50), make([]float64, 50*50), make([]float64, 200*50)
	for i := range src {
		src[i] = rng.NormFloat64()
	}
	for i := range a {
		a[i] = rng.NormFloat64()
	}
	for b.Loop() {
		mulABT(dst, 50, src, 50, a, 50, 50, 50, 200)
	}
	b.ReportMetric(2*200*50*50*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
