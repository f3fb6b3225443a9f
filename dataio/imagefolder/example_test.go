package imagefolder_test

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"

	"neurolab/dataio/imagefolder"
)

// writePNG writes a w×h grayscale PNG whose left half has value left and
// right half value right.
func writePNG(path string, w, h int, left, right uint8) {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := left
			if x >= w/2 {
				v = right
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		panic(err)
	}
}

// tree builds root/<class>/*.png in a temporary folder: two "dark" images
// and one "edge" image (black left half, white right half), 6×4 pixels.
func tree() string {
	root, err := os.MkdirTemp("", "imagefolder-example")
	if err != nil {
		panic(err)
	}
	for _, c := range []string{"dark", "edge"} {
		if err := os.Mkdir(filepath.Join(root, c), 0o755); err != nil {
			panic(err)
		}
	}
	writePNG(filepath.Join(root, "dark", "a.png"), 6, 4, 0, 0)
	writePNG(filepath.Join(root, "dark", "b.png"), 6, 4, 0, 0)
	writePNG(filepath.Join(root, "edge", "c.png"), 6, 4, 0, 255)
	return root
}

// Example loads a tiny class tree root/<class>/*.png as 2×2 grayscale
// images: each 6×4 image is cropped to its centred 4×4 square and reduced by
// area averaging, so the edge image becomes [black white; black white].
func Example() {
	root := tree()
	defer os.RemoveAll(root)

	set, err := imagefolder.Load(context.Background(), root, imagefolder.Options{Size: 2})
	if err != nil {
		panic(err)
	}
	fmt.Println("classes:", set.Classes, "counts:", set.Counts)
	fmt.Println("images:", set.N, "of", set.Size, "×", set.Size, "labels:", set.Y)
	px := set.Size * set.Size
	fmt.Println("edge image:", set.X[2*px:3*px])
	// Output:
	// classes: [dark edge] counts: [2 1]
	// images: 3 of 2 × 2 labels: [0 0 1]
	// edge image: [0 1 0 1]
}

// ExampleOpen discovers a collection (its form, classes and image counts)
// without decoding any pixel, then loads at most one image per class.
func ExampleOpen() {
	root := tree()
	defer os.RemoveAll(root)

	src, err := imagefolder.Open(root)
	if err != nil {
		panic(err)
	}
	fmt.Println(src.Form, src.Classes, src.Available)
	set, err := src.Load(context.Background(), imagefolder.Options{Size: 4, PerClass: 1})
	if err != nil {
		panic(err)
	}
	for i, f := range set.Files {
		fmt.Println(set.Y[i], filepath.Base(f))
	}
	// Output:
	// image folder [dark edge] [2 1]
	// 0 a.png
	// 1 c.png
}

// ExampleResize reduces a 4×4 image made of four 2×2 blocks to 2×2 by area
// averaging, which returns the block values exactly.
func ExampleResize() {
	src := []float64{
		0.25, 0.25, 1, 1,
		0.25, 0.25, 1, 1,
		0, 0, 0.5, 0.5,
		0, 0, 0.5, 0.5,
	}
	dst := make([]float64, 4)
	imagefolder.Resize(dst, 2, 2, src, 4, 4, nil)
	fmt.Println(dst)
	// Output:
	// [0.25 1 0 0.5]
}

// ExampleCropSquare shows the centred square crop of a landscape and a
// portrait rectangle (offset rounded down).
func ExampleCropSquare() {
	fmt.Println(imagefolder.CropSquare(image.Rect(0, 0, 10, 6)))
	fmt.Println(imagefolder.CropSquare(image.Rect(0, 0, 3, 6)))
	// Output:
	// (2,0)-(8,6)
	// (0,1)-(3,4)
}
