package cluster_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/cluster"
	"neurolab/analysis/stats"
)

// blobs draws n points around each of the given 2-D centres (SD 0.5) and
// returns them as rows of a matrix, with the index of each point's centre.
func blobs(rng *rand.Rand, centres [][2]float64, n int) (*mat.Dense, []int) {
	X := mat.NewDense(n*len(centres), 2, nil)
	truth := make([]int, n*len(centres))
	for c, m := range centres {
		for i := 0; i < n; i++ {
			r := c*n + i
			X.Set(r, 0, m[0]+0.5*rng.NormFloat64())
			X.Set(r, 1, m[1]+0.5*rng.NormFloat64())
			truth[r] = c
		}
	}
	return X, truth
}

// Example clusters points drawn around three planted centres with k-means
// (Lloyd's iterations from k-means++ seeds, best of 10 starts), the
// clustering Low et al. (Neuron 2021) apply to trials: the labels match the
// planted groups and every centroid lies near a planted centre.
func Example() {
	centres := [][2]float64{{0, 0}, {5, 0}, {0, 5}}
	X, truth := blobs(rand.New(rand.NewPCG(1, 2)), centres, 30)

	res, err := cluster.KMeans(context.Background(), X, 3, cluster.KMeansOptions{Restarts: 10, Seed: 1})
	if err != nil {
		panic(err)
	}
	near := 0
	for k := 0; k < 3; k++ {
		for _, m := range centres {
			if math.Hypot(res.Centroids.At(k, 0)-m[0], res.Centroids.At(k, 1)-m[1]) < 0.3 {
				near++
			}
		}
	}
	fmt.Println("labels match the planted groups (ARI = 1):", stats.AdjustedRand(res.Labels, truth) == 1)
	fmt.Println("centroids within 0.3 of a planted centre:", near)
	// Output:
	// labels match the planted groups (ARI = 1): true
	// centroids within 0.3 of a planted centre: 3
}

// ExampleAverageLinkage builds the UPGMA tree of five points on a line
// (positions 0, 1, 5, 6, 20) and cuts it into two and three clusters. Items
// are 0..4; the cluster made at merge s has id 5+s.
func ExampleAverageLinkage() {
	pos := []float64{0, 1, 5, 6, 20}
	n := len(pos)
	d := make([]float64, n*n)
	for i := range pos {
		for j := range pos {
			d[i*n+j] = math.Abs(pos[i] - pos[j])
		}
	}
	merges := cluster.AverageLinkage(d, n)
	for _, m := range merges {
		fmt.Printf("join %d and %d at %g\n", m.A, m.B, m.Height)
	}
	fmt.Println(cluster.Cut(merges, n, 2))
	fmt.Println(cluster.Cut(merges, n, 3))
	// Output:
	// join 0 and 1 at 1
	// join 2 and 3 at 1
	// join 5 and 6 at 5
	// join 7 and 4 at 17
	// [0 0 0 0 1]
	// [0 0 1 1 2]
}

// ExampleChooseK picks the number of clusters by the mean silhouette
// (Rousseeuw 1987) of average-linkage cuts for k = 2..5: two and three
// planted groups give K = 2 and K = 3. The choice falls back to K = 1 when
// the best silhouette is below minSil (here 0.25) or accept rejects the
// labels; note that a split of a single round Gaussian cloud can still reach
// a silhouette near 0.4, so minSil alone is a weak test of "no clusters".
func ExampleChooseK() {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, centres := range [][][2]float64{
		{{0, 0}, {5, 0}},         // two groups
		{{0, 0}, {5, 0}, {0, 5}}, // three groups
	} {
		X, _ := blobs(rng, centres, 30)
		n, _ := X.Dims()
		d := make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				d[i*n+j] = math.Hypot(X.At(i, 0)-X.At(j, 0), X.At(i, 1)-X.At(j, 1))
			}
		}
		ch := cluster.ChooseK(d, n, 5, 0.25, nil)
		fmt.Printf("%d planted groups: K = %d\n", len(centres), ch.K)
	}
	// Output:
	// 2 planted groups: K = 2
	// 3 planted groups: K = 3
}
