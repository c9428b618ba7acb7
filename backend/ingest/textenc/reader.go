package textenc

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// NewReader detects r's encoding from its first SampleSize bytes and returns
// a reader of its text as UTF-8, without a byte-order mark. Bytes invalid in
// the detected encoding become U+FFFD rather than errors, so one bad byte
// never loses a file. It streams: memory stays bounded for any file size.
func NewReader(r io.Reader) (io.Reader, Detection, error) {
	br := bufio.NewReaderSize(r, SampleSize)
	sample, err := br.Peek(SampleSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, Detection{}, fmt.Errorf("read the start of the file: %w", err)
	}
	d := Detect(sample)
	return transform.NewReader(br, decoderFor(d).Transformer), d, nil
}

// Decode detects data's encoding and returns its text as UTF-8.
func Decode(data []byte) (string, Detection) {
	sample := data
	if len(sample) > SampleSize {
		sample = sample[:SampleSize]
	}
	d := Detect(sample)
	text, err := decoderFor(d).Bytes(data)
	if err != nil {
		// Decoders replace what they cannot decode, so this does not
		// happen; keep the bytes as text rather than lose them if it does.
		return string(data), d
	}
	return string(text), d
}

func decoderFor(d Detection) *encoding.Decoder {
	switch d.Encoding {
	case UTF8:
		return xunicode.UTF8BOM.NewDecoder() // drops a BOM, replaces invalid bytes
	case UTF16LE:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder()
	case UTF16BE:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewDecoder()
	}
	for _, c := range candidates {
		if c.name == d.Encoding {
			return c.enc.NewDecoder()
		}
	}
	return xunicode.UTF8.NewDecoder()
}
