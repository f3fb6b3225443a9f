package imagefolder

import (
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"neurolab/dataio/idx"
	"neurolab/experiment"
	"neurolab/internal/num"
)

// Forms describes the accepted paths, for error messages.
const Forms = "a folder tree ROOT/<class>/*.png|jpg|jpeg (one folder per class), " +
	"a folder holding PREFIX-images-idx3-ubyte[.gz] and PREFIX-labels-idx1-ubyte[.gz] (MNIST/Fashion-MNIST), " +
	"or such an images file with its labels file next to it"

// Form is the kind of collection a Source reads.
type Form int

const (
	// Tree is a folder tree ROOT/<class>/*.png|jpg|jpeg.
	Tree Form = iota
	// IDX is one or more MNIST-style IDX images/labels pairs.
	IDX
)

func (f Form) String() string {
	if f == IDX {
		return "IDX"
	}
	return "image folder"
}

// Source is an image collection whose classes and files are known but
// whose pixels are not yet decoded (Open, then Check and/or Load).
type Source struct {
	Path      string
	Form      Form
	Classes   []string // class names: folder names, or IDX label values
	Available []int    // images per class

	files [][]string // Tree: per class, sorted file paths
	pairs []idxPair  // IDX: pairs in name order
}

type idxPair struct {
	images, labels string
	class          []int // class index of each image
	h, w           int
}

// Options selects and shapes the images that Load returns.
type Options struct {
	Size     int   // side of the square output images, px (≥ 1)
	PerClass int   // at most this many images per class, the first in order, ≥ 0; 0 = all
	Limits   []int // per-class maxima, one per class of the Source; overrides PerClass when not nil
	Workers  int   // decoding goroutines, ≥ 0 (0 and 1 both mean serial); results never depend on it
}

// Set is a loaded collection: N images of Size × Size, class-major (every
// image of class 0, then class 1, …), each class in file order.
type Set struct {
	Classes []string
	Size    int
	N       int
	X       []float64 // N × Size², row-major per image, luminance in [0, 1]
	Y       []int     // class index of each image
	Files   []string  // where each image came from: the file, or IDX "file[index]"
	Counts  []int     // images loaded per class
}

var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true}

func isImageName(name string) bool { return imageExts[strings.ToLower(filepath.Ext(name))] }

// Open discovers the collection at path (see Forms): its classes and, for a
// tree, its files; for IDX it reads the labels and the images files'
// headers. Errors wrap experiment.ErrInput and name the path at fault.
func Open(path string) (*Source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, experiment.Inputf("%s: %v (want %s)", path, unwrapPath(err), Forms)
	}
	if st.Mode().IsRegular() {
		if !idx.IsImagesName(filepath.Base(path)) {
			return nil, experiment.Inputf("%s: a file, but not named like an IDX images file (want %s)", path, Forms)
		}
		return openIDX(path, []string{path})
	}
	if !st.IsDir() {
		return nil, experiment.Inputf("%s: neither a file nor a folder (want %s)", path, Forms)
	}
	imgs, err := idx.ImageFiles(path)
	if err != nil {
		return nil, experiment.Inputf("%s: %v", path, unwrapPath(err))
	}
	tree, err := scanTree(path)
	if err != nil {
		return nil, err
	}
	switch {
	case len(imgs) > 0 && len(tree.Classes) > 0:
		return nil, experiment.Inputf("%s: holds both IDX images files (%s) and class folders (%s); point at one of them (want %s)",
			path, filepath.Base(imgs[0]), tree.Classes[0], Forms)
	case len(imgs) > 0:
		return openIDX(path, imgs)
	case len(tree.Classes) == 0:
		return nil, experiment.Inputf("%s: no class folders with .png/.jpg/.jpeg images and no IDX images file (want %s)", path, Forms)
	case len(tree.Classes) < 2:
		return nil, experiment.Inputf("%s: one class folder (%s); want at least 2 (%s)", path, tree.Classes[0], Forms)
	}
	return tree, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// scanTree lists root's class folders and their image files. Hidden
// entries (names starting with '.') are skipped, and so are files of other
// types; an image directly under root, or a class folder without images, is
// an error.
func scanTree(root string) (*Source, error) {
	entries, err := os.ReadDir(root) // sorted by name
	if err != nil {
		return nil, experiment.Inputf("%s: %v", root, unwrapPath(err))
	}
	s := &Source{Path: root, Form: Tree}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		full := filepath.Join(root, name)
		if !e.IsDir() {
			if isImageName(name) {
				return nil, experiment.Inputf("%s: an image directly in %s; images must be in one folder per class, %s/<class>/%s",
					full, root, root, name)
			}
			continue
		}
		sub, err := os.ReadDir(full)
		if err != nil {
			return nil, experiment.Inputf("%s: %v", full, unwrapPath(err))
		}
		var files []string
		for _, f := range sub {
			if !f.IsDir() && !strings.HasPrefix(f.Name(), ".") && isImageName(f.Name()) {
				files = append(files, filepath.Join(full, f.Name()))
			}
		}
		if len(files) == 0 {
			return nil, experiment.Inputf("%s: class folder without .png/.jpg/.jpeg images (subfolders are not searched)", full)
		}
		s.Classes = append(s.Classes, name)
		s.Available = append(s.Available, len(files))
		s.files = append(s.files, files)
	}
	return s, nil
}

// openIDX reads the labels of every images file (sorted) and checks the
// images files' headers: unsigned bytes, images × rows × columns, as many
// images as labels.
func openIDX(path string, imgs []string) (*Source, error) {
	s := &Source{Path: path, Form: IDX}
	sort.Strings(imgs)
	labelSet := map[int]bool{}
	var raw [][]int
	for _, im := range imgs {
		lab, err := idx.LabelsFor(im)
		if err != nil {
			return nil, experiment.Inputf("%v", err)
		}
		typ, dims, err := headerOf(im)
		if err != nil {
			return nil, experiment.Inputf("%s: %v", im, err)
		}
		if typ != 0x08 || len(dims) != 3 || dims[1] < 1 || dims[2] < 1 {
			return nil, experiment.Inputf("%s: element type 0x%02x, dimensions %v; want unsigned bytes (0x08), images × rows × columns", im, typ, dims)
		}
		y, err := idx.Labels(lab)
		if err != nil {
			return nil, experiment.Inputf("%v", err)
		}
		if len(y) != dims[0] {
			return nil, experiment.Inputf("%s has %d labels but %s has %d images", lab, len(y), im, dims[0])
		}
		for i, v := range y {
			if v < 0 {
				return nil, experiment.Inputf("%s: label %d of image %d is negative", lab, v, i)
			}
			labelSet[v] = true
		}
		raw = append(raw, y)
		s.pairs = append(s.pairs, idxPair{images: im, labels: lab, h: dims[1], w: dims[2]})
	}
	values := make([]int, 0, len(labelSet))
	for v := range labelSet {
		values = append(values, v)
	}
	sort.Ints(values)
	classOf := map[int]int{}
	for c, v := range values {
		classOf[v] = c
		s.Classes = append(s.Classes, strconv.Itoa(v))
	}
	s.Available = make([]int, len(values))
	for i, y := range raw {
		cl := make([]int, len(y))
		for j, v := range y {
			cl[j] = classOf[v]
			s.Available[cl[j]]++
		}
		s.pairs[i].class = cl
	}
	if len(values) < 2 {
		return nil, experiment.Inputf("%s: %d distinct label(s); want at least 2 classes", path, len(values))
	}
	return s, nil
}

func headerOf(path string) (byte, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, nil, unwrapPath(err)
	}
	defer f.Close()
	return idx.ReadHeader(f)
}

// item is one selected image: a tree file, or image i of IDX pair p.
type item struct {
	class int
	file  string
	pair  int
	i     int
}

// limit returns the maximum number of images of class c under opt.
func (s *Source) limit(opt Options, c int) int {
	if opt.Limits != nil {
		return opt.Limits[c] // checked by Load
	}
	if opt.PerClass > 0 {
		return opt.PerClass
	}
	return s.Available[c]
}

// selection returns the images that opt selects, class-major, in order.
func (s *Source) selection(opt Options) []item {
	var out []item
	if s.Form == Tree {
		for c, files := range s.files {
			for _, f := range files[:min(len(files), s.limit(opt, c))] {
				out = append(out, item{class: c, file: f})
			}
		}
		return out
	}
	per := make([][]item, len(s.Classes))
	for p, pr := range s.pairs {
		for i, c := range pr.class {
			if len(per[c]) < s.limit(opt, c) {
				per[c] = append(per[c], item{class: c, file: pr.images, pair: p, i: i})
			}
		}
	}
	for _, it := range per {
		out = append(out, it...)
	}
	return out
}

func decoderFor(name string) func(io.Reader) (image.Image, error) {
	if strings.ToLower(filepath.Ext(name)) == ".png" {
		return png.Decode
	}
	return jpeg.Decode
}

func configFor(name string) func(io.Reader) (image.Config, error) {
	if strings.ToLower(filepath.Ext(name)) == ".png" {
		return png.DecodeConfig
	}
	return jpeg.DecodeConfig
}

func formatOf(name string) string {
	if strings.ToLower(filepath.Ext(name)) == ".png" {
		return "PNG"
	}
	return "JPEG"
}

// checkOptions returns an input error for options out of range: Size < 1,
// a negative PerClass or Workers, or Limits that are not one non-negative
// value per class.
func (s *Source) checkOptions(opt Options) error {
	switch {
	case opt.Size < 1:
		return experiment.Inputf("imagefolder: output image size %d px, want ≥ 1", opt.Size)
	case opt.PerClass < 0:
		return experiment.Inputf("imagefolder: Options.PerClass = %d: want ≥ 0 (0 means all)", opt.PerClass)
	case opt.Workers < 0:
		return experiment.Inputf("imagefolder: Options.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", opt.Workers)
	}
	if opt.Limits != nil {
		if len(opt.Limits) != len(s.Classes) {
			return experiment.Inputf("imagefolder: %d per-class limits for %d classes (%s)", len(opt.Limits), len(s.Classes), s.Path)
		}
		for c, l := range opt.Limits {
			if l < 0 {
				return experiment.Inputf("imagefolder: limit %d for class %d (%s), want ≥ 0", l, c, s.Classes[c])
			}
		}
	}
	return nil
}

// Check reads the header of every image that opt selects from a tree (IDX
// headers were checked by Open), without decoding pixels: a cheap early
// test for files that are not images of their extension's format. Errors
// wrap experiment.ErrInput and name the file; options are checked as by
// Load.
func (s *Source) Check(opt Options) error {
	if err := s.checkOptions(opt); err != nil {
		return err
	}
	if s.Form != Tree {
		return nil
	}
	for _, it := range s.selection(opt) {
		f, err := os.Open(it.file)
		if err != nil {
			return experiment.Inputf("%s: %v", it.file, unwrapPath(err))
		}
		cfg, err := configFor(it.file)(f)
		f.Close()
		if err != nil {
			return experiment.Inputf("%s: not a readable %s image: %v", it.file, formatOf(it.file), err)
		}
		if err := checkConfig(it.file, cfg); err != nil {
			return err
		}
	}
	return nil
}

// maxPixels bounds the size of an image file that Load decodes (8192 ×
// 8192): the decoders allocate the whole image from the size in its
// header, so a 65-byte PNG claiming 60000 × 60000 pixels asked for 14 GB.
const maxPixels = 1 << 26

// checkConfig returns an input error naming file if the image size cfg
// (from its header) is empty or larger than maxPixels.
func checkConfig(file string, cfg image.Config) error {
	if cfg.Width < 1 || cfg.Height < 1 {
		return experiment.Inputf("%s: empty image (%d×%d)", file, cfg.Width, cfg.Height)
	}
	if cfg.Width > maxPixels/cfg.Height {
		return experiment.Inputf("%s: %d×%d pixels, more than the %d (8192×8192) this reads; downscale the image first", file, cfg.Width, cfg.Height, maxPixels)
	}
	return nil
}

// Load decodes the images that opt selects, converts them to grayscale,
// crops them to a centred square and resizes them to opt.Size by area
// averaging (see the package doc). Errors wrap experiment.ErrInput and name
// the file, except ctx's; options out of range (Size < 1, Limits not one
// non-negative value per class) are input errors too.
func (s *Source) Load(ctx context.Context, opt Options) (*Set, error) {
	if err := s.checkOptions(opt); err != nil {
		return nil, err
	}
	items := s.selection(opt)
	S := opt.Size
	set := &Set{Classes: s.Classes, Size: S, N: len(items), X: make([]float64, len(items)*S*S),
		Y: make([]int, len(items)), Files: make([]string, len(items)), Counts: make([]int, len(s.Classes))}
	for i, it := range items {
		set.Y[i] = it.class
		set.Counts[it.class]++
		set.Files[i] = it.file
		if s.Form == IDX {
			set.Files[i] = fmt.Sprintf("%s[%d]", it.file, it.i)
		}
	}
	if s.Form == Tree {
		err := num.ParallelFor(ctx, opt.Workers, len(items), func(i int) error {
			return loadFile(set.X[i*S*S:(i+1)*S*S], S, items[i].file)
		})
		if err != nil {
			return nil, err
		}
		return set, nil
	}
	for p, pr := range s.pairs {
		var mine []int
		for i, it := range items {
			if it.pair == p {
				mine = append(mine, i)
			}
		}
		if len(mine) == 0 {
			continue
		}
		f, err := os.Open(pr.images)
		if err != nil {
			return nil, experiment.Inputf("%s: %v", pr.images, unwrapPath(err))
		}
		dims, data, err := idx.ReadBytes(f)
		f.Close()
		if err != nil {
			return nil, experiment.Inputf("%s: %v", pr.images, err)
		}
		if len(dims) != 3 || dims[1] != pr.h || dims[2] != pr.w {
			return nil, experiment.Inputf("%s: dimensions %v changed since it was opened", pr.images, dims)
		}
		h, w := pr.h, pr.w
		crop := CropSquare(image.Rect(0, 0, w, h))
		m := crop.Dx()
		err = num.ParallelFor(ctx, opt.Workers, len(mine), func(j int) error {
			i := mine[j]
			src := data[items[i].i*h*w : (items[i].i+1)*h*w]
			g := make([]float64, m*m)
			for y := 0; y < m; y++ {
				for x := 0; x < m; x++ {
					g[y*m+x] = float64(src[(crop.Min.Y+y)*w+crop.Min.X+x]) / 255
				}
			}
			Resize(set.X[i*S*S:(i+1)*S*S], S, S, g, m, m, nil)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return set, nil
}

// loadFile decodes one image file into dst (S × S).
func loadFile(dst []float64, S int, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return experiment.Inputf("%s: %v", path, unwrapPath(err))
	}
	defer f.Close()
	// The header first: the decoder allocates for the size it claims.
	cfg, err := configFor(path)(f)
	if err != nil {
		return experiment.Inputf("%s: not a readable %s image: %v", path, formatOf(path), err)
	}
	if err := checkConfig(path, cfg); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return experiment.Inputf("%s: %v", path, unwrapPath(err))
	}
	img, err := decoderFor(path)(f)
	if err != nil {
		return experiment.Inputf("%s: not a readable %s image: %v", path, formatOf(path), err)
	}
	r := CropSquare(img.Bounds())
	m := r.Dx()
	if m < 1 {
		return experiment.Inputf("%s: empty image (%d×%d)", path, img.Bounds().Dx(), img.Bounds().Dy())
	}
	g := make([]float64, m*m)
	Gray(g, img, r)
	Resize(dst, S, S, g, m, m, nil)
	return nil
}

// Load opens the collection at path and loads it with opt (Open, then
// Source.Load).
func Load(ctx context.Context, path string, opt Options) (*Set, error) {
	s, err := Open(path)
	if err != nil {
		return nil, err
	}
	return s.Load(ctx, opt)
}
