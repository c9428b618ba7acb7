package keyword

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// snapshotVersion changes whenever the encoding or the analysis changes, so
// an old snapshot is rebuilt rather than misread.
const snapshotVersion = 4

// ErrSnapshot says a snapshot cannot be used: damaged, or from another
// version.
var ErrSnapshot = errors.New("keyword index snapshot unusable")

// WriteTo encodes the index compactly, postings as delta-coded varints,
// in one block after its length, so reading it back is one read and a
// decode from memory.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	var block []byte
	put := func(v uint64) { block = binary.AppendUvarint(block, v) }
	put(snapshotVersion)
	put(uint64(len(ix.chunkIDs)))
	prev := int64(0)
	for i, id := range ix.chunkIDs {
		put(zigzag(id - prev))
		prev = id
		put(uint64(ix.files[i]))
		put(uint64(ix.lengths[i]))
	}
	put(uint64(ix.Removed()))
	for doc := range ix.chunkIDs {
		if ix.isRemoved(uint32(doc)) {
			put(uint64(doc))
		}
	}
	put(uint64(len(ix.postings)))
	total := 0
	for _, list := range ix.postings {
		total += len(list)
	}
	put(uint64(total))
	names := make([]string, len(ix.postings))
	for term, id := range ix.terms {
		names[id] = term
	}
	for id, list := range ix.postings {
		put(uint64(len(names[id])))
		block = append(block, names[id]...)
		put(uint64(len(list)))
		last := uint32(0)
		for _, p := range list {
			put(uint64(p.doc - last))
			last = p.doc
			put(uint64(p.freq))
		}
	}
	// The heading field's docs, for the terms that have any.
	withHeadings := 0
	for _, list := range ix.headings {
		if len(list) > 0 {
			withHeadings++
		}
	}
	put(uint64(withHeadings))
	for id, list := range ix.headings {
		if len(list) == 0 {
			continue
		}
		put(uint64(id))
		put(uint64(len(list)))
		last := uint32(0)
		for _, doc := range list {
			put(uint64(doc - last))
			last = doc
		}
	}
	head := binary.AppendUvarint(nil, uint64(len(block)))
	n, err := w.Write(head)
	if err != nil {
		return int64(n), err
	}
	m, err := w.Write(block)
	return int64(n + m), err
}

// decoder reads varints from a block, remembering the first problem, so
// damage is an error, never a panic.
type decoder struct {
	data []byte
	err  error
}

func (d *decoder) next(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = errors.New("truncated")
		return 0
	}
	d.data = d.data[n:]
	if v > limit {
		d.err = fmt.Errorf("value %d over %d", v, limit)
		return 0
	}
	return v
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.data)) {
		d.err = errors.New("truncated")
		return nil
	}
	b := d.data[:n]
	d.data = d.data[n:]
	return b
}

// Reader is what ReadIndex reads from: a bufio.Reader or a bytes.Reader.
type Reader interface {
	io.Reader
	io.ByteReader
}

// ReadIndex decodes an index written by WriteTo, checking every count and
// reference against what came before; limit is how many bytes r can hold
// at most, so a damaged length cannot make it allocate more.
func ReadIndex(r Reader, limit int64) (*Index, error) {
	fail := func(err error) (*Index, error) { return nil, fmt.Errorf("%w: %v", ErrSnapshot, err) }
	size, err := binary.ReadUvarint(r)
	if err != nil {
		return fail(err)
	}
	if size > uint64(limit) {
		return fail(fmt.Errorf("%d bytes in %d", size, limit))
	}
	block := make([]byte, size)
	if _, err := io.ReadFull(r, block); err != nil {
		return fail(err)
	}
	d := &decoder{data: block}
	if v := d.next(math.MaxUint32); d.err == nil && v != snapshotVersion {
		return fail(fmt.Errorf("version %d", v))
	}
	docs := d.next(uint64(len(block)))
	ix := New()
	ix.chunkIDs = make([]int64, 0, docs)
	ix.files = make([]uint32, 0, docs)
	ix.lengths = make([]uint32, 0, docs)
	prev := int64(0)
	for i := uint64(0); i < docs && d.err == nil; i++ {
		prev += unzigzag(d.next(math.MaxUint64))
		ix.chunkIDs = append(ix.chunkIDs, prev)
		ix.files = append(ix.files, uint32(d.next(math.MaxUint32)))
		ix.lengths = append(ix.lengths, uint32(d.next(math.MaxUint32)))
	}
	if removed := d.next(docs); removed > 0 {
		ix.removed = make([]bool, docs)
		for range removed {
			if doc := d.next(docs - 1); d.err == nil {
				ix.removed[doc] = true
			}
		}
	}
	for doc, id := range ix.chunkIDs {
		if !ix.isRemoved(uint32(doc)) {
			if _, dup := ix.docOf[id]; dup && d.err == nil {
				d.err = fmt.Errorf("chunk %d is listed twice", id)
			}
			ix.docOf[id] = uint32(doc)
			ix.live++
			ix.liveLen += uint64(ix.lengths[doc])
		}
	}
	terms := d.next(uint64(len(block)))
	ix.postings = make([][]posting, 0, terms)
	// Every list is a slice of one array: one allocation, not one per
	// term, for the collector to trace.
	slab := make([]posting, 0, d.next(uint64(len(block))))
	for id := uint64(0); id < terms && d.err == nil; id++ {
		name := string(d.bytes(d.next(1 << 16)))
		count := d.next(docs)
		if uint64(cap(slab)-len(slab)) < count && d.err == nil {
			d.err = errors.New("more postings than announced")
		}
		from := len(slab)
		doc := uint64(0)
		for j := uint64(0); j < count && d.err == nil; j++ {
			doc += d.next(docs)
			if doc >= docs {
				d.err = fmt.Errorf("posting for document %d of %d", doc, docs)
			}
			slab = append(slab, posting{doc: uint32(doc), freq: uint32(d.next(math.MaxUint32))})
		}
		list := slab[from:len(slab):len(slab)]
		if _, dup := ix.terms[name]; dup && d.err == nil {
			d.err = fmt.Errorf("the term %q is listed twice", name)
		}
		ix.terms[name] = uint32(id)
		ix.postings = append(ix.postings, list)
	}
	withHeadings := d.next(terms)
	if withHeadings > 0 {
		ix.headings = make([][]uint32, terms)
	}
	prevTerm := -1
	for range withHeadings {
		id := d.next(terms - 1)
		if d.err == nil && int(id) <= prevTerm {
			d.err = fmt.Errorf("heading terms out of order at %d", id)
		}
		prevTerm = int(id)
		count := d.next(docs)
		list := make([]uint32, 0, min(count, uint64(len(d.data))))
		doc := uint64(0)
		for j := uint64(0); j < count && d.err == nil; j++ {
			step := d.next(docs)
			if j > 0 && step == 0 && d.err == nil {
				d.err = fmt.Errorf("heading doc %d listed twice", doc)
			}
			if doc += step; doc >= docs && d.err == nil {
				d.err = fmt.Errorf("heading of document %d of %d", doc, docs)
			}
			list = append(list, uint32(doc))
		}
		if d.err != nil {
			break
		}
		ix.headings[id] = list
	}
	if d.err == nil && len(d.data) != 0 {
		d.err = fmt.Errorf("%d bytes left over", len(d.data))
	}
	if d.err != nil {
		return fail(d.err)
	}
	return ix, nil
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
