package vector

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unsafe"
)

const snapshotVersion = 2

// ErrSnapshot says a snapshot cannot be used: damaged, or from another
// version.
var ErrSnapshot = errors.New("vector snapshot unusable")

// blockRows is how many vectors a snapshot block holds: its chunk ids,
// then its vectors as contiguous little-endian float32s, which a
// little-endian machine reads straight into memory without decoding.
const blockRows = 4096

// WriteTo writes a header, then the vectors block by block.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: bufio.NewWriterSize(w, 1<<20)}
	for _, v := range []uint64{snapshotVersion, uint64(len(ix.model)), uint64(ix.dim), uint64(len(ix.vectors))} {
		binary.Write(cw, binary.LittleEndian, v)
	}
	io.WriteString(cw, ix.model)
	ids := make([]int64, 0, blockRows)
	flush := func() {
		binary.Write(cw, binary.LittleEndian, ids)
		for _, id := range ids {
			binary.Write(cw, binary.LittleEndian, ix.vectors[id])
		}
		ids = ids[:0]
	}
	for id := range ix.vectors {
		if ids = append(ids, id); len(ids) == blockRows {
			flush()
		}
	}
	flush()
	if cw.err != nil {
		return cw.n, cw.err
	}
	return cw.n, cw.w.(*bufio.Writer).Flush()
}

type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// littleEndian is true on the machines Zhiku runs on (amd64, arm64); the
// decoding path keeps others correct.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// ReadIndex reads an index written by WriteTo.
func ReadIndex(r io.Reader) (*Index, error) {
	fail := func(format string, args ...any) (*Index, error) {
		return nil, fmt.Errorf("%w: %s", ErrSnapshot, fmt.Sprintf(format, args...))
	}
	var header [4]uint64
	if err := binary.Read(r, binary.LittleEndian, &header); err != nil {
		return fail("%v", err)
	}
	version, nameLen, dim, count := header[0], header[1], header[2], header[3]
	if version != snapshotVersion || nameLen > 1024 || dim == 0 && count > 0 || dim > 1<<16 || count > 1<<32 {
		return fail("header %v", header)
	}
	name := make([]byte, nameLen)
	if _, err := io.ReadFull(r, name); err != nil {
		return fail("%v", err)
	}
	ix := New(string(name))
	idBytes := make([]byte, 8*blockRows)
	for done := uint64(0); done < count; {
		rows := int(min(count-done, blockRows))
		if _, err := io.ReadFull(r, idBytes[:8*rows]); err != nil {
			return fail("ids of vectors %d to %d of %d: %v", done, done+uint64(rows), count, err)
		}
		// One slab per block keeps the heap compact; vectors are slices of it.
		slab := make([]float32, rows*int(dim))
		if err := readFloats(r, slab); err != nil {
			return fail("vectors %d to %d of %d: %v", done, done+uint64(rows), count, err)
		}
		for i := range rows {
			v := slab[i*int(dim) : (i+1)*int(dim) : (i+1)*int(dim)]
			if err := ix.add(int64(binary.LittleEndian.Uint64(idBytes[8*i:])), v, true); err != nil {
				return fail("%v", err)
			}
		}
		done += uint64(rows)
	}
	return ix, nil
}

func readFloats(r io.Reader, into []float32) error {
	if len(into) == 0 {
		return nil
	}
	if littleEndian {
		_, err := io.ReadFull(r, unsafe.Slice((*byte)(unsafe.Pointer(&into[0])), 4*len(into)))
		return err
	}
	raw := make([]byte, 4*len(into))
	if _, err := io.ReadFull(r, raw); err != nil {
		return err
	}
	for i := range into {
		into[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return nil
}
