package scholl2021

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"neurolab/internal/num"
	"neurolab/model/boltzmann"
)

// TestSampleJointChunked checks that sampling in chunks (for cancellation)
// draws exactly the samples of one SampleJoint call, and that a cancelled
// context stops it.
func TestSampleJointChunked(t *testing.T) {
	m := boltzmann.New(6, 4, 0.5, make([]float64, 6), -1, num.Stream(1, 2))
	chains := 2*sampleChunk + 7
	want := m.SampleJoint(chains, 3, num.Stream(1, 3))
	got, err := sampleJoint(context.Background(), m, chains, 3, num.Stream(1, 3))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("chunked samples differ from one SampleJoint call")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sampleJoint(ctx, m, chains, 3, num.Stream(1, 3)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled sampleJoint returned %v", err)
	}
}
