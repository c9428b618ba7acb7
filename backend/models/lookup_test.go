package models

import (
	"slices"
	"testing"
)

func TestCatalogueLookup(t *testing.T) {
	c, err := LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	found := []struct{ name, want string }{
		{"qwen3:8b", "qwen3:8b"},
		{"Qwen3:8B", "qwen3:8b"},
		{"BGE-M3", "bge-m3"},
	}
	for _, f := range found {
		if e, ok := c.Find(f.name); !ok || e.Name != f.want {
			t.Errorf("Find(%q) = %q, %v; want %q", f.name, e.Name, ok, f.want)
		}
	}
	closest := []struct {
		name    string
		include string // among the three closest
		first   string // the closest, when it is clear
	}{
		{"qwen3:7b", "qwen3:8b", ""},
		{"QWEN3", "qwen3:4b", ""},
		{"deepsek-r1:7b", "deepseek-r1:7b", "deepseek-r1:7b"},
		{"llama3", "llama3.1:8b", ""},
		{"bge_m3", "bge-m3", "bge-m3"},
		{"nomic-embed", "nomic-embed-text", "nomic-embed-text"},
		{"gemma:4b", "gemma3:4b", "gemma3:4b"},
		{"glm-4", "glm4:9b", "glm4:9b"},
	}
	for _, cl := range closest {
		if _, ok := c.Find(cl.name); ok {
			t.Errorf("Find(%q) found a model not in the catalogue", cl.name)
		}
		got := c.Closest(cl.name, 3)
		if len(got) != 3 || !slices.Contains(got, cl.include) || cl.first != "" && got[0] != cl.first {
			t.Errorf("Closest(%q) = %v, want %q among them (first %q)", cl.name, got, cl.include, cl.first)
		}
	}
}
