package datasets

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Import must never panic, whatever a file holds, and every record it
// returns must be one its kind allows.
func FuzzRead(f *testing.F) {
	formats := []Format{FormatMessages, FormatShareGPT, FormatAlpaca, FormatDPO, FormatRanked, FormatPromptOnly}
	for i, format := range formats {
		if b, err := os.ReadFile(filepath.Join("testdata", string(format)+".jsonl.golden")); err == nil {
			f.Add(uint8(i), b)
		}
	}
	f.Add(uint8(0), []byte(`{"messages": [{"role": "system", "content": ""}]}`))
	f.Add(uint8(1), []byte("{\"conversations\": null}\n\n\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		format := formats[int(which)%len(formats)]
		records, err := Read(bytes.NewReader(data), format)
		if err != nil {
			return
		}
		for _, r := range records {
			if err := Validate(r); err != nil {
				t.Fatalf("%s gave an invalid record %+v: %v", format, r, err)
			}
		}
	})
}

// A model's reply, whatever it is, parses or not without panicking, and
// never gives a pair with an empty side.
func FuzzParsePairs(f *testing.F) {
	f.Add(`[{"question": "q", "answer": "a"}]`)
	f.Add(`text [ ] more`)
	f.Add(`[{"question": 1}]`)
	f.Fuzz(func(t *testing.T, reply string) {
		pairs, _ := ParsePairs(reply)
		for _, p := range pairs {
			if p.Question == "" || p.Answer == "" {
				t.Fatalf("an empty side in %+v", p)
			}
		}
	})
}
