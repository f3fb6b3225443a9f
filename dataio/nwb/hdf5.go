//go:build hdf5

package nwb

/*
#cgo pkg-config: hdf5
#include <stdlib.h>
#include <string.h>
#include <hdf5.h>

static hid_t nl_open(const char *path) {
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	return H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
}
static int nl_exists(hid_t f, const char *name) {
	return H5Lexists(f, name, H5P_DEFAULT) > 0 && H5Oexists_by_name(f, name, H5P_DEFAULT) > 0;
}
// nl_dims writes up to 2 dimensions of dataset name; returns rank or -1.
static int nl_dims(hid_t f, const char *name, hsize_t *dims) {
	hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
	if (d < 0) return -1;
	hid_t s = H5Dget_space(d);
	int r = H5Sget_simple_extent_ndims(s);
	if (r >= 0 && r <= 2) H5Sget_simple_extent_dims(s, dims, NULL);
	H5Sclose(s); H5Dclose(d);
	return r;
}
static int nl_read(hid_t f, const char *name, double *buf) {
	hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
	if (d < 0) return -1;
	herr_t e = H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
	H5Dclose(d);
	return e < 0 ? -1 : 0;
}
static int nl_attr(hid_t f, const char *obj, const char *attr, double *v) {
	if (H5Aexists_by_name(f, obj, attr, H5P_DEFAULT) <= 0) return -1;
	hid_t a = H5Aopen_by_name(f, obj, attr, H5P_DEFAULT, H5P_DEFAULT);
	if (a < 0) return -1;
	herr_t e = H5Aread(a, H5T_NATIVE_DOUBLE, v);
	H5Aclose(a);
	return e < 0 ? -1 : 0;
}
// nl_series_cb collects, while H5Lvisit walks the file, the parents of
// every link named ".../data" that is a rank-2 dataset with a sibling
// starting_time or timestamps: the candidate time series. Names are
// appended to the buffer in op_data, separated by '\n', while they fit.
typedef struct { char *buf; size_t cap, len; } nl_names;
static herr_t nl_series_cb(hid_t g, const char *name, const H5L_info_t *info, void *op_data) {
	nl_names *out = (nl_names *)op_data;
	size_t n = strlen(name);
	if (n < 5 || strcmp(name + n - 5, "/data") != 0) return 0;
	if (H5Oexists_by_name(g, name, H5P_DEFAULT) <= 0) return 0;
	hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
	if (d < 0) return 0;
	hid_t sp = H5Dget_space(d);
	int rank = H5Sget_simple_extent_ndims(sp);
	H5Sclose(sp); H5Dclose(d);
	if (rank != 2) return 0;
	char sib[1024];
	size_t parent = n - 5;
	if (parent + 16 >= sizeof sib) return 0;
	memcpy(sib, name, parent);
	strcpy(sib + parent, "/starting_time");
	int ok = H5Lexists(g, sib, H5P_DEFAULT) > 0;
	strcpy(sib + parent, "/timestamps");
	ok = ok || H5Lexists(g, sib, H5P_DEFAULT) > 0;
	if (!ok || out->len + parent + 2 >= out->cap) return 0;
	memcpy(out->buf + out->len, name, parent);
	out->len += parent;
	out->buf[out->len++] = '\n';
	out->buf[out->len] = 0;
	return 0;
}
static void nl_list_series(hid_t f, char *buf, size_t cap) {
	nl_names out = {buf, cap, 0};
	buf[0] = 0;
	H5Lvisit(f, H5_INDEX_NAME, H5_ITER_INC, nl_series_cb, &out);
}
// nl_write_series creates a minimal NWB-shaped file (for tests): groups
// along series, series/data (rows × cols doubles) and series/starting_time
// with a "rate" attribute.
static int nl_write_series(const char *path, const char *series, const double *data, hsize_t rows, hsize_t cols, double rate) {
	hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	if (f < 0) return -1;
	hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
	H5Pset_create_intermediate_group(lcpl, 1);
	hid_t g = H5Gcreate2(f, series, lcpl, H5P_DEFAULT, H5P_DEFAULT);
	hsize_t dims[2] = {rows, cols};
	hid_t s = H5Screate_simple(2, dims, NULL);
	hid_t d = H5Dcreate2(g, "data", H5T_IEEE_F32LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
	H5Dclose(d); H5Sclose(s);
	hid_t s0 = H5Screate(H5S_SCALAR);
	hid_t st = H5Dcreate2(g, "starting_time", H5T_IEEE_F64LE, s0, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	double zero = 0;
	H5Dwrite(st, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero);
	hid_t a = H5Acreate2(st, "rate", H5T_IEEE_F64LE, s0, H5P_DEFAULT, H5P_DEFAULT);
	H5Awrite(a, H5T_NATIVE_DOUBLE, &rate);
	H5Aclose(a); H5Dclose(st); H5Sclose(s0);
	H5Gclose(g); H5Pclose(lcpl);
	return H5Fclose(f) < 0 ? -1 : 0;
}
*/
import "C"

import (
	"math"
	"strings"
	"unsafe"

	"neurolab/experiment"
)

// Available reports whether this binary can read NWB files.
const Available = true

// MaxValues bounds the size of a series this reader loads (10^9 values).
const MaxValues = 1 << 30

// ReadSeries reads the RoiResponseSeries at path series (for example
// "processing/ophys/Fluorescence/RoiResponseSeries") from the NWB file.
// Non-finite values are input errors.
func ReadSeries(path, series string) (*Series, error) {
	return ReadSeriesWith(path, series, ReadOptions{})
}

// ReadSeriesWith is ReadSeries with options (NaN values kept with
// AllowNaN).
func ReadSeriesWith(path, series string, o ReadOptions) (*Series, error) {
	series = "/" + strings.Trim(series, "/")
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	f := C.nl_open(cpath)
	if f < 0 {
		return nil, experiment.Inputf("%s: cannot open as HDF5/NWB", path)
	}
	defer C.H5Fclose(f)
	dataName := series + "/data"
	cdata := C.CString(dataName)
	defer C.free(unsafe.Pointer(cdata))
	if C.nl_exists(f, cdata) == 0 {
		return nil, experiment.Inputf("%s: no dataset %s (is --series the path of a RoiResponseSeries?)%s", path, dataName, seriesHint(f))
	}
	var dims [2]C.hsize_t
	rank := int(C.nl_dims(f, cdata, &dims[0]))
	if rank < 1 || rank > 2 {
		return nil, experiment.Inputf("%s: %s has rank %d, want 1 or 2 (frames × ROIs)", path, dataName, rank)
	}
	frames, rois := int(dims[0]), 1
	if rank == 2 {
		rois = int(dims[1])
	}
	if frames == 0 || rois == 0 || frames*rois > MaxValues {
		return nil, experiment.Inputf("%s: %s has %d×%d values (empty or too large)", path, dataName, frames, rois)
	}
	buf := make([]float64, frames*rois)
	if C.nl_read(f, cdata, (*C.double)(unsafe.Pointer(&buf[0]))) != 0 {
		return nil, experiment.Inputf("%s: cannot read %s as numbers", path, dataName)
	}
	s := &Series{ROIs: rois, Frame: frames, Data: make([][]float64, rois)}
	for r := 0; r < rois; r++ {
		s.Data[r] = make([]float64, frames)
		for t := 0; t < frames; t++ {
			v := buf[t*rois+r]
			if math.IsInf(v, 0) || math.IsNaN(v) && !o.AllowNaN {
				return nil, experiment.Inputf("%s: %s has a non-finite value at frame %d, ROI %d", path, dataName, t, r)
			}
			s.Data[r][t] = v
		}
	}
	stName := C.CString(series + "/starting_time")
	defer C.free(unsafe.Pointer(stName))
	rateName := C.CString("rate")
	defer C.free(unsafe.Pointer(rateName))
	var rate C.double
	if C.nl_exists(f, stName) != 0 && C.nl_attr(f, stName, rateName, &rate) == 0 && rate > 0 {
		s.Rate = float64(rate)
		return s, nil
	}
	tsName := C.CString(series + "/timestamps")
	defer C.free(unsafe.Pointer(tsName))
	if C.nl_exists(f, tsName) != 0 {
		var td [2]C.hsize_t
		if C.nl_dims(f, tsName, &td[0]) == 1 && int(td[0]) == frames && frames > 1 {
			ts := make([]float64, frames)
			if C.nl_read(f, tsName, (*C.double)(unsafe.Pointer(&ts[0]))) == 0 && ts[frames-1] > ts[0] {
				s.Rate = float64(frames-1) / (ts[frames-1] - ts[0])
				return s, nil
			}
		}
	}
	return nil, experiment.Inputf("%s: %s has neither starting_time with a rate attribute nor usable timestamps", path, series)
}

// seriesHint lists the file's 2-D time series (groups holding data and
// starting_time or timestamps), for the error of a wrong --series.
func seriesHint(f C.hid_t) string {
	buf := make([]byte, 4096)
	C.nl_list_series(f, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)))
	names := strings.Fields(C.GoString((*C.char)(unsafe.Pointer(&buf[0]))))
	if len(names) == 0 {
		return "; the file holds no 2-D time series"
	}
	if len(names) > 8 {
		names = append(names[:8], "…")
	}
	return "; its 2-D time series: " + strings.Join(names, ", ")
}

// writeSeries writes a minimal NWB-shaped HDF5 file holding data (frames ×
// ROIs) at series with the given rate; used by the tests.
func writeSeries(path, series string, data [][]float64, rate float64) error {
	rows, cols := len(data), len(data[0])
	flat := make([]float64, 0, rows*cols)
	for _, r := range data {
		flat = append(flat, r...)
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	cs := C.CString("/" + strings.Trim(series, "/"))
	defer C.free(unsafe.Pointer(cs))
	if C.nl_write_series(cpath, cs, (*C.double)(unsafe.Pointer(&flat[0])), C.hsize_t(rows), C.hsize_t(cols), C.double(rate)) != 0 {
		return experiment.Inputf("%s: cannot write test file", path)
	}
	return nil
}
