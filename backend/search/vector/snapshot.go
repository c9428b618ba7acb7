package vector

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

const snapshotVersion = 1

// ErrSnapshot says a snapshot cannot be used: damaged, or from another
// version.
var ErrSnapshot = errors.New("vector snapshot unusable")

// WriteTo writes the vectors as little-endian float32s after a header.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	header := []uint64{snapshotVersion, uint64(len(ix.model)), uint64(ix.dim), uint64(len(ix.vectors))}
	for _, v := range header {
		binary.Write(bw, binary.LittleEndian, v)
	}
	bw.WriteString(ix.model)
	row := make([]byte, 8+4*ix.dim)
	n := int64(8*len(header) + len(ix.model))
	for id, vec := range ix.vectors {
		binary.LittleEndian.PutUint64(row, uint64(id))
		for i, x := range vec {
			binary.LittleEndian.PutUint32(row[8+4*i:], math.Float32bits(x))
		}
		bw.Write(row)
		n += int64(len(row))
	}
	return n, bw.Flush()
}

// ReadIndex reads an index written by WriteTo.
func ReadIndex(r io.Reader) (*Index, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var header [4]uint64
	if err := binary.Read(br, binary.LittleEndian, &header); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	version, nameLen, dim, count := header[0], header[1], header[2], header[3]
	if version != snapshotVersion || nameLen > 1024 || dim > 1<<16 || count > 1<<32 {
		return nil, fmt.Errorf("%w: header %v", ErrSnapshot, header)
	}
	name := make([]byte, nameLen)
	if _, err := io.ReadFull(br, name); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	b := NewBuilder(string(name))
	row := make([]byte, 8+4*dim)
	// One allocation for all vectors keeps the heap compact.
	slab := make([]float32, 0, min(count, 1<<20)*dim)
	for i := uint64(0); i < count; i++ {
		if _, err := io.ReadFull(br, row); err != nil {
			return nil, fmt.Errorf("%w: vector %d of %d: %v", ErrSnapshot, i, count, err)
		}
		if len(slab)+int(dim) > cap(slab) {
			slab = make([]float32, 0, min(count-i, 1<<20)*dim)
		}
		start := len(slab)
		for j := uint64(0); j < dim; j++ {
			slab = append(slab, math.Float32frombits(binary.LittleEndian.Uint32(row[8+4*j:])))
		}
		if err := b.Add(int64(binary.LittleEndian.Uint64(row)), slab[start:len(slab):len(slab)]); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSnapshot, err)
		}
	}
	return b.Build(), nil
}
