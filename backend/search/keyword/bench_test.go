package keyword

import (
	"fmt"
	"testing"
)

func BenchmarkBuild(b *testing.B) {
	texts := make([]string, 2000)
	for i := range texts {
		texts[i] = fmt.Sprintf("长城是中国古代的军事防御工程第%d段，东起山海关，西至嘉峪关，全长两万一千多公里。修建历时两千多年，凝聚了无数劳动人民的智慧和汗水。Retrieval finds passages first. 今天的长城是著名的旅游景点，每年吸引数以百万计的游客前来参观。", i)
	}
	for b.Loop() {
		ix := New()
		for i, t := range texts {
			ix.Add(int64(i), uint32(i/100), t)
		}
	}
}
