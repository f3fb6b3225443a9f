"""Exchange format shared with the Go runner (bench/io.go): a directory of
raw little-endian float64 arrays NAME.f64 (row major) plus meta.json holding
the scalar parameters and every array's shape; each side writes its kernel
time to OUT/timing.json."""
import json
import os
import sys
import time


def args():
    """Returns (workload, input dir, output dir) from the command line."""
    if len(sys.argv) != 4:
        sys.exit("usage: %s WORKLOAD IN OUT" % sys.argv[0])
    return sys.argv[1], sys.argv[2], sys.argv[3]


def meta(d):
    with open(os.path.join(d, "meta.json")) as f:
        return json.load(f)


def read(np, d, m, name):
    a = np.fromfile(os.path.join(d, name + ".f64"), dtype="<f8")
    return a.reshape(m["shapes"][name])


def write(np, d, name, a):
    np.ascontiguousarray(a, dtype="<f8").tofile(os.path.join(d, name + ".f64"))


def timing(d, seconds):
    with open(os.path.join(d, "timing.json"), "w") as f:
        json.dump({"seconds": seconds}, f)


now = time.perf_counter
