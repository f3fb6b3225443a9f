package calcium_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"neurolab/synth/calcium"
)

// Example draws one trace from the OASIS gen_data generator (Friedrich, Zhou
// & Paninski 2017; defaults g = 0.95, σ = 0.3, 3000 frames at 30 fps, 0.5 Hz)
// and checks its ground truth: the calcium obeys c_t = g c_{t−1} + s_t
// exactly, and the fluorescence is the calcium plus noise of SD σ.
func Example() {
	tr := calcium.GenData(rand.New(rand.NewPCG(1, 2)), calcium.GenDataConfig{})

	var spikes, maxErr, ss float64
	for t := range tr.Y {
		prev := 0.0
		if t > 0 {
			prev = tr.C[t-1]
		}
		maxErr = math.Max(maxErr, math.Abs(tr.C[t]-0.95*prev-tr.S[t]))
		spikes += tr.S[t]
		ss += (tr.Y[t] - tr.C[t]) * (tr.Y[t] - tr.C[t])
	}
	sd := math.Sqrt(ss / float64(len(tr.Y)))
	fmt.Println("frames:", len(tr.Y))
	fmt.Println("AR(1) calcium exact:", maxErr < 1e-12)
	fmt.Println("spike rate within 0.5 ± 0.15 Hz:", math.Abs(spikes/100-0.5) < 0.15) // 3000 frames = 100 s
	fmt.Println("noise SD within 0.3 ± 0.02:", math.Abs(sd-0.3) < 0.02)
	// Output:
	// frames: 3000
	// AR(1) calcium exact: true
	// spike rate within 0.5 ± 0.15 Hz: true
	// noise SD within 0.3 ± 0.02: true
}

// ExampleSampleCILDS draws one trial of the CILDS generative model (Koh et
// al., Nat Comput Sci 2023) with the authors' demo parameters: 8 neurons
// driven by 2 latents, 50 frames. It returns the fluorescence Y, the calcium
// C (both frames × neurons) and the latents Z (frames × latents).
func ExampleSampleCILDS() {
	rng := rand.New(rand.NewPCG(1, 2))
	par := calcium.DemoCILDS(rng, 8, 2)
	Y, C, Z := calcium.SampleCILDS(rng, par, 50)
	yr, yc := Y.Dims()
	cr, cc := C.Dims()
	zr, zc := Z.Dims()
	fmt.Printf("Y %d×%d, C %d×%d, Z %d×%d\n", yr, yc, cr, cc, zr, zc)
	// Output:
	// Y 50×8, C 50×8, Z 50×2
}

// ExampleMovie draws a short version of the false-transient benchmark movie
// of Gauthier et al. (Nat Methods 2022): six modelled cells plus two
// unmodelled contaminants (a soma next to cell 0, a dendrite next to cell 1)
// that overlap part of their cell's footprint.
func ExampleMovie() {
	cfg := calcium.DefaultMovie()
	cfg.Frames = 100
	md := calcium.Movie(rand.New(rand.NewPCG(1, 2)), cfg)
	fmt.Printf("%d frames of %d×%d px: %v\n", md.Frames, md.Size, md.Size, len(md.Pix) == md.Frames*md.Size*md.Size)
	fmt.Println("cells:", len(md.Profiles), "contaminants:", len(md.Contaminants))
	for j, o := range md.Overlap {
		fmt.Printf("contaminant %d overlaps 5–95 %% of its cell's support: %v\n", j, o > 0.05 && o < 0.95)
	}
	// Output:
	// 100 frames of 48×48 px: true
	// cells: 6 contaminants: 2
	// contaminant 0 overlaps 5–95 % of its cell's support: true
	// contaminant 1 overlaps 5–95 % of its cell's support: true
}
