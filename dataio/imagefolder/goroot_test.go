package imagefolder

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The standard library's own test images: one picture (video-001, 150×103)
// stored as PNG and as JPEG in many encodings (baseline, progressive,
// chroma subsamplings, restart markers, RGB). Loaded at 8×8, every
// encoding gives the lossless PNG's luminance within JPEG's loss (the CMYK
// copies are left out: their colours differ from the original's by up to
// 0.22 in luminance, the reference .cmyk.png as much as the JPEG); a
// truncated baseline JPEG is an error naming the file.
func TestStandardLibraryImages(t *testing.T) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	src := filepath.Join(strings.TrimSpace(string(out)), "src", "image", "testdata")
	if _, serr := os.Stat(filepath.Join(src, "video-001.png")); err != nil || serr != nil {
		t.Skip("GOROOT's image/testdata not found")
	}
	root := t.TempDir()
	entries, _ := os.ReadDir(src)
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "video-001") || !isImageName(name) || strings.Contains(name, "truncated") || strings.Contains(name, "cmyk") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		cls := "jpeg"
		if strings.HasSuffix(name, ".png") {
			cls = "png"
		}
		write(t, filepath.Join(root, cls, name), data)
		n++
	}
	set, err := Load(context.Background(), root, Options{Size: 8, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ref []float64
	for i, f := range set.Files {
		if filepath.Base(f) == "video-001.png" {
			ref = set.X[i*64 : (i+1)*64]
		}
	}
	if set.N != n || ref == nil {
		t.Fatalf("got %d images, want %d including video-001.png", set.N, n)
	}
	for i, f := range set.Files {
		worst := 0.0
		for k, v := range set.X[i*64 : (i+1)*64] {
			worst = math.Max(worst, math.Abs(v-ref[k]))
		}
		if worst > 0.03 {
			t.Errorf("%s: largest pixel difference from the PNG %.4f, want ≤ 0.03", filepath.Base(f), worst)
		}
	}
	full := mustRead(t, filepath.Join(src, "video-001.jpeg"))
	write(t, filepath.Join(root, "jpeg", "z.jpg"), full[:len(full)/2])
	if _, err := Load(context.Background(), root, Options{Size: 8}); err == nil || !strings.Contains(err.Error(), "z.jpg") {
		t.Errorf("truncated JPEG: got %v, want an error naming z.jpg", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
