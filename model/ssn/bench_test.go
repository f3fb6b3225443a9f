package ssn

import (
	"math"
	"math/rand/v2"
	"testing"
)

var paperParams = Params{TauE: 0.02, TauI: 0.01, K: 0.3, Power: 2, WEE: 1.25, WEI: -0.65, WIE: 1.2, WII: -0.5,
	TauEta: 0.05, SigmaE: 0.2, SigmaI: 0.1}

func benchSim(b *testing.B, net *Network, trials int, h, dt float64) {
	rngs := make([]*rand.Rand, trials)
	for i := range rngs {
		rngs[i] = rand.New(rand.NewPCG(1, uint64(i)))
	}
	s := NewSim(net, rngs)
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
