package llm

import "testing"

func TestVersionBefore(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"0.5.7", "0.6.4", true},
		{"0.6.3", "0.6.4", true},
		{"0.6.4", "0.6.4", false},
		{"0.17.4", "0.6.4", false}, // numeric, not lexical
		{"v0.6.10-rc1", "0.6.4", false},
		{"1.0.0", "0.6.4", false},
		{"0.0.0", "0.6.4", false}, // a development build
		{"garbage", "0.6.4", false},
	}
	for _, tt := range tests {
		if got := versionBefore(tt.a, tt.b); got != tt.want {
			t.Errorf("versionBefore(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
