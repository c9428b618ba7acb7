package main

import (
	"container/heap"
	"fmt"
	"strings"
)

// spmTokenizer tokenises text the way llama.cpp's SentencePiece ("llama")
// tokenizer does, which is what Ollama runs for a llama-architecture GGUF:
// a space goes before the text, spaces become "▁", the text is split into
// UTF-8 characters, and adjacent pieces are merged, the highest-scoring
// merge that is itself a vocabulary piece first (ties: leftmost), until no
// merge is left. Pieces that are not in the vocabulary fall back to one
// byte token per byte. The statistics that give the static model its
// vectors are counted over these same tokens, and the expected vectors the
// rig compares with Ollama's are computed with it.
type spmTokenizer struct {
	ids    map[string]int32
	scores []float32
	bytes  [256]int32
	bos    int32
}

func newSPMTokenizer(tokens []string, scores []float32, bos int32) (*spmTokenizer, error) {
	t := &spmTokenizer{ids: make(map[string]int32, len(tokens)), scores: scores, bos: bos}
	for i, tok := range tokens {
		t.ids[tok] = int32(i)
	}
	for b := range 256 {
		id, ok := t.ids[fmt.Sprintf("<0x%02X>", b)]
		if !ok {
			return nil, fmt.Errorf("vocabulary has no byte token for 0x%02X", b)
		}
		t.bytes[b] = id
	}
	return t, nil
}

type spmSymbol struct {
	start, end int // byte range in the text
	prev, next int
}

type spmBigram struct {
	left, right int
	score       float32
	size        int
}

type bigramQueue []spmBigram

func (q bigramQueue) Len() int { return len(q) }
func (q bigramQueue) Less(i, j int) bool {
	if q[i].score != q[j].score {
		return q[i].score > q[j].score
	}
	return q[i].left < q[j].left
}
func (q bigramQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *bigramQueue) Push(x any)   { *q = append(*q, x.(spmBigram)) }
func (q *bigramQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// Tokenize returns the token ids of text, beginning with the BOS token as
// Ollama's embedding requests do.
func (t *spmTokenizer) Tokenize(text string) []int32 {
	out := []int32{t.bos}
	if text == "" {
		return out
	}
	text = strings.ReplaceAll(" "+text, " ", "▁")
	var symbols []spmSymbol
	for offset := 0; offset < len(text); {
		n := utf8LenFromLeadByte(text[offset])
		end := min(offset+n, len(text))
		symbols = append(symbols, spmSymbol{start: offset, end: end, prev: len(symbols) - 1, next: len(symbols) + 1})
		offset = end
	}
	symbols[len(symbols)-1].next = -1

	queue := &bigramQueue{}
	tryBigram := func(left, right int) {
		if left < 0 || right < 0 {
			return
		}
		piece := text[symbols[left].start:symbols[right].end]
		id, ok := t.ids[piece]
		if !ok {
			return
		}
		heap.Push(queue, spmBigram{left: left, right: right, score: t.scores[id], size: len(piece)})
	}
	for i := 1; i < len(symbols); i++ {
		tryBigram(i-1, i)
	}
	for queue.Len() > 0 {
		b := heap.Pop(queue).(spmBigram)
		left, right := &symbols[b.left], &symbols[b.right]
		if left.end == left.start || right.end == right.start || (left.end-left.start)+(right.end-right.start) != b.size {
			continue
		}
		left.end = right.end
		right.end = right.start // merged away
		left.next = right.next
		if right.next >= 0 {
			symbols[right.next].prev = b.left
		}
		tryBigram(left.prev, b.left)
		tryBigram(b.left, left.next)
	}

	// Every merge makes a vocabulary piece, so a symbol left over is a
	// piece or a single character the vocabulary lacks, which goes out as
	// its bytes (llama.cpp's re-segmenting of merges never applies then).
	for i := 0; i != -1; i = symbols[i].next {
		piece := text[symbols[i].start:symbols[i].end]
		if id, ok := t.ids[piece]; ok {
			out = append(out, id)
			continue
		}
		for _, b := range []byte(piece) {
			out = append(out, t.bytes[b])
		}
	}
	return out
}

// utf8LenFromLeadByte is llama.cpp's unicode_len_utf8: the length a
// sequence's first byte announces (1 for a stray continuation byte).
func utf8LenFromLeadByte(b byte) int {
	switch {
	case b < 0xC0:
		return 1
	case b < 0xE0:
		return 2
	case b < 0xF0:
		return 3
	default:
		return 4
	}
}
