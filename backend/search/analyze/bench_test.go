package analyze

import (
	"strings"
	"testing"
)

func BenchmarkTerms(b *testing.B) {
	text := strings.Repeat("长城是中国古代的军事防御工程，东起山海关。Retrieval finds passages first. ", 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Terms(text, func(Term) {})
	}
}

func BenchmarkScan(b *testing.B) {
	text := strings.Repeat("长城是中国古代的军事防御工程，东起山海关。Retrieval finds passages first. ", 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Scan(text, func(*RawTerm) {})
	}
}
