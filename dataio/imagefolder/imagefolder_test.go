package imagefolder

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
)

// Area averaging: closed forms and invariants.
func TestResize(t *testing.T) {
	t.Run("constant stays constant", func(t *testing.T) {
		for _, c := range [][4]int{{7, 5, 3, 3}, {4, 4, 9, 9}, {28, 28, 20, 20}, {3, 8, 5, 2}} {
			h, w, dh, dw := c[0], c[1], c[2], c[3]
			src := make([]float64, h*w)
			for i := range src {
				src[i] = 0.37
			}
			dst := make([]float64, dh*dw)
			Resize(dst, dh, dw, src, h, w, nil)
			for i, v := range dst {
				if math.Abs(v-0.37) > 1e-15 {
					t.Fatalf("%v: pixel %d: got %v, want 0.37 ± 1e-15", c, i, v)
				}
			}
		}
	})
	t.Run("2x2 blocks average exactly", func(t *testing.T) {
		// A 4×4 image of four 2×2 blocks (1, 2 / 3, 4) reduced to 2×2.
		src := []float64{
			1, 1, 2, 2,
			1, 1, 2, 2,
			3, 3, 4, 4,
			3, 3, 4, 4,
		}
		dst := make([]float64, 4)
		Resize(dst, 2, 2, src, 4, 4, nil)
		want := []float64{1, 2, 3, 4}
		for i := range want {
			if dst[i] != want[i] {
				t.Errorf("pixel %d: got %v, want %v exactly", i, dst[i], want[i])
			}
		}
		// and a 2×2 block of distinct values to 1×1 is their mean.
		Resize(dst[:1], 1, 1, []float64{0, 0.25, 0.5, 1}, 2, 2, nil)
		if dst[0] != 0.4375 {
			t.Errorf("2×2 → 1×1: got %v, want 0.4375 exactly", dst[0])
		}
	})
	t.Run("3 to 2 overlap weights", func(t *testing.T) {
		// Output 0 covers source [0, 1.5): (1·a + 0.5·b)/1.5.
		dst := make([]float64, 2)
		Resize(dst, 1, 2, []float64{3, 6, 9}, 1, 3, nil)
		if math.Abs(dst[0]-4) > 1e-12 || math.Abs(dst[1]-8) > 1e-12 {
			t.Errorf("got %v, want [4 8] ± 1e-12", dst)
		}
	})
	t.Run("mean is preserved", func(t *testing.T) {
		for _, c := range [][4]int{{7, 7, 3, 3}, {28, 28, 20, 20}, {5, 9, 4, 6}, {3, 3, 7, 7}} {
			h, w, dh, dw := c[0], c[1], c[2], c[3]
			src := make([]float64, h*w)
			var m float64
			for i := range src {
				src[i] = math.Sin(float64(i*i) + 0.3)
				m += src[i] / float64(h*w)
			}
			dst := make([]float64, dh*dw)
			Resize(dst, dh, dw, src, h, w, nil)
			var md float64
			for _, v := range dst {
				md += v / float64(dh*dw)
			}
			if math.Abs(md-m) > 1e-12 {
				t.Errorf("%v: mean got %v, want %v ± 1e-12", c, md, m)
			}
		}
	})
}

func TestCropSquare(t *testing.T) {
	for _, c := range []struct {
		in, want image.Rectangle
	}{
		{image.Rect(0, 0, 6, 4), image.Rect(1, 0, 5, 4)},
		{image.Rect(0, 0, 4, 7), image.Rect(0, 1, 4, 5)},
		{image.Rect(2, 3, 5, 6), image.Rect(2, 3, 5, 6)},
	} {
		if got := CropSquare(c.in); got != c.want {
			t.Errorf("CropSquare(%v): got %v, want %v", c.in, got, c.want)
		}
	}
}

// Every image type gives Y = 0.299 R + 0.587 G + 0.114 B of the
// premultiplied colour.
func TestGray(t *testing.T) {
	r := image.Rect(0, 0, 1, 1)
	rgba := image.NewRGBA(r)
	rgba.Set(0, 0, color.RGBA{200, 100, 50, 255})
	nrgba := image.NewNRGBA(r)
	nrgba.Set(0, 0, color.NRGBA{200, 100, 50, 128})
	gray := image.NewGray(r)
	gray.Set(0, 0, color.Gray{77})
	pal := image.NewPaletted(r, color.Palette{color.RGBA{200, 100, 50, 255}})
	rgb := (0.299*200 + 0.587*100 + 0.114*50) / 255
	for _, c := range []struct {
		name string
		img  image.Image
		want float64
	}{
		{"RGBA", rgba, rgb},
		{"NRGBA half alpha", nrgba, rgb * 128 / 255},
		{"Gray", gray, 77.0 / 255},
		{"Paletted (generic path)", pal, rgb},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := make([]float64, 1)
			Gray(got, c.img, r)
			if math.Abs(got[0]-c.want) > 1e-12 {
				t.Errorf("got %v, want %v ± 1e-12", got[0], c.want)
			}
		})
	}
}

// writePNG writes a w×h image of constant gray level v (0–255), or of the
// pixel function f when not nil.
func writePNG(t *testing.T, path string, w, h int, f func(x, y int) color.Color) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, f(x, y))
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	write(t, path, b.Bytes())
}

func writeJPEG(t *testing.T, path string, w, h int, v uint8) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = v
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	write(t, path, b.Bytes())
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func level(v uint8) func(x, y int) color.Color {
	return func(x, y int) color.Color { return color.Gray{v} }
}

// tree writes root/b (3 PNGs of level 200, one 6×4 with a centred 4×4
// square), root/a (2 JPEGs of level 100 and a README), a hidden folder and
// returns root.
func tree(t *testing.T) string {
	root := t.TempDir()
	writePNG(t, filepath.Join(root, "b", "2.png"), 4, 4, level(200))
	writePNG(t, filepath.Join(root, "b", "10.PNG"), 8, 8, level(200))
	// 6×4: the centred 4×4 (columns 1–4) is 200, the side columns 0.
	writePNG(t, filepath.Join(root, "b", "1.png"), 6, 4, func(x, y int) color.Color {
		if x == 0 || x == 5 {
			return color.Gray{0}
		}
		return color.Gray{200}
	})
	writeJPEG(t, filepath.Join(root, "a", "x.jpg"), 8, 8, 100)
	writeJPEG(t, filepath.Join(root, "a", "y.jpeg"), 16, 12, 100)
	write(t, filepath.Join(root, "a", "README.txt"), []byte("not an image"))
	write(t, filepath.Join(root, ".cache", "z.png"), []byte("hidden: skipped"))
	write(t, filepath.Join(root, "LICENSE"), []byte("skipped"))
	return root
}

func TestTree(t *testing.T) {
	root := tree(t)
	src, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if src.Form != Tree || strings.Join(src.Classes, ",") != "a,b" || src.Available[0] != 2 || src.Available[1] != 3 {
		t.Fatalf("got form %v classes %v available %v, want image folder [a b] [2 3]", src.Form, src.Classes, src.Available)
	}
	if err := src.Check(Options{Size: 3}); err != nil {
		t.Fatal(err)
	}
	set, err := src.Load(context.Background(), Options{Size: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"a/x.jpg", "a/y.jpeg", "b/1.png", "b/10.PNG", "b/2.png"}
	if set.N != 5 || len(set.X) != 5*9 {
		t.Fatalf("got %d images, %d values; want 5, 45", set.N, len(set.X))
	}
	for i, f := range wantFiles {
		want := min(i/2, 1)
		if set.Files[i] != filepath.Join(root, f) || set.Y[i] != want {
			t.Errorf("image %d: got %s class %d, want %s class %d", i, set.Files[i], set.Y[i], f, want)
		}
	}
	for i := 0; i < set.N; i++ {
		want, tol := 200.0/255, 1e-12
		if set.Y[i] == 0 {
			want, tol = 100.0/255, 2.0/255 // JPEG quality 100 of a flat gray
		}
		for k, v := range set.X[i*9 : (i+1)*9] {
			if math.Abs(v-want) > tol {
				t.Errorf("%s pixel %d: got %v, want %v ± %v", set.Files[i], k, v, want, tol)
			}
		}
	}
	// Per-class limit: the first file in name order.
	set, err = src.Load(context.Background(), Options{Size: 2, PerClass: 1})
	if err != nil {
		t.Fatal(err)
	}
	if set.N != 2 || set.Files[1] != filepath.Join(root, "b", "1.png") || set.Counts[0] != 1 {
		t.Errorf("PerClass 1: got files %v, counts %v; want a/x.jpg, b/1.png", set.Files, set.Counts)
	}
	set, err = src.Load(context.Background(), Options{Size: 2, Limits: []int{0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if set.N != 2 || set.Y[0] != 1 || set.Counts[0] != 0 || set.Counts[1] != 2 {
		t.Errorf("Limits [0 2]: got labels %v counts %v, want [1 1] [0 2]", set.Y, set.Counts)
	}
}

// Loading does not depend on the number of workers.
func TestWorkers(t *testing.T) {
	root := t.TempDir()
	for c := 0; c < 3; c++ {
		for i := 0; i < 5; i++ {
			writePNG(t, filepath.Join(root, string(rune('a'+c)), string(rune('0'+i))+".png"), 9+i, 7+c, func(x, y int) color.Color {
				return color.RGBA{uint8(x * 20), uint8(y * 30), uint8(c * 50), 255}
			})
		}
	}
	a, err := Load(context.Background(), root, Options{Size: 5, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(context.Background(), root, Options{Size: 5, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatalf("value %d: 1 worker gives %v, 4 give %v", i, a.X[i], b.X[i])
		}
	}
}

func encodeIDX(typ byte, dims []uint32, payload []byte, gz bool) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, typ, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(payload)
	if !gz {
		return b.Bytes()
	}
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b.Bytes())
	w.Close()
	return z.Bytes()
}

// writeIDX writes PREFIX-images-idx3-ubyte[.gz] with n 4×4 images, image i
// constant at 10·i, and its labels.
func writeIDX(t *testing.T, dir, prefix string, labels []byte, gz bool) string {
	t.Helper()
	n := len(labels)
	pix := make([]byte, n*16)
	for i := range pix {
		pix[i] = byte(10 * (i / 16))
	}
	ext := ""
	if gz {
		ext = ".gz"
	}
	img := filepath.Join(dir, prefix+"-images-idx3-ubyte"+ext)
	write(t, img, encodeIDX(0x08, []uint32{uint32(n), 4, 4}, pix, gz))
	write(t, filepath.Join(dir, prefix+"-labels-idx1-ubyte"+ext), encodeIDX(0x08, []uint32{uint32(n)}, labels, gz))
	return img
}

func TestIDX(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "gzip"}[gz], func(t *testing.T) {
			dir := t.TempDir()
			writeIDX(t, dir, "t10k", []byte{7, 3, 7}, gz)
			img := writeIDX(t, dir, "train", []byte{3, 9, 7, 3}, !gz) // mixed compression across pairs
			src, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if src.Form != IDX || strings.Join(src.Classes, ",") != "3,7,9" {
				t.Fatalf("got %v classes %v, want IDX [3 7 9]", src.Form, src.Classes)
			}
			if src.Available[0] != 3 || src.Available[1] != 3 || src.Available[2] != 1 {
				t.Errorf("available: got %v, want [3 3 1]", src.Available)
			}
			set, err := src.Load(context.Background(), Options{Size: 2, PerClass: 2})
			if err != nil {
				t.Fatal(err)
			}
			// Class 3: t10k[1] (level 10), train[0] (0); class 7: t10k[0] (0), t10k[2] (20); class 9: train[1] (10).
			wantLevel := []float64{10, 0, 0, 20, 10}
			wantY := []int{0, 0, 1, 1, 2}
			if set.N != 5 {
				t.Fatalf("got %d images, want 5: %v", set.N, set.Files)
			}
			for i := range wantY {
				if set.Y[i] != wantY[i] || math.Abs(set.X[i*4]-wantLevel[i]/255) > 1e-15 {
					t.Errorf("image %d (%s): got class %d level %v, want %d, %v", i, set.Files[i], set.Y[i], set.X[i*4]*255, wantY[i], wantLevel[i])
				}
			}
			// The images file itself: only its own pair.
			src, err = Open(img)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(src.Classes, ",") != "3,7,9" || src.Available[0] != 2 {
				t.Errorf("file form: got classes %v available %v, want [3 7 9] [2 1 1]", src.Classes, src.Available)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	// stage: where the error must appear: 0 Open, 1 Check (and Load),
	// 2 Load only.
	bad := func(name string, setup func(root string) string, stage int, want ...string) {
		t.Run(name, func(t *testing.T) {
			path := setup(t.TempDir())
			src, err := Open(path)
			if (err != nil) != (stage == 0) {
				t.Fatalf("Open: got %v, want an error: %v", err, stage == 0)
			}
			if stage > 0 {
				err = src.Check(Options{Size: 4})
				if (err != nil) != (stage == 1) {
					t.Fatalf("Check: got %v, want an error: %v", err, stage == 1)
				}
				if err != nil && !errors.Is(err, experiment.ErrInput) {
					t.Errorf("Check: got %v, want an input error", err)
				}
				_, err = src.Load(context.Background(), Options{Size: 4})
			}
			if err == nil || !errors.Is(err, experiment.ErrInput) {
				t.Fatalf("got %v, want an input error", err)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
	twoClasses := func(root string) {
		writePNG(t, filepath.Join(root, "a", "1.png"), 2, 2, level(1))
		writePNG(t, filepath.Join(root, "b", "1.png"), 2, 2, level(1))
	}
	bad("nonexistent", func(root string) string { return filepath.Join(root, "nope") }, 0, "nope", "no such file", "folder tree")
	bad("empty folder", func(root string) string { return root }, 0, "no class folders")
	bad("one class", func(root string) string {
		writePNG(t, filepath.Join(root, "a", "1.png"), 2, 2, level(1))
		return root
	}, 0, "one class folder (a)", "at least 2")
	bad("empty class", func(root string) string {
		twoClasses(root)
		write(t, filepath.Join(root, "c", "notes.txt"), nil)
		return root
	}, 0, filepath.Join("c"), "without .png/.jpg/.jpeg images")
	bad("image at root", func(root string) string {
		twoClasses(root)
		writePNG(t, filepath.Join(root, "stray.png"), 2, 2, level(1))
		return root
	}, 0, "stray.png", "one folder per class")
	bad("plain file", func(root string) string {
		write(t, filepath.Join(root, "x.png"), nil)
		return filepath.Join(root, "x.png")
	}, 0, "x.png", "not named like an IDX")
	bad("corrupt png", func(root string) string {
		twoClasses(root)
		write(t, filepath.Join(root, "b", "0.png"), []byte("garbage"))
		return root
	}, 1, filepath.Join("b", "0.png"), "not a readable PNG")
	bad("png named jpg", func(root string) string {
		twoClasses(root)
		writePNG(t, filepath.Join(root, "b", "0.jpg"), 2, 2, level(1))
		return root
	}, 1, filepath.Join("b", "0.jpg"), "not a readable JPEG")
	bad("mixed IDX and folders", func(root string) string {
		twoClasses(root)
		writeIDX(t, root, "train", []byte{0, 1}, true)
		return root
	}, 0, "both IDX", "point at one")
	bad("IDX without labels", func(root string) string {
		writeIDX(t, root, "train", []byte{0, 1}, true)
		os.Remove(filepath.Join(root, "train-labels-idx1-ubyte.gz"))
		return root
	}, 0, "no labels file", "train-labels-idx1-ubyte")
	bad("IDX count mismatch", func(root string) string {
		writeIDX(t, root, "train", []byte{0, 1}, false)
		write(t, filepath.Join(root, "train-labels-idx1-ubyte"), encodeIDX(0x08, []uint32{3}, []byte{0, 1, 1}, false))
		return root
	}, 0, "3 labels", "2 images")
	bad("IDX one class", func(root string) string {
		writeIDX(t, root, "train", []byte{4, 4}, false)
		return root
	}, 0, "1 distinct label")
	bad("IDX float images", func(root string) string {
		write(t, filepath.Join(root, "x-images-idx3-ubyte"), encodeIDX(0x0D, []uint32{1, 1, 1}, make([]byte, 4), false))
		write(t, filepath.Join(root, "x-labels-idx1-ubyte"), encodeIDX(0x08, []uint32{1}, []byte{0}, false))
		return root
	}, 0, "x-images-idx3-ubyte", "unsigned bytes")
	bad("IDX truncated images", func(root string) string {
		write(t, filepath.Join(root, "x-images-idx3-ubyte"), encodeIDX(0x08, []uint32{2, 2, 2}, make([]byte, 5), false))
		write(t, filepath.Join(root, "x-labels-idx1-ubyte"), encodeIDX(0x08, []uint32{2}, []byte{0, 1}, false))
		return root
	}, 2, "x-images-idx3-ubyte", "reading 8 values")
}

// Debian's dataset-fashion-mnist, when installed: 10 classes of 28×28.
func TestFashionMNISTInstalled(t *testing.T) {
	var dir string
	for _, pat := range []string{"/usr/share/*fashion*", "/usr/share/*/*fashion*"} {
		m, _ := filepath.Glob(pat)
		for _, d := range m {
			if imgs, err := os.ReadDir(d); err == nil && len(imgs) > 0 {
				dir = d
			}
		}
	}
	if dir == "" {
		t.Skip("Debian's dataset-fashion-mnist is not installed")
	}
	src, err := Open(dir)
	if err != nil {
		t.Skipf("%s: %v", dir, err)
	}
	set, err := src.Load(context.Background(), Options{Size: 20, PerClass: 5, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Classes) != 10 || set.N != 50 {
		t.Errorf("got %d classes, %d images; want 10, 50", len(set.Classes), set.N)
	}
}

// BenchmarkResize28to20: one Fashion-MNIST-sized image to the default
// specialization input.
func BenchmarkResize28to20(b *testing.B) {
	src := make([]float64, 28*28)
	for i := range src {
		src[i] = float64(i%7) / 7
	}
	dst := make([]float64, 20*20)
	tmp := make([]float64, 28*20)
	for i := 0; i < b.N; i++ {
		Resize(dst, 20, 20, src, 28, 28, tmp)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
}

// Options out of range are input errors from Check and Load (they used to
// panic).
func TestOptionErrors(t *testing.T) {
	src, err := Open(tree(t))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		opt  Options
		want string
	}{
		{"size", Options{}, "imagefolder: output image size 0 px, want ≥ 1"},
		{"limits length", Options{Size: 3, Limits: []int{1}}, "imagefolder: 1 per-class limits for 2 classes"},
		{"negative limit", Options{Size: 3, Limits: []int{1, -2}}, "imagefolder: limit -2 for class 1 (b), want ≥ 0"},
		{"negative per-class", Options{Size: 3, PerClass: -1}, "imagefolder: Options.PerClass = -1: want ≥ 0 (0 means all)"},
		{"negative workers", Options{Size: 3, Workers: -2}, "imagefolder: Options.Workers = -2: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for what, err := range map[string]error{"Check": src.Check(c.opt), "Load": func() error { _, err := src.Load(context.Background(), c.opt); return err }()} {
				if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s: error %v, want an input error containing %q", what, err, c.want)
				}
			}
		})
	}
}
