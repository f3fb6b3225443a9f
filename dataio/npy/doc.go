// Package npy reads NumPy .npy files (format 1.0, 2.0 and 3.0) into shaped
// float64 arrays for neurolab's analysis commands. It accepts float64,
// float32, signed and unsigned integer and boolean arrays of any rank, in
// either byte order and in C or Fortran order, and converts them to a
// C-order []float64. The header alone says how the data are read, and the
// size of the file bounds what is allocated: a header claiming more data
// than the file holds is an error before any is read.
// Every error names the file and the problem and wraps experiment.ErrInput,
// so that the command line reports it as bad input.
//
// Typical use: a, err := npy.Read(path) (or ReadRank to insist on a rank),
// then a.Shape and the C-order a.Data; Ints converts label arrays. ReadFrom
// reads from an io.Reader, e.g. a member of an .npz archive opened with
// archive/zip. See the package examples.
//
// It also writes C-order float64 arrays of any rank (WriteFloat64), which
// tests use to build input files.
package npy
