package report

import (
	"bytes"
	"fmt"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"neurolab/experiment"
	"neurolab/internal/fig"
)

// DPI is the resolution of PNG figures.
const DPI = 150

// Default single-panel size, and the size of one panel in a grid.
var (
	DefaultWidth  = 5.5 * vg.Inch
	DefaultHeight = 4 * vg.Inch
	PanelWidth    = 4.2 * vg.Inch
	PanelHeight   = 3.4 * vg.Inch
)

// Margin is the blank border left around every figure, so that titles, tick
// labels and a legend placed at an edge do not touch the image's edge (or
// the next figure's, on a slide or in the report).
const Margin = 5 * vg.Millimeter / 4

// FigureSize returns the size f is rendered at.
func FigureSize(f experiment.Figure) (w, h vg.Length) {
	w, h = f.Width, f.Height
	if w > 0 && h > 0 {
		return w, h
	}
	if f.Plot != nil || len(f.Panels) == 0 {
		return DefaultWidth, DefaultHeight
	}
	cols := 0
	for _, row := range f.Panels {
		cols = max(cols, len(row))
	}
	return vg.Length(cols) * PanelWidth, vg.Length(len(f.Panels)) * PanelHeight
}

// Render draws f into a PNG ("png") or SVG ("svg") image.
func Render(f experiment.Figure, format string) ([]byte, error) {
	w, h := FigureSize(f)
	var c interface {
		vg.CanvasWriterTo
	}
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))}
	case "svg":
		c = vgsvg.New(w, h)
	default:
		return nil, fmt.Errorf("report: unknown figure format %q", format)
	}
	dc := draw.Crop(draw.New(c), Margin, -Margin, Margin, -Margin)
	switch {
	case f.Plot != nil:
		fig.FixRanges(f.Plot)
		f.Plot.Draw(dc)
	case len(f.Panels) > 0:
		cols := 0
		for _, row := range f.Panels {
			cols = max(cols, len(row))
		}
		grid := make([][]*plot.Plot, len(f.Panels))
		for i, row := range f.Panels {
			grid[i] = make([]*plot.Plot, cols)
			copy(grid[i], row)
			for _, p := range row {
				if p != nil {
					fig.FixRanges(p)
				}
			}
		}
		tiles := draw.Tiles{Rows: len(grid), Cols: cols, PadX: vg.Millimeter * 2, PadY: vg.Millimeter * 2,
			PadTop: vg.Millimeter, PadBottom: vg.Millimeter, PadLeft: vg.Millimeter, PadRight: vg.Millimeter}
		canvases := plot.Align(grid, tiles, dc)
		for i := range grid {
			for j, p := range grid[i] {
				if p != nil {
					p.Draw(canvases[i][j])
				}
			}
		}
	default:
		return nil, fmt.Errorf("report: figure %q has no plot", f.Name)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("report: rendering %s.%s: %w", f.Name, format, err)
	}
	return buf.Bytes(), nil
}

// WriteFigures renders each figure to DIR/Name.png and DIR/Name.svg
// (atomically) and returns the PNG file names, in order.
func WriteFigures(dir string, figs []experiment.Figure) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	for _, f := range figs {
		if f.Name == "" || !experiment.ValidID(f.Name) {
			return nil, fmt.Errorf("report: figure name %q is not kebab-case", f.Name)
		}
		if seen[f.Name] {
			return nil, fmt.Errorf("report: duplicate figure name %q", f.Name)
		}
		seen[f.Name] = true
		for _, format := range []string{"png", "svg"} {
			data, err := Render(f, format)
			if err != nil {
				return nil, err
			}
			if err := WriteFileAtomic(filepath.Join(dir, f.Name+"."+format), data); err != nil {
				return nil, err
			}
		}
		files = append(files, f.Name+".png")
	}
	return files, nil
}
