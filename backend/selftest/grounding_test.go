package selftest

import "testing"

func TestCheck(t *testing.T) {
	const warranty = "The warranty lasts two years from the date of purchase. It covers parts and labour, but not accidental damage."
	const report = "2024年，中关村示范区将推进新一轮先行先试改革，支持科技企业开展跨境数据流动试点，建设世界领先科技园区。"
	tests := []struct {
		name, question, passage string
		want                    Verdict
	}{
		{"an English question in its own words", "How many years does the warranty cover after purchase?", warranty, Grounded},
		{"another form of the passage's words", "How long does charging the laptop take?", "A full charge of the laptop takes ninety minutes.", Grounded},
		{"a Chinese question in its own words", "中关村示范区2024年要推进哪些先行先试改革？", report, Grounded},
		{"a question about what the passage does not say", "What is the refund policy for software subscriptions?", warranty, OffTopic},
		{"a Chinese question about another matter", "北京市的地铁票价如何调整？", report, OffTopic},
		{"a sentence of the passage with a question mark", "The warranty lasts two years from the date of purchase?", warranty, Verbatim},
		{"a Chinese sentence copied whole", "支持科技企业开展跨境数据流动试点吗", report, Verbatim},
		{"too short to be a question", "Why?", warranty, BadLength},
		{"only function words", "What is it about, and which one is this?", warranty, Vague},
		{"only Chinese function characters", "这是什么？那是哪个？", report, Vague},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(tt.question, tt.passage); got != tt.want {
				t.Errorf("Check(%q) = %s, want %s (terms %q)", tt.question, got, tt.want, contentTerms(tt.question))
			}
		})
	}
}

func TestLongestSharedRun(t *testing.T) {
	tests := []struct {
		q, p string
		want int
	}{
		{"abcdef", "xxcdexx", 3},
		{"abc", "xyz", 0},
		{"", "abc", 0},
		{"保修两年", "本产品保修两年整", 4},
	}
	for _, tt := range tests {
		if got := longestSharedRun([]rune(tt.q), []rune(tt.p)); got != tt.want {
			t.Errorf("longestSharedRun(%q, %q) = %d, want %d", tt.q, tt.p, got, tt.want)
		}
	}
}
