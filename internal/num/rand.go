package num

import "math/rand/v2"

// splitmix64 is the finaliser of Steele, Lea & Flood (2014), "Fast splittable
// pseudorandom number generators", used to decorrelate stream identifiers.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Stream returns a PCG generator for the stream identified by (seed, ids...).
// Distinct id paths give statistically independent streams, so a simulation
// that draws trial i from Stream(seed, tag, i) gives the same result whatever
// order or goroutine runs the trials in.
func Stream(seed uint64, ids ...uint64) *rand.Rand {
	h := splitmix64(seed)
	for _, id := range ids {
		h = splitmix64(h ^ splitmix64(id+0x632be59bd9b4e019))
	}
	return rand.New(rand.NewPCG(splitmix64(h^0xa0761d6478bd642f), h))
}
