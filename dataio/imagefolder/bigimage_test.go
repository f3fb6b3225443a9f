package imagefolder

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
)

// pngClaiming is a 65-byte PNG whose header claims w × h RGBA pixels.
func pngClaiming(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
		return b.Bytes()
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, chunk("IHDR", ihdr)...)
	b = append(b, chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(b, chunk("IEND", nil)...)
}

// An image whose header claims 60000 × 60000 pixels is an input error from
// Check and from Load (which decoded it, allocating 14 GB, unless Check ran
// first).
func TestHugeImageHeader(t *testing.T) {
	root := tree(t)
	write(t, filepath.Join(root, "b", "3.png"), pngClaiming(60000, 60000))
	src, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	want := "3.png: 60000×60000 pixels, more than the 67108864 (8192×8192) this reads"
	if err := src.Check(Options{Size: 3}); !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), want) {
		t.Errorf("Check: got %v, want an input error containing %q", err, want)
	}
	if _, err := src.Load(context.Background(), Options{Size: 3, Workers: 1}); !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), want) {
		t.Errorf("Load: got %v, want an input error containing %q", err, want)
	}
}
