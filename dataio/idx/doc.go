// Package idx reads IDX files, the format of the MNIST and Fashion-MNIST
// data sets (LeCun et al., "Gradient-based learning applied to document
// recognition", Proc. IEEE 1998; Xiao, Rasul & Vollgraf, "Fashion-MNIST",
// arXiv:1708.07747, 2017), plain or gzip-compressed (as Debian's
// dataset-fashion-mnist installs them). The specialization reproduction
// (Dobs et al., Sci. Adv. 2022) can use them in place of its procedural
// objects.
//
// Format: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16,
// 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, each
// dimension as a big-endian uint32, then the values, big-endian, row-major.
//
// Usage: Images(path) reads an images file as pixels in [0, 1], LabelsFor
// finds its labels file and Labels reads it; ImageFiles lists the images
// files of a folder, and Read/ReadFile decode any IDX array to float64.
package idx
