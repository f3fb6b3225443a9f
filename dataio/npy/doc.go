// Package npy reads NumPy .npy files into shaped float64 arrays for
// neurolab's analysis commands, over codeberg.org/sbinet/npyio. It accepts
// float64, float32, signed and unsigned integer and boolean arrays of any
// rank, in C or Fortran order, and converts them to a C-order []float64.
// Every error names the file and the problem and wraps experiment.ErrInput,
// so that the command line reports it as bad input.
//
// Typical use: a, err := npy.Read(path) (or ReadRank to insist on a rank),
// then a.Shape and the C-order a.Data; Ints converts label arrays. See the
// package examples.
//
// It also writes C-order float64 arrays of any rank (WriteFloat64), which
// tests use to build input files.
package npy
