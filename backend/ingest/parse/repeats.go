package parse

import "math/rand/v2"

// Repeated text is found two ways. Content-defined pieces: a rolling hash
// over the last bytes cuts the text where it takes a chosen value, so the
// same text is cut the same way wherever it starts, unlike fixed-size
// pieces, which a shift of one byte misaligns; a file whose pieces are
// mostly ones already seen repeats itself (a sheet with one long string
// in every cell). And whole sections: text repeated with a short period
// may hold no cut at all, but a file whose pages or chapters are mostly
// copies of each other (a PDF listing one page 200,000 times) repeats
// itself too.
const (
	pieceMinBytes = 256
	pieceMaxBytes = 4 << 10
	pieceCutMask  = 1<<10 - 1 // a cut every 1.25 KiB on average
	// repeatSample pieces (about 320 KiB of text), or sections, are read
	// before judging, and a file is repeated when fewer than one in
	// repeatShare is new.
	repeatSample = 256
	repeatShare  = 10
)

// gear holds one random number per byte value for the rolling hash. The
// seed is fixed so that a file is cut the same way on every run.
var gear = func() (table [256]uint64) {
	r := rand.New(rand.NewPCG(0x7a68696b75, 0x6765617221))
	for i := range table {
		table[i] = r.Uint64()
	}
	return table
}()

// repeats cuts a file's text into pieces as it streams past and counts the
// distinct ones.
type repeats struct {
	roll   uint64 // the rolling hash, over about the last 64 bytes
	piece  uint64 // FNV-1a of the piece so far
	length int
	seen   map[uint64]struct{}
	total  int
	// sections holds the distinct sections' hashes; sectionCount all.
	sections     map[uint64]struct{}
	sectionCount int
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// add feeds one section's text and reports the distinct and total pieces
// (or sections, whichever shows the repetition) so far, and whether the
// text is repeated.
func (r *repeats) add(text string) (distinct, total int, repeated bool) {
	if r.seen == nil {
		r.seen, r.sections, r.piece = map[uint64]struct{}{}, map[uint64]struct{}{}, fnvOffset
	}
	section := uint64(fnvOffset)
	for i := 0; i < len(text); i++ {
		b := text[i]
		section = (section ^ uint64(b)) * fnvPrime
		r.roll = r.roll<<1 + gear[b]
		r.piece = (r.piece ^ uint64(b)) * fnvPrime
		r.length++
		if r.length >= pieceMinBytes && r.roll&pieceCutMask == 0 || r.length >= pieceMaxBytes {
			r.seen[r.piece] = struct{}{}
			r.total++
			r.piece, r.length = fnvOffset, 0
		}
	}
	r.sections[section] = struct{}{}
	r.sectionCount++
	if r.sectionCount >= repeatSample && len(r.sections)*repeatShare < r.sectionCount {
		return len(r.sections), r.sectionCount, true
	}
	repeated = r.total >= repeatSample && len(r.seen)*repeatShare < r.total
	return len(r.seen), r.total, repeated
}
