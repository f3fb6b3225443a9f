// Package imagefolder reads labelled image collections that users bring in
// place of procedural stimuli, as grayscale square images of a chosen size:
//
//   - an ImageFolder-style tree root/<class>/*.png|jpg|jpeg (the layout of
//     VGGFace2 and ImageNet copies and of torchvision's ImageFolder), read
//     with the standard library's image/png and image/jpeg;
//   - MNIST / Fashion-MNIST IDX files (LeCun et al., Proc. IEEE 1998; Xiao,
//     Rasul & Vollgraf, arXiv:1708.07747, 2017), plain or gzip-compressed as
//     Debian's dataset-fashion-mnist installs them: a folder holding
//     PREFIX-images-idx3-ubyte[.gz] and PREFIX-labels-idx1-ubyte[.gz] pairs,
//     or the images file itself with its labels file next to it.
//
// It serves the specialization reproduction (Dobs et al., "Brain-like
// functional specialization emerges spontaneously in deep neural
// networks", Sci. Adv. 2022; spec specialization.md, "Real data a user
// brings") and any other experiment that wants labelled images.
//
// Usage: Load(ctx, path, Options{Size: 32}) returns a Set of labelled
// Size × Size grayscale images; Open lists a collection's classes and counts
// without decoding pixels, and Source.Load then decodes a selection.
//
// Every image goes through the same steps:
//
//  1. grayscale by the ITU-R BT.601 luminance weights
//     Y = 0.299 R + 0.587 G + 0.114 B (those of Go's color.GrayModel),
//     on the alpha-premultiplied colour (a transparent pixel is black), in
//     [0, 1];
//  2. a centred square crop of side min(width, height) (offset rounded
//     down);
//  3. resizing to Size × Size by area averaging: output pixel (i, j) is the
//     mean of the source over the square it covers, each source pixel
//     weighted by its overlap. It is exact for block images (a 2×2 block
//     image of side 2k reduced to 2×2 gives the block values), keeps a
//     constant image constant and keeps the mean of the image when the side
//     divides evenly; enlarging is box (nearest-neighbour) sampling with
//     overlap-weighted edges.
//
// Order is deterministic: classes in sorted name order (byte-wise) for a
// tree, ascending label value for IDX; within a class, files in sorted name
// order, IDX images in file order (pairs of a folder in name order). A
// per-class limit keeps the first images in that order. Errors wrap
// experiment.ErrInput and name the file or folder at fault.
package imagefolder
