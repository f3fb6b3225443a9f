package npy_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"codeberg.org/sbinet/npyio"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

// Example writes a 2 × 3 × 2 float64 array with WriteFloat64 to a temporary
// folder, reads it back with Read (any numeric dtype, C or Fortran order,
// converted to C-order float64) and indexes it.
func Example() {
	dir, err := os.MkdirTemp("", "npy-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "x.npy")
	data := make([]float64, 12)
	for i := range data {
		data[i] = float64(i)
	}
	if err := npy.WriteFloat64(path, []int{2, 3, 2}, data); err != nil {
		panic(err)
	}

	a, err := npy.Read(path)
	if err != nil {
		panic(err)
	}
	fmt.Println("shape:", a.ShapeString(), "elements:", a.Len())
	// C order: element (i, j, k) is at (i·3 + j)·2 + k.
	i, j, k := 1, 2, 0
	fmt.Println("a[1, 2, 0] =", a.Data[(i*3+j)*2+k])
	// Output:
	// shape: (2, 3, 2) elements: 12
	// a[1, 2, 0] = 10
}

// ExampleReadRank reads a file that must have a given rank, and converts
// integer-valued data (cluster ids, labels) with Ints; a wrong rank is an
// input error that names the file and the expected layout.
func ExampleReadRank() {
	dir, err := os.MkdirTemp("", "npy-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "labels.npy")
	if err := npy.WriteFloat64(path, []int{4}, []float64{3, 0, 2, 3}); err != nil {
		panic(err)
	}

	a, err := npy.ReadRank(path, 1, "trials")
	if err != nil {
		panic(err)
	}
	labels, err := a.Ints(path)
	if err != nil {
		panic(err)
	}
	fmt.Println("shape:", a.ShapeString(), "labels:", labels)

	_, err = npy.ReadRank(path, 2, "trials × neurons")
	fmt.Println("read as a matrix, input error:", errors.Is(err, experiment.ErrInput))
	// Output:
	// shape: (4,) labels: [3 0 2 3]
	// read as a matrix, input error: true
}

// ExampleRead_dtypes reads files of other dtypes, here float32 and int16
// vectors written with codeberg.org/sbinet/npyio as NumPy would write them;
// Read converts every element to float64.
func ExampleRead_dtypes() {
	dir, err := os.MkdirTemp("", "npy-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	write := func(name string, v any) string {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			panic(err)
		}
		if err := npyio.Write(f, v); err != nil {
			panic(err)
		}
		if err := f.Close(); err != nil {
			panic(err)
		}
		return f.Name()
	}
	for _, path := range []string{
		write("f32.npy", []float32{0.25, -1.5, 3}),
		write("i16.npy", []int16{-2, 7}),
	} {
		a, err := npy.Read(path)
		if err != nil {
			panic(err)
		}
		fmt.Println(filepath.Base(path), a.ShapeString(), a.Data)
	}
	// Output:
	// f32.npy (3,) [0.25 -1.5 3]
	// i16.npy (2,) [-2 7]
}
