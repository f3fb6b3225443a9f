package suite2p

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/nlpodyssey/gopickle/pickle"
	pytypes "github.com/nlpodyssey/gopickle/types"
)

// decodeOps unpickles the payload of an ops.npy file: numpy.save writes a
// Python dict as a 0-d object array, that is the .npy header followed by a
// pickle of the array. Suite2p's ops dict holds, besides numbers and strings,
// objects no Go unpickler knows (datetime.datetime in date_proc,
// pathlib paths, numpy arrays and scalars): numpy scalars are decoded to
// float64 when their dtype is a plain number, and every other class is read
// as an opaque value, so that one exotic entry cannot hide fs and tau.
func decodeOps(r io.Reader) (v any, err error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxOpsBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxOpsBytes {
		return nil, fmt.Errorf("more than %d bytes", MaxOpsBytes)
	}
	if len(b) < 8 || string(b[:6]) != "\x93NUMPY" {
		return nil, fmt.Errorf("not a .npy file")
	}
	var hlen, off int
	switch b[6] {
	case 1:
		if len(b) < 10 {
			return nil, fmt.Errorf("truncated header")
		}
		hlen, off = int(binary.LittleEndian.Uint16(b[8:10])), 10
	case 2, 3:
		if len(b) < 12 {
			return nil, fmt.Errorf("truncated header")
		}
		hlen, off = int(binary.LittleEndian.Uint32(b[8:12])), 12
	default:
		return nil, fmt.Errorf(".npy version %d.%d is not known", b[6], b[7])
	}
	if hlen > 1<<16 {
		return nil, fmt.Errorf("header of %d bytes", hlen)
	}
	if len(b)-off < hlen {
		return nil, fmt.Errorf("truncated header")
	}
	hdr, payload := b[off:off+hlen], b[off+hlen:]
	if !strings.Contains(strings.ReplaceAll(string(hdr), " ", ""), "'descr':'|O'") {
		return nil, fmt.Errorf("not an object array (header %q)", strings.TrimSpace(string(hdr)))
	}
	if err := checkPickle(payload); err != nil {
		return nil, err
	}
	// checkPickle rules out the allocations and blow-ups; a stack or type
	// mismatch that gopickle does not check is still a corrupt file.
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("corrupt pickle (%v)", p)
		}
	}()
	u := pickle.NewUnpickler(bytes.NewReader(payload))
	u.FindClass = findOpsClass
	return u.Load()
}

// findOpsClass resolves the classes a pickled ops dict refers to.
func findOpsClass(module, name string) (any, error) {
	switch module + "." + name {
	case "numpy.dtype":
		return dtypeClass{}, nil
	case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar":
		return scalarFunc{}, nil
	case "_codecs.encode":
		return codecsEncode{}, nil
	}
	return opaqueClass{module + "." + name}, nil
}

// opaqueClass stands for a Python class or function neurolab does not need:
// calling or instantiating it gives an opaqueValue.
type opaqueClass struct{ name string }

func (c opaqueClass) Call(args ...any) (any, error) {
	return &opaqueValue{Class: c.name, Args: args}, nil
}
func (c opaqueClass) PyNew(args ...any) (any, error) {
	return &opaqueValue{Class: c.name, Args: args}, nil
}

// opaqueValue is an instance of an opaqueClass; it keeps its constructor
// arguments and its state (for numpy object arrays, the state holds the
// array's elements, searched by findDict).
type opaqueValue struct {
	Class string
	Args  []any
	State any
}

func (v *opaqueValue) PySetState(state any) error {
	v.State = state
	return nil
}

// dtypeClass builds numpy.dtype values: dtype('f8', False, True) with the
// byte order in its state tuple (version, order, …).
type dtypeClass struct{}

func (dtypeClass) Call(args ...any) (any, error) {
	d := &dtype{order: '<'}
	if len(args) > 0 {
		d.code, _ = args[0].(string)
	}
	return d, nil
}

type dtype struct {
	code  string // e.g. "f8", "i4", "b1"
	order byte   // '<', '>', '|' or '='
}

func (d *dtype) PySetState(state any) error {
	if t, ok := state.(*pytypes.Tuple); ok && t.Len() > 1 {
		if s, ok := t.Get(1).(string); ok && len(s) == 1 {
			d.order = s[0]
		}
	}
	return nil
}

// codecsEncode is _codecs.encode(text, 'latin1'), with which pickle
// protocol 2 under Python 3 writes bytes (the data of numpy scalars): it
// gives the bytes; other calls stay opaque.
type codecsEncode struct{}

func (codecsEncode) Call(args ...any) (any, error) {
	if len(args) == 2 {
		s, ok1 := args[0].(string)
		enc, ok2 := args[1].(string)
		if ok1 && ok2 && (enc == "latin1" || enc == "latin-1") {
			raw := make([]byte, 0, len(s))
			for _, r := range s {
				if r > 0xff {
					return &opaqueValue{Class: "_codecs.encode", Args: args}, nil
				}
				raw = append(raw, byte(r))
			}
			return raw, nil
		}
	}
	return &opaqueValue{Class: "_codecs.encode", Args: args}, nil
}

// scalarFunc decodes numpy.core.multiarray.scalar(dtype, bytes): a numpy
// scalar such as np.float64(30.0). Numbers become float64; anything else
// stays opaque.
type scalarFunc struct{}

func (scalarFunc) Call(args ...any) (any, error) {
	if len(args) != 2 {
		return &opaqueValue{Class: "numpy scalar", Args: args}, nil
	}
	d, ok := args[0].(*dtype)
	var raw []byte
	switch b := args[1].(type) {
	case []byte:
		raw = b
	case string: // protocol 2 pickles bytes as latin-1 text
		raw = make([]byte, 0, len(b))
		for _, r := range b {
			raw = append(raw, byte(r))
		}
	}
	if !ok || raw == nil {
		return &opaqueValue{Class: "numpy scalar", Args: args}, nil
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if d.order == '>' {
		bo = binary.BigEndian
	}
	switch {
	case d.code == "f8" && len(raw) == 8:
		return math.Float64frombits(bo.Uint64(raw)), nil
	case d.code == "f4" && len(raw) == 4:
		return float64(math.Float32frombits(bo.Uint32(raw))), nil
	case d.code == "i8" && len(raw) == 8:
		return float64(int64(bo.Uint64(raw))), nil
	case d.code == "i4" && len(raw) == 4:
		return float64(int32(bo.Uint32(raw))), nil
	case d.code == "u8" && len(raw) == 8:
		return float64(bo.Uint64(raw)), nil
	case d.code == "u4" && len(raw) == 4:
		return float64(bo.Uint32(raw)), nil
	}
	return &opaqueValue{Class: "numpy scalar " + d.code, Args: args}, nil
}

// oneLine is err's message with line breaks escaped, for a one-line error:
// gopickle's messages may quote bytes of the file.
func oneLine(err error) string {
	return strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(err.Error())
}
