package idx_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	"neurolab/dataio/idx"
)

// writeIDX writes an IDX file: two zero bytes, the type byte, the number of
// dimensions, each dimension as a big-endian uint32, then the values
// (big-endian, row-major), gzip-compressed when the name ends in .gz.
func writeIDX(path string, typ byte, dims []int, values any) {
	var b bytes.Buffer
	b.Write([]byte{0, 0, typ, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	binary.Write(&b, binary.BigEndian, values)
	data := b.Bytes()
	if filepath.Ext(path) == ".gz" {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(data)
		w.Close()
		data = z.Bytes()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		panic(err)
	}
}

// Example writes a tiny MNIST-style pair (three 2×3 uint8 images,
// gzip-compressed, and their labels) to a temporary folder, finds the images
// file, its labels file, and reads both, as a loader of real MNIST or
// Fashion-MNIST files would.
func Example() {
	dir, err := os.MkdirTemp("", "idx-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	pixels := []uint8{
		0, 255, 0, 255, 0, 255, // image 0
		255, 255, 255, 0, 0, 0, // image 1
		51, 102, 153, 204, 255, 0, // image 2
	}
	writeIDX(filepath.Join(dir, "train-images-idx3-ubyte.gz"), 0x08, []int{3, 2, 3}, pixels)
	writeIDX(filepath.Join(dir, "train-labels-idx1-ubyte.gz"), 0x08, []int{3}, []uint8{7, 2, 9})

	files, err := idx.ImageFiles(dir)
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		pix, n, h, w, err := idx.Images(f)
		if err != nil {
			panic(err)
		}
		lab, err := idx.LabelsFor(f)
		if err != nil {
			panic(err)
		}
		labels, err := idx.Labels(lab)
		if err != nil {
			panic(err)
		}
		fmt.Println(filepath.Base(f), "→", filepath.Base(lab))
		fmt.Printf("%d images of %d×%d, labels %v\n", n, h, w, labels)
		fmt.Println("image 2 scaled to [0, 1]:", pix[2*h*w:3*h*w])
	}
	// Output:
	// train-images-idx3-ubyte.gz → train-labels-idx1-ubyte.gz
	// 3 images of 2×3, labels [7 2 9]
	// image 2 scaled to [0, 1]: [0.2 0.4 0.6 0.8 1 0]
}

// ExampleRead decodes an IDX array of any element type from a reader (here
// a 2×2 big-endian int16 array, type 0x0B) into float64 values.
func ExampleRead() {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0x0B, 2, 0, 0, 0, 2, 0, 0, 0, 2})
	binary.Write(&b, binary.BigEndian, []int16{-3, 1, 400, -32768})
	a, err := idx.Read(&b)
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Dims, a.Data)
	// Output:
	// [2 2] [-3 1 400 -32768]
}

// ExampleIsImagesName shows which file names count as IDX images files.
func ExampleIsImagesName() {
	for _, name := range []string{
		"train-images-idx3-ubyte",
		"t10k-images-idx3-ubyte.gz",
		"train-labels-idx1-ubyte",
		"notes.txt",
	} {
		fmt.Println(name, idx.IsImagesName(name))
	}
	// Output:
	// train-images-idx3-ubyte true
	// t10k-images-idx3-ubyte.gz true
	// train-labels-idx1-ubyte false
	// notes.txt false
}
