// Package textenc finds out how a text file is encoded and decodes it to
// UTF-8: a byte-order mark first, then valid UTF-8, then UTF-16 by its zero
// bytes, and otherwise the legacy encodings people's files really come in —
// GB18030 (and its subsets GBK and GB2312), Big5, Shift_JIS, EUC-KR and
// Windows-1252 — chosen by decoding a sample with each and scoring how much
// the result looks like real text in that script.
package textenc
