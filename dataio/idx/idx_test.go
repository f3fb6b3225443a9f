package idx

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func encode(typ byte, dims []uint32, payload []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, typ, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(payload)
	return b.Bytes()
}

func TestRead(t *testing.T) {
	f32 := make([]byte, 8)
	binary.BigEndian.PutUint32(f32, math.Float32bits(1.5))
	binary.BigEndian.PutUint32(f32[4:], math.Float32bits(-2))
	cases := []struct {
		name string
		data []byte
		dims []int
		want []float64
	}{
		{"uint8", encode(0x08, []uint32{2, 3}, []byte{0, 1, 2, 253, 254, 255}), []int{2, 3}, []float64{0, 1, 2, 253, 254, 255}},
		{"int8", encode(0x09, []uint32{2}, []byte{0xff, 0x7f}), []int{2}, []float64{-1, 127}},
		{"int16", encode(0x0B, []uint32{1}, []byte{0xff, 0xfe}), []int{1}, []float64{-2}},
		{"float32", encode(0x0D, []uint32{2}, f32), []int{2}, []float64{1.5, -2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, gz := range []bool{false, true} {
				data := c.data
				if gz {
					var b bytes.Buffer
					w := gzip.NewWriter(&b)
					w.Write(data)
					w.Close()
					data = b.Bytes()
				}
				a, err := Read(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				for i := range c.want {
					if a.Data[i] != c.want[i] {
						t.Errorf("gzip %v: value %d: got %v, want %v", gz, i, a.Data[i], c.want[i])
					}
				}
				if len(a.Dims) != len(c.dims) {
					t.Errorf("dims: got %v, want %v", a.Dims, c.dims)
				}
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"magic", []byte{1, 2, 8, 1, 0, 0, 0, 1, 5}, "magic"},
		{"type", encode(0x07, []uint32{1}, []byte{1}), "element type"},
		{"truncated", encode(0x08, []uint32{4}, []byte{1, 2}), "reading 4 values"},
		{"empty", nil, "magic"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestImagesAndLabels(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "img.idx")
	lab := filepath.Join(dir, "lab.idx")
	os.WriteFile(img, encode(0x08, []uint32{2, 2, 2}, []byte{0, 255, 51, 102, 0, 0, 0, 255}), 0o644)
	os.WriteFile(lab, encode(0x08, []uint32{2}, []byte{3, 9}), 0o644)
	pix, n, h, w, err := Images(img)
	if err != nil || n != 2 || h != 2 || w != 2 || pix[1] != 1 || math.Abs(pix[2]-0.2) > 1e-12 {
		t.Errorf("images: got %v %d×%d×%d, err %v", pix, n, h, w, err)
	}
	y, err := Labels(lab)
	if err != nil || len(y) != 2 || y[0] != 3 || y[1] != 9 {
		t.Errorf("labels: got %v, err %v", y, err)
	}
	if _, err := Labels(img); err == nil {
		t.Error("labels from an images file: got no error")
	}
}

func TestReadBytesAndHeader(t *testing.T) {
	data := encode(0x08, []uint32{2, 1, 2}, []byte{0, 255, 7, 9})
	typ, dims, err := ReadHeader(bytes.NewReader(data))
	if err != nil || typ != 0x08 || len(dims) != 3 || dims[0] != 2 || dims[2] != 2 {
		t.Errorf("ReadHeader: got 0x%02x %v %v, want 0x08 [2 1 2]", typ, dims, err)
	}
	dims, b, err := ReadBytes(bytes.NewReader(data))
	if err != nil || len(dims) != 3 || !bytes.Equal(b, []byte{0, 255, 7, 9}) {
		t.Errorf("ReadBytes: got %v %v %v, want [2 1 2] [0 255 7 9]", dims, b, err)
	}
	if _, _, err := ReadBytes(bytes.NewReader(encode(0x0D, []uint32{1}, make([]byte, 4)))); err == nil || !strings.Contains(err.Error(), "0x08") {
		t.Errorf("ReadBytes of float32: got %v, want an error naming 0x08", err)
	}
}

func TestPairNames(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images.idx3-ubyte",
		"t10k-labels.idx1-ubyte", "lone-images-idx3-ubyte", "notes.txt"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	imgs, err := ImageFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"lone-images-idx3-ubyte", "t10k-images.idx3-ubyte", "train-images-idx3-ubyte.gz"}
	if len(imgs) != len(want) {
		t.Fatalf("ImageFiles: got %v, want %v", imgs, want)
	}
	for i, w := range want {
		if filepath.Base(imgs[i]) != w {
			t.Errorf("ImageFiles %d: got %s, want %s", i, imgs[i], w)
		}
	}
	for _, c := range []struct{ images, labels, err string }{
		{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", ""},
		{"t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte", ""},
		{"lone-images-idx3-ubyte", "", "no labels file"},
		{"notes.txt", "", "not named like"},
	} {
		got, err := LabelsFor(filepath.Join(dir, c.images))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("LabelsFor(%s): got %v, want an error containing %q", c.images, err, c.err)
			}
			continue
		}
		if err != nil || filepath.Base(got) != c.labels {
			t.Errorf("LabelsFor(%s): got %s %v, want %s", c.images, got, err, c.labels)
		}
	}
}
