package imagefolder

import (
	"image"
)

// BT.601 luminance weights (those of Go's color.GrayModel).
const (
	wR = 0.299
	wG = 0.587
	wB = 0.114
)

// CropSquare returns the centred square of side min(width, height) of r,
// its offset rounded down.
func CropSquare(r image.Rectangle) image.Rectangle {
	w, h := r.Dx(), r.Dy()
	m := min(w, h)
	x0, y0 := r.Min.X+(w-m)/2, r.Min.Y+(h-m)/2
	return image.Rect(x0, y0, x0+m, y0+m)
}

// Gray writes the luminance of img over rectangle r (which must lie in
// img.Bounds()) to dst, row-major, r.Dx()·r.Dy() values in [0, 1]:
// Y = 0.299 R + 0.587 G + 0.114 B of the alpha-premultiplied colour. For
// JPEG's YCbCr images it is the stored luma Y′ = 0.299 R′ + 0.587 G′ +
// 0.114 B′ (JFIF), which is the same weighting before rounding. It panics
// if dst is too short.
func Gray(dst []float64, img image.Image, r image.Rectangle) {
	w, h := r.Dx(), r.Dy()
	if len(dst) < w*h {
		panic("imagefolder: Gray destination too short")
	}
	k := 0
	switch m := img.(type) {
	case *image.Gray:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			o := m.PixOffset(r.Min.X, y)
			for _, v := range m.Pix[o : o+w] {
				dst[k] = float64(v) / 255
				k++
			}
		}
	case *image.YCbCr:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				dst[k] = float64(m.Y[m.YOffset(x, y)]) / 255
				k++
			}
		}
	case *image.RGBA:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			o := m.PixOffset(r.Min.X, y)
			for x := 0; x < w; x++ {
				p := m.Pix[o+4*x : o+4*x+3]
				dst[k] = (wR*float64(p[0]) + wG*float64(p[1]) + wB*float64(p[2])) / 255
				k++
			}
		}
	case *image.NRGBA:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			o := m.PixOffset(r.Min.X, y)
			for x := 0; x < w; x++ {
				p := m.Pix[o+4*x : o+4*x+4]
				a := float64(p[3]) / 255
				dst[k] = a * (wR*float64(p[0]) + wG*float64(p[1]) + wB*float64(p[2])) / 255
				k++
			}
		}
	default:
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				cr, cg, cb, _ := img.At(x, y).RGBA()
				dst[k] = (wR*float64(cr) + wG*float64(cg) + wB*float64(cb)) / 0xffff
				k++
			}
		}
	}
}

// tap is one source pixel's weight in an output pixel.
type tap struct {
	k int     // source index
	w float64 // weight: overlap / source length
}

// areaTaps returns, for each of the d output pixels of an axis of n source
// pixels, the source pixels it covers and their weights. In units of 1/d
// source pixel, output i covers [i·n, (i+1)·n) and source k covers
// [k·d, (k+1)·d); the weight is their integer overlap divided by n, so the
// weights of an output pixel sum to 1.
func areaTaps(n, d int) [][]tap {
	out := make([][]tap, d)
	for i := range out {
		lo, hi := i*n, (i+1)*n
		for k := lo / d; k*d < hi; k++ {
			ov := min(hi, (k+1)*d) - max(lo, k*d)
			if ov > 0 {
				out[i] = append(out[i], tap{k, float64(ov) / float64(n)})
			}
		}
	}
	return out
}

// Resize writes src (h rows × w columns, row-major) resized to dh × dw by
// area averaging into dst (dh·dw values): each output pixel is the
// overlap-weighted mean of the source pixels under it (separable: rows,
// then columns). tmp is scratch of at least h·dw values, or nil. It panics
// on short slices.
func Resize(dst []float64, dh, dw int, src []float64, h, w int, tmp []float64) {
	if len(src) < h*w || len(dst) < dh*dw {
		panic("imagefolder: Resize slices too short")
	}
	if len(tmp) < h*dw {
		tmp = make([]float64, h*dw)
	}
	tx, ty := areaTaps(w, dw), areaTaps(h, dh)
	for y := 0; y < h; y++ {
		row := src[y*w : (y+1)*w]
		for j, ts := range tx {
			s := 0.0
			for _, t := range ts {
				s += t.w * row[t.k]
			}
			tmp[y*dw+j] = s
		}
	}
	for i, ts := range ty {
		for j := 0; j < dw; j++ {
			s := 0.0
			for _, t := range ts {
				s += t.w * tmp[t.k*dw+j]
			}
			dst[i*dw+j] = s
		}
	}
}
