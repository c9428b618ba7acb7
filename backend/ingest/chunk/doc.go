// Package chunk cuts extracted text into the passages Zhiku indexes and
// cites. It respects language: sentences end at 。！？；… and closing quotes
// as well as at Western punctuation, paragraphs are preferred boundaries,
// size is counted in (estimated) tokens, and overlap is made of whole
// sentences. Every chunk knows its page, heading path and exact character
// offsets in the extracted text, so a citation can point at it.
package chunk
