package patches

import (
	"math"
	"math/rand/v2"

	"neurolab/internal/stats"
)

// Style sets the image generator. Lengths are in pixels.
type Style struct {
	Size          int     // image side
	Gabors        int     // Gabor blobs per image
	WaveMin       float64 // carrier wavelength range, uniform
	WaveMax       float64
	EnvMin        float64 // envelope std across the carrier, uniform
	EnvMax        float64
	Elong         float64 // envelope std along the stripes = Elong × across
	Edges         int     // smooth step edges per image
	EdgeWidth     float64 // width of the edges' tanh ramp
	EdgeAmplitude float64 // edge height relative to a Gabor's amplitude
	Noise         float64 // pixel noise std relative to a Gabor's amplitude
}

// DefaultStyle is the 32x32 generator of the pruning reproduction.
func DefaultStyle() Style {
	return Style{Size: 32, Gabors: 12, WaveMin: 6, WaveMax: 16, EnvMin: 2, EnvMax: 5, Elong: 2,
		Edges: 2, EdgeWidth: 0.7, EdgeAmplitude: 1, Noise: 0.05}
}

// Image draws one grey-level image (Size², row-major) into dst.
func (s Style) Image(dst []float64, r *rand.Rand) {
	n := s.Size
	clear(dst)
	for g := 0; g < s.Gabors; g++ {
		cx, cy := r.Float64()*float64(n), r.Float64()*float64(n)
		th := r.Float64() * math.Pi
		lam := s.WaveMin + r.Float64()*(s.WaveMax-s.WaveMin)
		sa := s.EnvMin + r.Float64()*(s.EnvMax-s.EnvMin)
		sb := s.Elong * sa
		ph := r.Float64() * 2 * math.Pi
		amp := 0.5 + r.Float64()
		if r.Float64() < 0.5 {
			amp = -amp
		}
		c, si := math.Cos(th), math.Sin(th)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				dx, dy := float64(j)+0.5-cx, float64(i)+0.5-cy
				u := c*dx + si*dy  // across the stripes
				v := -si*dx + c*dy // along the stripes
				e := math.Exp(-u*u/(2*sa*sa) - v*v/(2*sb*sb))
				if e < 1e-4 {
					continue
				}
				dst[i*n+j] += amp * e * math.Cos(2*math.Pi*u/lam+ph)
			}
		}
	}
	for k := 0; k < s.Edges; k++ {
		cx, cy := r.Float64()*float64(n), r.Float64()*float64(n)
		th := r.Float64() * 2 * math.Pi
		c, si := math.Cos(th), math.Sin(th)
		amp := s.EdgeAmplitude * (0.5 + r.Float64())
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				u := c*(float64(j)+0.5-cx) + si*(float64(i)+0.5-cy)
				dst[i*n+j] += amp * math.Tanh(u/s.EdgeWidth)
			}
		}
	}
	for i := range dst {
		dst[i] += s.Noise * r.NormFloat64()
	}
}

// Binarize sets each pixel of img to 1 above the image's median and 0
// otherwise (authors' code: binarised at the median).
func Binarize(img []float64) {
	med := stats.Median(img)
	for i, v := range img {
		if v > med {
			img[i] = 1
		} else {
			img[i] = 0
		}
	}
}

// Disc returns the pixel offsets (dy, dx) within radius of the centre, in
// row-major order: 13 offsets for radius 2.1.
func Disc(radius float64) [][2]int {
	var out [][2]int
	R := int(math.Floor(radius))
	for dy := -R; dy <= R; dy++ {
		for dx := -R; dx <= R; dx++ {
			if float64(dx*dx+dy*dy) <= radius*radius {
				out = append(out, [2]int{dy, dx})
			}
		}
	}
	return out
}

// Grid returns the patch centres: a g×g grid with the given stride and
// offset (pixels), e.g. 6, 5, 4 for the spec's 36 centres per 32x32 image.
func Grid(g, stride, offset int) [][2]int {
	var out [][2]int
	for a := 0; a < g; a++ {
		for b := 0; b < g; b++ {
			out = append(out, [2]int{offset + a*stride, offset + b*stride})
		}
	}
	return out
}

// Cut appends to dst the patches of a binarised image (Size², row-major) at
// the centres, each patch the disc's pixels in order.
func Cut(dst [][]float64, img []float64, size int, disc, centres [][2]int) [][]float64 {
	for _, c := range centres {
		p := make([]float64, len(disc))
		for k, d := range disc {
			y, x := c[0]+d[0], c[1]+d[1]
			if y < 0 || y >= size || x < 0 || x >= size {
				panic("patches: patch leaves the image")
			}
			p[k] = img[y*size+x]
		}
		dst = append(dst, p)
	}
	return dst
}

// Set draws images until n patches of the given disc and centres are cut
// (the last image's patches are truncated), from binarised images. It
// panics if n > 0 and centres is empty (no image would yield a patch).
func (s Style) Set(n int, disc, centres [][2]int, r *rand.Rand) [][]float64 {
	if n > 0 && len(centres) == 0 {
		panic("patches: Set needs at least one patch centre")
	}
	out := make([][]float64, 0, n+len(centres))
	img := make([]float64, s.Size*s.Size)
	for len(out) < n {
		s.Image(img, r)
		Binarize(img)
		out = Cut(out, img, s.Size, disc, centres)
	}
	return out[:n]
}
