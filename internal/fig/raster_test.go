package fig

import (
	"image"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// heatImage renders p as an image at 100 dpi.
func heatImage(p *plot.Plot) image.Image {
	c := vgimg.NewWith(vgimg.UseWH(5.5*vg.Inch, 4*vg.Inch), vgimg.UseDPI(100))
	p.Draw(draw.New(c))
	return c.Image()
}

// heatSVG renders p as SVG.
func heatSVG(p *plot.Plot) string {
	c := vgsvg.New(5.5*vg.Inch, 4*vg.Inch)
	p.Draw(draw.New(c))
	var b strings.Builder
	c.WriteTo(&b)
	return b.String()
}

// gradientGrid is a rows × cols grid of a smooth ramp, different along
// the two axes, with one NaN cell.
func gradientGrid(rows, cols int, x []float64) Grid {
	g := Grid{Rows: rows, Cols: cols, Data: make([]float64, rows*cols), X: x}
	for r := range rows {
		for c := range cols {
			g.Data[r*cols+c] = float64(c) + 3*float64(r)
		}
	}
	g.Data[2*cols+3] = math.NaN()
	return g
}

// TestHeatMapRaster: a grid of more than rasterCells cells is drawn as an
// image, the same picture as its cells drawn one by one (the right way up,
// NaN white), and SVG embeds it instead of a path per cell; unevenly spaced
// cells are still drawn one by one.
func TestHeatMapRaster(t *testing.T) {
	const rows, cols = 24, 36
	draws := func(g Grid) (image.Image, string) {
		p := New("h", "x", "y")
		HeatMap(p, g, false)
		return heatImage(p), heatSVG(p)
	}
	vecImg, vecSVG := draws(gradientGrid(rows, cols, nil))
	old := rasterCells
	rasterCells = rows*cols - 1
	defer func() { rasterCells = old }()
	rasImg, rasSVG := draws(gradientGrid(rows, cols, nil))

	if strings.Contains(vecSVG, "<image") || !strings.Contains(rasSVG, "<image") {
		t.Fatalf("SVG image elements: cell by cell %v, raster %v; want false, true",
			strings.Contains(vecSVG, "<image"), strings.Contains(rasSVG, "<image"))
	}
	if len(rasSVG) >= len(vecSVG) {
		t.Errorf("raster SVG %d bytes, not smaller than cell by cell (%d)", len(rasSVG), len(vecSVG))
	}
	// Pixel by pixel: the same picture, but for the hair (0.4 pt) by which
	// cells drawn one by one overlap their neighbours and the map's edges
	// (a line of pixels around the map and the NaN cell, 0.6 % of the
	// image); an image upside down or shifted by a cell differs in most.
	b := vecImg.Bounds()
	far := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := vecImg.At(x, y).RGBA()
			r2, g2, b2, _ := rasImg.At(x, y).RGBA()
			if max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2))>>8 > 48 {
				far++
			}
		}
	}
	if total := b.Dx() * b.Dy(); far > total/100 {
		t.Errorf("raster and cell-by-cell pictures differ by more than 48/255 in %d of %d pixels", far, total)
	}

	// Uneven cell centres cannot be one image: cell by cell.
	x := make([]float64, cols)
	for i := range x {
		x[i] = float64(i * i)
	}
	if _, svg := draws(gradientGrid(rows, cols, x)); strings.Contains(svg, "<image") {
		t.Error("unevenly spaced cells drawn as an image")
	}
	// Evenly spaced, not unit: an image.
	for i := range x {
		x[i] = 10 + 0.5*float64(i)
	}
	if _, svg := draws(gradientGrid(rows, cols, x)); !strings.Contains(svg, "<image") {
		t.Error("evenly spaced cells not drawn as an image")
	}
}

// TestRasterCellsAboveExperiments: the threshold sits above the largest
// heat map of the experiments (at default scale tens of thousands of cells:
// a 20-px image mosaic, 150 × 150 trials, 120 × 120 weights; at paper
// scale acker2019's 2000 cells × 100 positions).
func TestRasterCellsAboveExperiments(t *testing.T) {
	if RasterCells < 2000*100 {
		t.Errorf("RasterCells = %d; experiments draw heat maps of up to 2000 × 100 cells cell by cell", RasterCells)
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
