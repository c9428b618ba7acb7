package search

import (
	"fmt"
	"testing"
)

// tenThousandFiles are paths like a large course or company folder's:
// numbered lectures, reports by year and city, English notes.
func tenThousandFiles() []nameSource {
	cities := []string{"北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市", "南京市"}
	topics := []string{"政府工作报告", "统计公报", "预算执行情况", "发展规划纲要", "meeting-notes", "Staff_Handbook", "annual-report", "课堂练习"}
	files := make([]nameSource, 10_000)
	for i := range files {
		city, topic := cities[i%len(cities)], topics[(i/len(cities))%len(topics)]
		files[i] = nameSource{
			path:   fmt.Sprintf("/docs/第%d讲/%s/%d年%s%s-%d.pdf", i%40+1, city, 2000+i%25, city, topic, i),
			live:   true,
			titles: []string{fmt.Sprintf("%s%s（第%d稿）", city, topic, i%7)},
		}
	}
	return files
}

func BenchmarkBuildNames10k(b *testing.B) {
	files := tenThousandFiles()
	for b.Loop() {
		buildNames(files, []string{"/docs"})
	}
}

func BenchmarkMatchNames10k(b *testing.B) {
	nx := buildNames(tenThousandFiles(), []string{"/docs"})
	for _, q := range []string{"北京市2024年政府工作报告里，中关村有哪些新举措", "What does the staff handbook say about leave?", "长城有多长"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				nx.match(q)
			}
		})
	}
}
