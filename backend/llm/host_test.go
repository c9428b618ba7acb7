package llm

import (
	"net/url"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestParseHost(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"127.0.0.1:11434", "http://127.0.0.1:11434"},
		{"localhost", "http://localhost:11434"},
		{":8080", "http://127.0.0.1:8080"},
		{"0.0.0.0", "http://127.0.0.1:11434"},
		{"0.0.0.0:9999", "http://127.0.0.1:9999"},
		{"http://192.168.1.20:11434", "http://192.168.1.20:11434"},
		{"http://gpu-box", "http://gpu-box:80"},
		{"https://ollama.example.com", "https://ollama.example.com:443"},
		{"HTTP://Example.com:1/prefix/", "http://Example.com:1/prefix"},
		{"[::1]:11434", "http://[::1]:11434"},
		{"::1", "http://[::1]:11434"},
		{"[::]", "http://[::1]:11434"},
		{"  127.0.0.1:11434  ", "http://127.0.0.1:11434"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseHost(tt.in)
			if err != nil {
				t.Fatalf("ParseHost(%q): %v", tt.in, err)
			}
			if got.String() != tt.want {
				t.Errorf("ParseHost(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseHostRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "ftp://host", "host:0", "host:65536", "host:port", "127.0.0.1:", "bad host:1", "[::1"} {
		t.Run(in, func(t *testing.T) {
			_, err := ParseHost(in)
			if !core.ErrInvalidOllamaHost.Is(err) {
				t.Fatalf("ParseHost(%q) error = %v, want an invalid-host problem", in, err)
			}
		})
	}
}

func TestResolveHostPrecedence(t *testing.T) {
	tests := []struct {
		name, settings, env string
		want                string
		source              HostSource
	}{
		{"settings win", "10.0.0.5:1234", "127.0.0.1:2222", "http://10.0.0.5:1234", HostFromSettings},
		{"then OLLAMA_HOST", "", "127.0.0.1:2222", "http://127.0.0.1:2222", HostFromEnv},
		{"then the default", "", "", "http://127.0.0.1:11434", HostFromDefault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OLLAMA_HOST", tt.env)
			got, source, err := ResolveHost(tt.settings)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want || source != tt.source {
				t.Errorf("ResolveHost(%q) with OLLAMA_HOST=%q = %s (%s), want %s (%s)", tt.settings, tt.env, got, source, tt.want, tt.source)
			}
		})
	}
}

func TestIsLocalHost(t *testing.T) {
	tests := map[string]bool{
		"http://127.0.0.1:11434": true,
		"http://localhost:1":     true,
		"http://[::1]:1":         true,
		"http://192.0.2.1:11434": false, // TEST-NET-1, never assigned to a machine
		"http://gpu-box:11434":   false,
	}
	for raw, want := range tests {
		u, _ := url.Parse(raw)
		if got := IsLocalHost(u); got != want {
			t.Errorf("IsLocalHost(%s) = %v, want %v", raw, got, want)
		}
	}
}

func TestPullsFromALoopbackRegistryAreAllowedPlainHTTP(t *testing.T) {
	tests := []struct {
		model string
		want  bool
	}{
		{"127.0.0.1:5000/library/qwen3:4b", true},
		{"localhost:5000/team/model:latest", true},
		{"[::1]:5000/library/model", true},
		{"qwen3:4b", false},
		{"library/qwen3:4b", false},
		{"hf.co/Qwen/Qwen3-4B-GGUF:Q4_K_M", false},
		{"192.168.1.20:5000/library/model", false},
		{"registry.ollama.ai/library/qwen3:4b", false},
	}
	for _, tt := range tests {
		if got := fromLoopbackRegistry(tt.model); got != tt.want {
			t.Errorf("fromLoopbackRegistry(%q) = %v, want %v", tt.model, got, tt.want)
		}
	}
}
