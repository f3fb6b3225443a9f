// Package fig holds small helpers that give every neurolab figure the same
// look on top of gonum/plot: a titled plot with labelled axes, lines, points,
// error bars, heat maps and a fixed colour cycle. Paper packages build
// *plot.Plot values with it; the report package renders them to PNG and SVG.
package fig

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colors is the colour cycle: the eight Okabe–Ito colours (readable with
// colour blindness), then six more (four of Paul Tol's muted scheme, a
// light green and a brown) that stay distinct from them and each other, so
// that plots with up to 14 series or categories (assembly labels, for
// example) repeat no colour.
var Colors = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // bluish green
	color.RGBA{204, 121, 167, 255}, // reddish purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
	color.RGBA{240, 228, 66, 255},  // yellow
	color.RGBA{0, 0, 0, 255},       // black
	color.RGBA{51, 34, 136, 255},   // indigo
	color.RGBA{136, 34, 85, 255},   // wine
	color.RGBA{153, 153, 51, 255},  // olive
	color.RGBA{170, 220, 100, 255}, // light green
	color.RGBA{17, 119, 51, 255},   // dark green
	color.RGBA{120, 70, 20, 255},   // brown
}

// Color returns the i-th colour of the cycle.
func Color(i int) color.Color { return Colors[((i%len(Colors))+len(Colors))%len(Colors)] }

// Gray is a neutral colour for references and backgrounds.
var Gray = color.RGBA{150, 150, 150, 255}

// New returns a plot with a title and axis labels (which should carry units,
// e.g. "input h (mV)"), a light grid, tick labels without trailing zeros and
// the legend at the top right. When the plot is drawn, the legend moves to
// the corner or edge where it covers the fewest data drawn with this
// package's helpers (see Avoid); the position set by the caller wins ties.
func New(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(11)
	// A title wider than a grid panel (report.PanelWidth, 4.2 in) shrinks
	// to fit it, down to 9 pt.
	if w := p.Title.TextStyle.Width(title); w > maxTitle {
		p.Title.TextStyle.Font.Size = max(vg.Points(9), vg.Points(11)*maxTitle/w)
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	g := &clipGrid{Grid: plotter.NewGrid(), maxX: math.Inf(1)}
	g.Vertical.Color = color.Gray{225}
	g.Horizontal.Color = color.Gray{225}
	p.Add(g)
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Title.Padding = vg.Points(5)
	p.X.Tick.Marker = Ticks{}
	p.Y.Tick.Marker = Ticks{}
	pl := newPlacer(p)
	pl.grid = g
	p.Add(pl)
	return p
}

// clipGrid is the plot's grid, drawn only left of maxX (the data edge when a
// colour bar sits to the right of a heat map).
type clipGrid struct {
	*plotter.Grid
	maxX float64
}

// Plot draws the grid, cropped at maxX.
func (g *clipGrid) Plot(c draw.Canvas, p *plot.Plot) {
	if !math.IsInf(g.maxX, 1) {
		trX, _ := p.Transforms(&c)
		if x := trX(g.maxX); x < c.Max.X {
			c = draw.Crop(c, 0, x-c.Max.X, 0, 0)
		}
	}
	g.Grid.Plot(c, p)
}

// XY converts parallel slices to plotter.XYs, dropping points where either
// coordinate is NaN or Inf. It panics if the lengths differ.
func XY(x, y []float64) plotter.XYs {
	if len(x) != len(y) {
		panic(fmt.Sprintf("fig: length mismatch %d != %d", len(x), len(y)))
	}
	out := make(plotter.XYs, 0, len(x))
	for i := range x {
		if finite(x[i]) && finite(y[i]) {
			out = append(out, plotter.XY{X: x[i], Y: y[i]})
		}
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Line adds a solid line in colour c with a legend entry (none if label is
// empty) and returns it for further styling.
func Line(p *plot.Plot, x, y []float64, label string, c color.Color) *plotter.Line {
	l, err := plotter.NewLine(XY(x, y))
	if err != nil {
		panic(err)
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	p.Add(l)
	track(p, l.XYs, true)
	if label != "" {
		p.Legend.Add(label, l)
	}
	return l
}

// Dashed adds a dashed line (for theory or reference curves).
func Dashed(p *plot.Plot, x, y []float64, label string, c color.Color) *plotter.Line {
	l := Line(p, x, y, label, c)
	l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	return l
}

// Points adds filled circles.
func Points(p *plot.Plot, x, y []float64, label string, c color.Color) *plotter.Scatter {
	s, err := plotter.NewScatter(XY(x, y))
	if err != nil {
		panic(err)
	}
	s.GlyphStyle.Color = c
	s.GlyphStyle.Shape = draw.CircleGlyph{}
	s.GlyphStyle.Radius = vg.Points(2.5)
	p.Add(s)
	track(p, s.XYs, false)
	if label != "" {
		p.Legend.Add(label, s)
	}
	return s
}

// ErrorPoints adds points with symmetric vertical error bars of half-width
// e.
func ErrorPoints(p *plot.Plot, x, y, e []float64, label string, c color.Color) {
	if len(e) != len(y) {
		panic("fig: error length mismatch")
	}
	pts := make(plotter.XYs, 0, len(x))
	errs := make(plotter.YErrors, 0, len(x))
	for i := range x {
		if finite(x[i]) && finite(y[i]) && finite(e[i]) {
			pts = append(pts, plotter.XY{X: x[i], Y: y[i]})
			errs = append(errs, struct{ Low, High float64 }{e[i], e[i]})
		}
	}
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYer
		plotter.YErrorer
	}{pts, errs})
	if err != nil {
		panic(err)
	}
	eb.Color = c
	p.Add(eb)
	for i := range pts {
		track(p, plotter.XYs{{X: pts[i].X, Y: pts[i].Y - errs[i].Low}, {X: pts[i].X, Y: pts[i].Y + errs[i].High}}, true)
	}
	Points(p, xsOf(pts), ysOf(pts), label, c)
}

func xsOf(p plotter.XYs) []float64 {
	out := make([]float64, len(p))
	for i := range p {
		out[i] = p[i].X
	}
	return out
}

func ysOf(p plotter.XYs) []float64 {
	out := make([]float64, len(p))
	for i := range p {
		out[i] = p[i].Y
	}
	return out
}

// HLine adds a horizontal dashed reference line at y spanning [x0, x1].
func HLine(p *plot.Plot, y, x0, x1 float64, label string, c color.Color) {
	Dashed(p, []float64{x0, x1}, []float64{y, y}, label, c)
}

// VLine adds a vertical dashed reference line at x spanning [y0, y1].
func VLine(p *plot.Plot, x, y0, y1 float64, label string, c color.Color) {
	Dashed(p, []float64{x, x}, []float64{y0, y1}, label, c)
}

// Grid is a dense matrix (rows × cols, row-major) displayed as a heat map,
// with row r at y = r and column c at x = c unless X and Y are set.
type Grid struct {
	Rows, Cols int
	Data       []float64
	X, Y       []float64 // optional cell-centre coordinates (len Cols, len Rows)
}

// Dims returns the number of columns and rows.
func (g Grid) Dims() (c, r int) { return g.Cols, g.Rows }

// Z returns the value at column c, row r.
func (g Grid) Z(c, r int) float64 { return g.Data[r*g.Cols+c] }

// XAt returns the x coordinate of column c.
func (g Grid) XAt(c int) float64 {
	if g.X != nil {
		return g.X[c]
	}
	return float64(c)
}

// YAt returns the y coordinate of row r.
func (g Grid) YAt(r int) float64 {
	if g.Y != nil {
		return g.Y[r]
	}
	return float64(r)
}

type gridXYZ struct{ Grid }

func (g gridXYZ) X(c int) float64 { return g.XAt(c) }
func (g gridXYZ) Y(r int) float64 { return g.YAt(r) }

// FixRanges widens an axis of p whose data range is a single value so
// large that plot's own widening (min − 1, max + 1) leaves it empty
// (|v| ≥ 2^53): plot would panic with "illegal range". Call it after the
// data are added, before drawing (report.Render does).
func FixRanges(p *plot.Plot) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		if v := a.Min; a.Max == v && finite(v) && v-1 == v {
			a.Min, a.Max = v-math.Abs(v)*1e-6, v+math.Abs(v)*1e-6
		}
	}
}

// HeatMap adds g as a heat map with a diverging (centred on zero, when
// diverging is true) or sequential palette, and returns the colour range used
// (also drawn as a colour bar to the right of the map).
func HeatMap(p *plot.Plot, g Grid, diverging bool) (lo, hi float64) {
	return HeatMapLabel(p, g, diverging, "")
}

// HeatMapLabel is HeatMap with a label for the colour bar: the quantity the
// colours encode, with its unit (e.g. "weight (mV)", "Pearson r").
func HeatMapLabel(p *plot.Plot, g Grid, diverging bool, label string) (lo, hi float64) {
	lo, hi = finiteRange(g.Data, diverging)
	var pal palette.Palette
	if diverging {
		pal = moreland.SmoothBlueRed().Palette(255)
	} else {
		cm := moreland.ExtendedBlackBody()
		pal = cm.Palette(255)
	}
	h := plotter.NewHeatMap(gridXYZ{g}, pal)
	h.Min, h.Max = lo, hi
	h.NaN = color.White
	p.Add(seamless{h})
	addColorBar(p, h, pal, lo, hi, label)
	return lo, hi
}

// finiteRange returns the colour range of a heat map: the smallest and
// largest finite values ([0, 1] if there are none), symmetric about zero
// when diverging, and widened to [v, v + 1] when constant (or spread by
// less than 1e-300, whose colour scale would overflow, or by less than
// 1e-12 of its magnitude, rounding errors; [v, v + |v|] when v + 1 rounds
// to v).
func finiteRange(data []float64, diverging bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range data {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	if diverging {
		m := math.Max(math.Abs(lo), math.Abs(hi))
		lo, hi = -m, m
	}
	// Constant, a spread whose inverse overflows, or one of rounding
	// errors only (its colour bar could not be labelled either).
	if hi-lo < 1e-300 || hi-lo < 1e-12*math.Max(math.Abs(lo), math.Abs(hi)) {
		hi = lo + 1
		if hi == lo { // |lo| ≳ 1e16
			hi = lo + math.Abs(lo)
		}
	}
	return lo, hi
}

// seamless draws a heat map with every cell widened by a hair, so that
// anti-aliasing leaves no light seams between neighbouring cells.
type seamless struct{ *plotter.HeatMap }

func (s seamless) Plot(c draw.Canvas, plt *plot.Plot) {
	h := s.HeatMap
	pal := h.Palette.Colors()
	ps := float64(len(pal)-1) / (h.Max - h.Min)
	trX, trY := plt.Transforms(&c)
	g := h.GridXYZ
	cols, rows := g.Dims()
	if cols*rows > rasterCells && s.raster(c, trX, trY, pal, ps) {
		return
	}
	edge := func(n int, at func(int) float64, i int) (lo, hi float64) {
		if n == 1 {
			return at(0) - 0.5, at(0) + 0.5
		}
		switch i {
		case 0:
			d := (at(1) - at(0)) / 2
			return at(0) - d, at(0) + d
		case n - 1:
			d := (at(n-1) - at(n-2)) / 2
			return at(i) - d, at(i) + d
		}
		return at(i) - (at(i)-at(i-1))/2, at(i) + (at(i+1)-at(i))/2
	}
	const bleed = vg.Length(0.4)
	for i := range cols {
		xl, xr := edge(cols, g.X, i)
		x0, x1 := trX(xl), trX(xr)
		for j := range rows {
			yd, yu := edge(rows, g.Y, j)
			y0, y1 := trY(yd), trY(yu)
			if !c.Contains(vg.Point{X: x0, Y: y0}) || !c.Contains(vg.Point{X: x1, Y: y1}) {
				continue
			}
			col := cellColor(h, pal, ps, g.Z(i, j))
			if col == nil {
				continue
			}
			ax, bx := min(x0, x1)-bleed, max(x0, x1)+bleed
			ay, by := min(y0, y1)-bleed, max(y0, y1)+bleed
			c.FillPolygon(col, []vg.Point{{X: ax, Y: ay}, {X: bx, Y: ay}, {X: bx, Y: by}, {X: ax, Y: by}})
		}
	}
}

// RasterCells is the most cells a heat map draws as one filled rectangle
// each. A larger grid on evenly spaced cells is drawn as an image, a block
// of pixels per cell (embedded as a PNG in SVG output), so that a figure
// of a million cells is a megabyte or so of SVG, not a hundred. Every
// experiment's heat maps are drawn cell by cell as before: at default scale
// they have tens of thousands of cells at most, and the largest at paper
// scale, acker2019's cells × positions, 2000 × 100.
const RasterCells = 200000

// rasterCells is RasterCells, lowered by tests to compare the two ways of
// drawing on small grids.
var rasterCells = RasterCells

// cellColor is the colour of a heat-map cell of value v (nil: not drawn),
// with ps = (len(pal) − 1)/(h.Max − h.Min).
func cellColor(h *plotter.HeatMap, pal []color.Color, ps, v float64) color.Color {
	switch {
	case math.IsNaN(v):
		return h.NaN
	case v < h.Min:
		return h.Underflow
	case v > h.Max:
		return h.Overflow
	}
	return pal[paletteIndex(v, h.Min, ps)]
}

// raster draws the heat map as an image, k × k pixels per cell, and
// reports whether it did: it does not when the cells are unevenly spaced,
// an axis runs backwards, or the map reaches beyond the canvas (the axes
// cut it), where the cells are drawn one by one instead.
func (s seamless) raster(c draw.Canvas, trX, trY func(float64) vg.Length, pal []color.Color, ps float64) bool {
	h := s.HeatMap
	g := h.GridXYZ
	cols, rows := g.Dims()
	lo, hi, ok := evenEdges(cols, g.X)
	if !ok {
		return false
	}
	bot, top, ok := evenEdges(rows, g.Y)
	if !ok {
		return false
	}
	r := vg.Rectangle{Min: vg.Point{X: trX(lo), Y: trY(bot)}, Max: vg.Point{X: trX(hi), Y: trY(top)}}
	if !(r.Min.X < r.Max.X && r.Min.Y < r.Max.Y) || !c.Contains(r.Min) || !c.Contains(r.Max) {
		return false
	}
	// k × k pixels a cell, so that the image has about rasterPixels on its
	// longer side: renderers interpolate when they scale an image, which
	// blurs cells scaled up from one pixel each.
	k := max(1, rasterPixels/max(cols, rows))
	img := image.NewNRGBA(image.Rect(0, 0, k*cols, k*rows))
	for j := range rows {
		for i := range cols {
			col := cellColor(h, pal, ps, g.Z(i, j))
			if col == nil {
				continue
			}
			nc := color.NRGBAModel.Convert(col).(color.NRGBA)
			y0 := k * (rows - 1 - j) // image rows run top down
			for y := y0; y < y0+k; y++ {
				for x := k * i; x < k*(i+1); x++ {
					img.SetNRGBA(x, y, nc)
				}
			}
		}
	}
	c.DrawImage(r, img)
	return true
}

// rasterPixels is about the least number of pixels on the longer side of a
// heat map drawn as an image (more when it has more cells).
const rasterPixels = 1000

// evenEdges returns the outer edges of n cells centred at at(0..n−1), and
// whether the centres are evenly spaced in increasing order (to a relative
// 1e-9 of the spacing); one cell is one unit wide, as in seamless.Plot.
func evenEdges(n int, at func(int) float64) (lo, hi float64, ok bool) {
	if n == 1 {
		return at(0) - 0.5, at(0) + 0.5, true
	}
	d := (at(n-1) - at(0)) / float64(n-1)
	if !(d > 0) || math.IsInf(d, 0) {
		return 0, 0, false
	}
	for i := 1; i < n; i++ {
		if math.Abs(at(i)-at(i-1)-d) > 1e-9*d {
			return 0, 0, false
		}
	}
	return at(0) - d/2, at(n-1) + d/2, true
}

// HeatMapCategories adds g, whose values are category indices 0..n−1 (for
// example assembly labels), as a heat map with one colour of the cycle per
// category (Colors, repeating after len(Colors)), and a colour bar with one
// labelled block per category. A sequential palette would put neighbouring
// labels in near-identical colours and the last one in the background's
// white.
func HeatMapCategories(p *plot.Plot, g Grid, n int, label string) {
	if n < 1 {
		panic(fmt.Sprintf("fig: HeatMapCategories with %d categories", n))
	}
	cols := make([]color.Color, n)
	for i := range cols {
		cols[i] = Color(i)
	}
	pal := categories(cols)
	h := plotter.NewHeatMap(gridXYZ{g}, pal)
	h.Min, h.Max = -0.5, float64(n)-0.5
	h.NaN = color.White
	p.Add(seamless{h})
	cb := addColorBar(p, h, pal, h.Min, h.Max, label)
	cb.categorical = true
}

// paletteIndex returns the palette entry of v in [min, max] for a palette
// of n colours, with ps = (n − 1)/(max − min): the nearest of the n evenly
// spaced colour positions. With min = −0.5, max = n − 0.5 (categories), the
// integer k maps to entry k.
func paletteIndex(v, min, ps float64) int { return int((v-min)*ps + 0.5) }

// categories is a palette.Palette of given colours.
type categories []color.Color

func (c categories) Colors() []color.Color { return c }

// HeatMapGray is HeatMapLabel with a linear grey scale from black (the
// smallest finite value) to white (the largest), for pictures such as
// stimuli; NaN cells, for example gaps between tiles, are drawn in a pale
// blue-grey so that they stay distinct from white pixels.
func HeatMapGray(p *plot.Plot, g Grid, label string) (lo, hi float64) {
	lo, hi = finiteRange(g.Data, false)
	pal := grayPalette()
	h := plotter.NewHeatMap(gridXYZ{g}, pal)
	h.Min, h.Max = lo, hi
	h.NaN = grayNaN
	p.Add(seamless{h})
	addColorBar(p, h, pal, lo, hi, label)
	return lo, hi
}

// grayPalette is 256 greys from black to white.
func grayPalette() categories {
	pal := make(categories, 256)
	for i := range pal {
		pal[i] = color.Gray{Y: uint8(i)}
	}
	return pal
}

// grayNaN is the colour of NaN cells in HeatMapGray: pale blue-grey.
var grayNaN = color.RGBA{R: 222, G: 229, B: 240, A: 255}

// HeatMapRange is HeatMapLabel with the colour range fixed to [lo, hi]
// (for example a robust range when a few outliers would flatten the map):
// values outside it take the end colours, and the colour bar's end labels
// read "≤ lo" and "≥ hi" when some values saturate.
func HeatMapRange(p *plot.Plot, g Grid, diverging bool, label string, lo, hi float64) {
	if !(lo < hi) || !finite(lo) || !finite(hi) {
		panic(fmt.Sprintf("fig: invalid colour range [%v, %v]", lo, hi))
	}
	var pal palette.Palette
	if diverging {
		pal = moreland.SmoothBlueRed().Palette(255)
	} else {
		pal = moreland.ExtendedBlackBody().Palette(255)
	}
	h := plotter.NewHeatMap(gridXYZ{g}, pal)
	h.Min, h.Max = lo, hi
	h.NaN = color.White
	cols := pal.Colors()
	h.Underflow, h.Overflow = cols[0], cols[len(cols)-1]
	p.Add(seamless{h})
	cb := addColorBar(p, h, pal, lo, hi, label)
	for _, v := range g.Data {
		cb.lowSat = cb.lowSat || v < lo
		cb.highSat = cb.highSat || v > hi
	}
}

// Log10Ticks labels an axis that shows log10 of a quantity: major ticks
// at whole decades, labelled with the quantity's value (0.01, 1, 100; 1e-05
// beyond 5 decades from 1), and minor ticks at 2–9 × each decade. Plotting
// log10 values on a linear axis with these ticks avoids gonum/plot's
// log-scale layout, which centres a long axis label on the arithmetic mid-
// range and pads the plot for it.
type Log10Ticks struct{}

// Ticks implements plot.Ticker.
func (Log10Ticks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for k := math.Floor(min); k <= math.Ceil(max); k++ {
		if k >= min-1e-9 && k <= max+1e-9 {
			ts = append(ts, plot.Tick{Value: k, Label: strconv.FormatFloat(math.Pow(10, k), 'g', -1, 64)})
		}
		for m := 2.0; m < 10; m++ {
			if v := k + math.Log10(m); v >= min && v <= max {
				ts = append(ts, plot.Tick{Value: v})
			}
		}
	}
	return ts
}

// addColorBar widens p's x range to the right of heat map h and draws a
// vertical colour bar for [lo, hi] there, labelled at round values (see
// colorBar.ticks) and with an optional label, so that every heat map carries
// its colour scale. X ticks beyond the map are dropped.
func addColorBar(p *plot.Plot, h *plotter.HeatMap, pal palette.Palette, lo, hi float64, label string) *colorBar {
	xmin, xmax, ymin, ymax := h.DataRange()
	w := xmax - xmin
	cb := &colorBar{pal: pal, lo: lo, hi: hi,
		x0: xmax + 0.04*w, x1: xmax + 0.09*w, y0: ymin, y1: ymax,
		text: p.X.Tick.Label, label: label}
	cb.text.Font.Size = vg.Points(8)
	p.Add(cb)
	margin := 0.30
	if label != "" {
		margin = 0.36
	}
	p.X.Max = math.Max(p.X.Max, xmax+margin*w)
	p.X.Tick.Marker = clipTicks{inner: p.X.Tick.Marker, max: xmax}
	// The x range extends under the colour bar; an axis line would run on
	// under it, so the x axis keeps its ticks and labels but no line.
	p.X.LineStyle.Width = 0
	if pl := placerOf(p); pl != nil && pl.grid != nil {
		pl.grid.maxX = xmax
	}
	return cb
}

// clipTicks drops the ticks of inner above max (the colour bar's margin).
type clipTicks struct {
	inner plot.Ticker
	max   float64
}

func (t clipTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, k := range t.inner.Ticks(min, math.Min(max, t.max)) {
		if k.Value <= t.max {
			out = append(out, k)
		}
	}
	return out
}

// colorBar is a plot.Plotter drawing a palette as a vertical bar between
// data coordinates x0 and x1, over [y0, y1], labelled at the round values
// inside [lo, hi] (colorBar.ticks).
type colorBar struct {
	pal            palette.Palette
	lo, hi         float64
	x0, x1, y0, y1 float64
	text           text.Style
	label          string
	lowSat         bool // some values lie below lo (label "≤ lo")
	highSat        bool // some values lie above hi (label "≥ hi")
	categorical    bool // one block per integer category, labelled 0, 1, …
}

func (cb *colorBar) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	X0, X1 := trX(cb.x0), trX(cb.x1)
	Y0, Y1 := trY(cb.y0), trY(cb.y1)
	cols := cb.pal.Colors()
	n := len(cols)
	for i, col := range cols {
		a := Y0 + (Y1-Y0)*vg.Length(i)/vg.Length(n)
		b := Y0 + (Y1-Y0)*vg.Length(i+1)/vg.Length(n)
		c.FillPolygon(col, []vg.Point{{X: X0, Y: a}, {X: X1, Y: a}, {X: X1, Y: b}, {X: X0, Y: b}})
	}
	ls := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	c.StrokeLines(ls, []vg.Point{{X: X0, Y: Y0}, {X: X1, Y: Y0}, {X: X1, Y: Y1}, {X: X0, Y: Y1}, {X: X0, Y: Y0}})
	sty := cb.text
	sty.XAlign = draw.XLeft
	sty.YAlign = draw.YCenter
	var wide vg.Length
	if cb.categorical {
		every := (n + 9) / 10 // at most about ten labels
		for k := 0; k < n; k += every {
			y := Y0 + (Y1-Y0)*(vg.Length(k)+0.5)/vg.Length(n)
			s := strconv.Itoa(k)
			c.StrokeLine2(ls, X1, y, X1+vg.Points(2), y)
			c.FillText(sty, vg.Point{X: X1 + vg.Points(3), Y: y}, s)
			wide = max(wide, sty.Width(s))
		}
	}
	if !cb.categorical {
		for _, t := range cb.ticks(float64(Y1-Y0), float64(sty.Height("0"))) {
			y := Y0 + (Y1-Y0)*vg.Length(t.f)
			c.StrokeLine2(ls, X1, y, X1+vg.Points(2), y)
			c.FillText(sty, vg.Point{X: X1 + vg.Points(3), Y: y}, t.label)
			wide = max(wide, sty.Width(t.label))
		}
	}
	if cb.label != "" {
		lab := cb.text
		lab.Font.Size = vg.Points(9)
		lab.Rotation = math.Pi / 2
		lab.XAlign = draw.XCenter
		lab.YAlign = draw.YTop
		c.FillText(lab, vg.Point{X: X1 + vg.Points(5) + wide, Y: (Y0 + Y1) / 2}, cb.label)
	}
}

// cbTick is a colour-bar label at fraction f of the bar's height.
type cbTick struct {
	f     float64
	label string
}

// ticks returns the colour bar's labels for a bar h long whose labels are
// th high: the axis ticks (Ticks) inside [lo, hi], so that the labels read
// 0, 0.002, 0.004 rather than 1.01e-05, 0.00352, 0.00704; and, when values
// saturate, "≤ lo" at the bottom and "≥ hi" at the top in place of any tick
// closer to that end than a label's height. With fewer than two axis ticks
// in range it labels the ends and the middle.
func (cb *colorBar) ticks(h, th float64) []cbTick {
	var out []cbTick
	for _, t := range (Ticks{}).Ticks(cb.lo, cb.hi) {
		if t.Label != "" {
			out = append(out, cbTick{(t.Value - cb.lo) / (cb.hi - cb.lo), t.Label})
		}
	}
	if len(out) < 2 {
		out = out[:0]
		for _, f := range []float64{0, 0.5, 1} {
			out = append(out, cbTick{f, tickLabel(cb.lo + f*(cb.hi-cb.lo))})
		}
	}
	gap := th / h
	keep := out[:0]
	for _, t := range out {
		if (cb.lowSat && t.f < gap) || (cb.highSat && t.f > 1-gap) {
			continue
		}
		keep = append(keep, t)
	}
	out = keep
	if cb.lowSat {
		out = append([]cbTick{{0, "≤ " + tickLabel(cb.lo)}}, out...)
	}
	if cb.highSat {
		out = append(out, cbTick{1, "≥ " + tickLabel(cb.hi)})
	}
	return out
}

// tickLabel formats a colour-bar value compactly.
func tickLabel(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// maxTitle is the widest title drawn at full size.
const maxTitle = vg.Length(285)

// Size is the default figure size (width, height) of a single panel.
var Size = [2]vg.Length{5 * vg.Inch, 3.6 * vg.Inch}
