package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// averageLinkageRef is the O(n³) AverageLinkage that rescanned every live
// pair for each merge; the cached-nearest-neighbour version must return
// exactly its merges, heights and order.
func averageLinkageRef(d []float64, n int) []Merge {
	if len(d) != n*n {
		panic("cluster: AverageLinkage shape mismatch")
	}
	D := append([]float64(nil), d...)
	id := make([]int, n)
	size := make([]int, n)
	alive := make([]bool, n)
	for i := range id {
		id[i], size[i], alive[i] = i, 1, true
	}
	merges := make([]Merge, 0, max(n-1, 0))
	for s := 0; s < n-1; s++ {
		bi, bj, bd := -1, -1, math.Inf(1)
		for i := 0; i < n; i++ {
			if !alive[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if alive[j] && D[i*n+j] < bd {
					bi, bj, bd = i, j, D[i*n+j]
				}
			}
		}
		if bi < 0 {
			for i := 0; i < n && bj < 0; i++ {
				if alive[i] {
					if bi < 0 {
						bi = i
					} else {
						bj = i
					}
				}
			}
		}
		merges = append(merges, Merge{A: id[bi], B: id[bj], Height: bd})
		si, sj := float64(size[bi]), float64(size[bj])
		for k := 0; k < n; k++ {
			if alive[k] && k != bi && k != bj {
				v := (si*D[bi*n+k] + sj*D[bj*n+k]) / (si + sj)
				if math.IsInf(v, 0) && !math.IsInf(D[bi*n+k], 0) && !math.IsInf(D[bj*n+k], 0) {
					v = si/(si+sj)*D[bi*n+k] + sj/(si+sj)*D[bj*n+k]
				}
				D[bi*n+k], D[k*n+bi] = v, v
			}
		}
		alive[bj] = false
		size[bi] += size[bj]
		id[bi] = n + s
	}
	return merges
}

// sameMerges reports the first step where a and b differ; heights are
// compared bit for bit (NaN, ±0 and ±Inf included).
func sameMerges(a, b []Merge) (int, bool) {
	if len(a) != len(b) {
		return min(len(a), len(b)), false
	}
	for s := range a {
		if a[s].A != b[s].A || a[s].B != b[s].B ||
			math.Float64bits(a[s].Height) != math.Float64bits(b[s].Height) {
			return s, false
		}
	}
	return -1, true
}

// randMatrix draws an n × n matrix of the given kind.
func randMatrix(r *rand.Rand, n int, kind string) []float64 {
	d := make([]float64, n*n)
	val := func() float64 {
		switch kind {
		case "int": // many exact ties
			return float64(r.IntN(4))
		case "int-wide":
			return float64(r.IntN(20))
		case "special": // NaN, ±Inf, ±0 and ties mixed in
			switch r.IntN(8) {
			case 0:
				return math.NaN()
			case 1:
				return math.Inf(1)
			case 2:
				return math.Inf(-1)
			case 3:
				return math.Copysign(0, -1)
			case 4:
				return 0
			default:
				return float64(r.IntN(3))
			}
		case "mostly-nan":
			if r.IntN(5) > 0 {
				return math.NaN()
			}
			return float64(r.IntN(3))
		case "huge": // weighted sums overflow
			return math.MaxFloat64 * (0.5 + 0.5*r.Float64())
		case "neg":
			return r.NormFloat64()
		default:
			return r.Float64()
		}
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := val()
			d[i*n+j], d[j*n+i] = v, v
		}
	}
	return d
}

func TestAverageLinkageMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	kinds := []string{"uniform", "int", "int-wide", "special", "mostly-nan", "huge", "neg", "asym"}
	cases := 0
	for _, kind := range kinds {
		for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 10, 16, 33, 64, 120} {
			reps := 40
			if n >= 64 {
				reps = 5
			}
			for rep := 0; rep < reps; rep++ {
				var d []float64
				if kind == "asym" { // each triangle drawn on its own
					d = make([]float64, n*n)
					for i := range d {
						d[i] = float64(r.IntN(5))
					}
				} else {
					d = randMatrix(r, n, kind)
				}
				if kind == "special" && rep%2 == 1 { // a non-zero diagonal too
					for i := 0; i < n; i++ {
						d[i*n+i] = math.NaN()
					}
				}
				got, want := AverageLinkage(d, n), averageLinkageRef(d, n)
				if s, ok := sameMerges(got, want); !ok {
					t.Fatalf("%s n=%d rep=%d: merges differ from step %d:\ngot  %v\nwant %v", kind, n, rep, s, got, want)
				}
				cases++
			}
		}
	}
	// Clustered points: the realistic case, with duplicated points for ties.
	for rep := 0; rep < 20; rep++ {
		n := 50 + r.IntN(150)
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(r.IntN(4))*10 + math.Round(r.NormFloat64()*4)/4
		}
		d := make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				d[i*n+j] = math.Abs(x[i] - x[j])
			}
		}
		got, want := AverageLinkage(d, n), averageLinkageRef(d, n)
		if s, ok := sameMerges(got, want); !ok {
			t.Fatalf("points n=%d rep=%d: merges differ from step %d", n, rep, s)
		}
		cases++
	}
	for rep := 0; rep < 6; rep++ { // points around a few centres, as trials around maps
		n := 100 + r.IntN(300)
		d := clusteredMatrix(r, n, 1+r.IntN(5), 2+r.IntN(8))
		got, want := AverageLinkage(d, n), averageLinkageRef(d, n)
		if s, ok := sameMerges(got, want); !ok {
			t.Fatalf("clustered n=%d rep=%d: merges differ from step %d", n, rep, s)
		}
		cases++
	}
	t.Logf("%d matrices compared", cases)
}

func TestAverageLinkageShapePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AverageLinkage with len(d) != n*n did not panic")
		}
	}()
	AverageLinkage(make([]float64, 5), 2)
}

// BenchmarkAverageLinkage times the current and the reference
// implementation; run with e.g.
//
//	go test -run '^$' -bench AverageLinkage -benchtime 1x ./analysis/cluster
func BenchmarkAverageLinkage(b *testing.B) {
	for _, n := range []int{500, 2000, 5000} {
		d := randMatrix(rand.New(rand.NewPCG(uint64(n), 2)), n, "uniform")
		b.Run(fmt.Sprintf("new/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				AverageLinkage(d, n)
			}
		})
		dc := clusteredMatrix(rand.New(rand.NewPCG(uint64(n), 3)), n, 4, 10)
		b.Run(fmt.Sprintf("new-clustered/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				AverageLinkage(dc, n)
			}
		})
		b.Run(fmt.Sprintf("ref/n=%d", n), func(b *testing.B) {
			if n > 2000 && testing.Short() {
				b.Skip("reference at n > 2000 is slow")
			}
			for b.Loop() {
				averageLinkageRef(d, n)
			}
		})
	}
}

// clusteredMatrix is the Euclidean distance matrix of n points in dim
// dimensions drawn around k random centres, like trials that fall into a
// few maps.
func clusteredMatrix(r *rand.Rand, n, k, dim int) []float64 {
	centres := make([]float64, k*dim)
	for i := range centres {
		centres[i] = 3 * r.NormFloat64()
	}
	x := make([]float64, n*dim)
	for i := 0; i < n; i++ {
		c := r.IntN(k)
		for a := 0; a < dim; a++ {
			x[i*dim+a] = centres[c*dim+a] + r.NormFloat64()
		}
	}
	d := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for a := 0; a < dim; a++ {
				e := x[i*dim+a] - x[j*dim+a]
				s += e * e
			}
			d[i*n+j] = math.Sqrt(s)
		}
	}
	return d
}
