// Package report writes what neurolab experiments produce: DIR/ID/result.json
// in the contract's shape, each figure as PNG and SVG through gonum/plot, and
// DIR/index.html, one static self-contained page with every experiment's
// verdict, checks and figures. Every file is written to a temporary file in
// its destination directory and renamed, so a reader never sees half a file.
package report
