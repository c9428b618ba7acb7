package keyword

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// snapshotVersion changes whenever the encoding or the analysis changes, so
// an old snapshot is rebuilt rather than misread.
const snapshotVersion = 1

// ErrSnapshot says a snapshot cannot be used: damaged, or from another
// version.
var ErrSnapshot = errors.New("keyword index snapshot unusable")

// WriteTo encodes the index compactly: postings are delta-coded varints.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var buf [binary.MaxVarintLen64]byte
	var n int64
	put := func(v uint64) {
		k := binary.PutUvarint(buf[:], v)
		bw.Write(buf[:k])
		n += int64(k)
	}
	put(snapshotVersion)
	put(uint64(len(ix.chunkIDs)))
	prev := int64(0)
	for i, id := range ix.chunkIDs {
		put(zigzag(id - prev))
		prev = id
		put(uint64(ix.files[i]))
		put(uint64(ix.lengths[i]))
	}
	put(math.Float64bits(ix.avgLen))
	put(uint64(len(ix.postings)))
	names := make([]string, len(ix.postings))
	for term, id := range ix.terms {
		names[id] = term
	}
	for id, list := range ix.postings {
		put(uint64(len(names[id])))
		bw.WriteString(names[id])
		n += int64(len(names[id]))
		put(uint64(len(list)))
		last := uint32(0)
		for _, p := range list {
			put(uint64(p.doc - last))
			last = p.doc
			put(uint64(p.freq))
		}
	}
	return n, bw.Flush()
}

// ReadIndex decodes an index written by WriteTo, checking every count and
// reference against what came before, so damage is an error, not a panic.
func ReadIndex(r io.Reader) (*Index, error) {
	br := bufio.NewReader(r)
	var readErr error
	get := func(limit uint64) uint64 {
		if readErr != nil {
			return 0
		}
		v, err := binary.ReadUvarint(br)
		if err != nil {
			readErr = err
			return 0
		}
		if v > limit {
			readErr = fmt.Errorf("value %d over %d", v, limit)
			return 0
		}
		return v
	}
	fail := func(err error) (*Index, error) { return nil, fmt.Errorf("%w: %v", ErrSnapshot, err) }
	if v := get(math.MaxUint32); readErr == nil && v != snapshotVersion {
		return fail(fmt.Errorf("version %d", v))
	}
	docs := get(math.MaxUint32)
	if readErr != nil {
		return fail(readErr)
	}
	ix := &Index{terms: map[string]uint32{}}
	ix.chunkIDs = make([]int64, 0, min(docs, 1<<20))
	prev := int64(0)
	for i := uint64(0); i < docs && readErr == nil; i++ {
		prev += unzigzag(get(math.MaxUint64))
		ix.chunkIDs = append(ix.chunkIDs, prev)
		ix.files = append(ix.files, uint32(get(math.MaxUint32)))
		ix.lengths = append(ix.lengths, uint32(get(math.MaxUint32)))
	}
	ix.avgLen = math.Float64frombits(get(math.MaxUint64))
	if docs > 0 && !(ix.avgLen > 0 && ix.avgLen < math.MaxUint32) && readErr == nil {
		readErr = fmt.Errorf("mean length %v", ix.avgLen)
	}
	terms := get(math.MaxUint32)
	for id := uint64(0); id < terms && readErr == nil; id++ {
		name := make([]byte, get(1<<16))
		if _, err := io.ReadFull(br, name); err != nil && readErr == nil {
			readErr = err
		}
		count := get(docs)
		list := make([]posting, 0, min(count, 1<<16))
		doc := uint64(0)
		for j := uint64(0); j < count && readErr == nil; j++ {
			doc += get(docs)
			if doc >= docs {
				readErr = fmt.Errorf("posting for document %d of %d", doc, docs)
			}
			list = append(list, posting{doc: uint32(doc), freq: uint32(get(math.MaxUint32))})
		}
		ix.terms[string(name)] = uint32(id)
		ix.postings = append(ix.postings, list)
	}
	if readErr != nil {
		return fail(readErr)
	}
	if len(ix.terms) != len(ix.postings) {
		return fail(errors.New("a term is listed twice"))
	}
	return ix, nil
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
