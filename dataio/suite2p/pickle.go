package suite2p

import (
	"bytes"
	"fmt"
)

// Limits of checkPickle. gopickle allocates what a length field says before
// reading, and decodes integers in time quadratic in their length, so a few
// corrupt bytes could ask for terabytes or hours; an ops dict needs neither.
const (
	// maxIntWork bounds the sum of the squared lengths (bytes or digits)
	// of the pickle's long integers: 2^20 allows a thousand 32-digit
	// integers, or one of 1024 digits (an ops dict has none beyond 64 bits).
	maxIntWork = 1 << 20
	// maxOps bounds the number of pickle opcodes (a Suite2p ops dict has
	// a few thousand).
	maxOps = 1 << 22
)

// pickleArg is how the argument of a pickle opcode is encoded.
type pickleArg uint8

const (
	argNone    pickleArg = iota
	argFixed             // fixed-size argument of n bytes
	argLen1              // 1-byte length, then that many bytes
	argLen4              // 4-byte little-endian length, then that many bytes
	argLen8              // 8-byte little-endian length, then that many bytes
	argLine              // text up to a newline
	argLines2            // two newline-terminated lines
	argIntLine           // a decimal integer up to a newline
	argLong1             // LONG1: 1-byte length, then the integer's bytes
	argLong4             // LONG4: 4-byte length, then the integer's bytes
	argFrame             // FRAME: 8-byte length of the frame that follows
)

type opInfo struct {
	arg  pickleArg
	size int // for argFixed
}

// pickleOps lists the opcodes of pickle protocols 0 to 5 (Python's
// pickletools) and the encoding of their arguments.
var pickleOps = map[byte]opInfo{
	'(': {}, '.': {}, '0': {}, '1': {}, '2': {}, 'N': {}, 'Q': {}, 'R': {}, 'a': {}, 'b': {}, 'd': {},
	'}': {}, 'e': {}, 'l': {}, ']': {}, 'o': {}, 's': {}, 't': {}, ')': {}, 'u': {},
	0x81: {}, 0x85: {}, 0x86: {}, 0x87: {}, 0x88: {}, 0x89: {}, 0x8f: {}, 0x90: {}, 0x91: {}, 0x92: {},
	0x93: {}, 0x94: {}, 0x97: {}, 0x98: {},
	'F': {arg: argLine}, 'S': {arg: argLine}, 'V': {arg: argLine}, 'P': {arg: argLine},
	'I': {arg: argIntLine}, 'L': {arg: argIntLine}, 'g': {arg: argIntLine}, 'p': {arg: argIntLine},
	'c': {arg: argLines2}, 'i': {arg: argLines2},
	'J': {argFixed, 4}, 'K': {argFixed, 1}, 'M': {argFixed, 2}, 'h': {argFixed, 1}, 'j': {argFixed, 4},
	'q': {argFixed, 1}, 'r': {argFixed, 4}, 'G': {argFixed, 8}, 0x80: {argFixed, 1}, 0x82: {argFixed, 1},
	0x83: {argFixed, 2}, 0x84: {argFixed, 4},
	'U': {arg: argLen1}, 'C': {arg: argLen1}, 0x8c: {arg: argLen1},
	'T': {arg: argLen4}, 'X': {arg: argLen4}, 'B': {arg: argLen4},
	0x8d: {arg: argLen8}, 0x8e: {arg: argLen8}, 0x96: {arg: argLen8},
	0x8a: {arg: argLong1}, 0x8b: {arg: argLong4},
	0x95: {arg: argFrame},
}

// checkPickle walks the opcodes of the pickle p up to its STOP and returns
// an error if one is unknown, an argument runs past the end of p, a length
// field claims more bytes than p has left, or the integers or opcodes
// exceed the limits above. A pickle that passes can be handed to gopickle
// without an allocation larger than p or a quadratic blow-up.
func checkPickle(p []byte) error {
	work := 0
	for i, ops := 0, 0; ; ops++ {
		if i >= len(p) {
			return fmt.Errorf("pickle ends without its STOP opcode")
		}
		if ops >= maxOps {
			return fmt.Errorf("more than %d pickle opcodes", maxOps)
		}
		at, op := i, p[i]
		info, ok := pickleOps[op]
		if !ok {
			return fmt.Errorf("unknown pickle opcode 0x%02x at byte %d", op, at)
		}
		i++
		left := len(p) - i
		short := fmt.Errorf("pickle opcode 0x%02x at byte %d: truncated argument", op, at)
		// length reads an n-byte little-endian length at p[i:] and
		// checks that that many bytes follow it.
		length := func(n int) (int, error) {
			if left < n {
				return 0, short
			}
			var v uint64
			for k := n - 1; k >= 0; k-- {
				v = v<<8 | uint64(p[i+k])
			}
			if n == 4 && op != 'X' && op != 'B' { // signed lengths (BINSTRING, LONG4)
				v = uint64(int64(int32(uint32(v))))
			}
			if v > uint64(left-n) {
				return 0, fmt.Errorf("pickle opcode 0x%02x at byte %d: length %d, but only %d bytes follow", op, at, int64(v), left-n)
			}
			return int(v), nil
		}
		switch info.arg {
		case argNone:
			if op == '.' {
				return nil
			}
		case argFixed:
			if left < info.size {
				return short
			}
			i += info.size
		case argLen1, argLen4, argLen8, argLong1, argLong4:
			w := map[pickleArg]int{argLen1: 1, argLong1: 1, argLen4: 4, argLong4: 4, argLen8: 8}[info.arg]
			n, err := length(w)
			if err != nil {
				return err
			}
			if info.arg == argLong1 || info.arg == argLong4 {
				if work += n * n; work > maxIntWork {
					return fmt.Errorf("pickle opcode 0x%02x at byte %d: integers too long", op, at)
				}
			}
			i += w + n
		case argFrame:
			if _, err := length(8); err != nil {
				return err
			}
			i += 8 // the frame's contents are the opcodes that follow
		case argLine, argIntLine, argLines2:
			lines := 1
			if info.arg == argLines2 {
				lines = 2
			}
			for range lines {
				nl := bytes.IndexByte(p[i:], '\n')
				if nl < 0 {
					return short
				}
				if info.arg == argIntLine {
					if work += nl * nl; work > maxIntWork {
						return fmt.Errorf("pickle opcode 0x%02x at byte %d: integers too long", op, at)
					}
				}
				i += nl + 1
			}
		}
	}
}
