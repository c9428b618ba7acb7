package llm

import "testing"

func TestModelNames(t *testing.T) {
	cases := map[string]bool{
		"qwen3:8b": true, "my-model": true, "hf.co/Qwen/Qwen3-8B-GGUF:Q4_K_M": true, "library/llama3.1:8b-instruct-q4_K_M": true,
		"127.0.0.1:5000/library/qwen3:4b": true, "mirror.lan:8080/team/model": true,
		"host:5000/": false, "host:99999999/x": false,
		"": false, "bad name": false, ":tag": false, "a:b:c": false, "../x": false, "模型": false, "x;rm -rf": false,
	}
	for name, ok := range cases {
		if err := ValidModelName(name); (err == nil) != ok {
			t.Errorf("ValidModelName(%q) = %v", name, err)
		}
	}
}

func TestIsReranker(t *testing.T) {
	cases := map[string]bool{
		"hf.co/JonathanMiddleton/Qwen3-Reranker-0.6B:Q8_0": true, "AuditAid/Qwen3_Reranker:4B_Q5_K_M": true,
		"zhiku-tiny-rerank": true, "qwen3:4b": false, "bge-m3": false,
	}
	for name, want := range cases {
		if got := IsReranker(name); got != want {
			t.Errorf("IsReranker(%q) = %v, want %v", name, got, want)
		}
	}
}
