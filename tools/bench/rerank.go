package main

import (
	"fmt"
	"os"
)

// rerankRows measures what reranking adds to a search: 30 candidates
// scored through /api/generate, four at a time, against the same pairs
// asked one by one. It runs inside the Ollama test rig, whose tiny chat
// model stands in for a reranker: the cost of the requests and their
// handling is measured, and a real reranker's prompt evaluation adds to it
// in proportion to its size.
func rerankRows(cfg config) ([]row, error) {
	host := os.Getenv("ZHIKU_TEST_OLLAMA_HOST")
	if host == "" {
		return nil, fmt.Errorf("needs the Ollama test rig (ZHIKU_TEST_OLLAMA_HOST); make bench starts it")
	}
	work, err := os.MkdirTemp("", "zhiku-bench-rerank-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	var r struct {
		Queries                                         int
		PairsPerQuery                                   float64
		KeywordMillis, RerankedMillis, SequentialMillis float64
		FellBack                                        int
	}
	if err := searchbench(cfg, &r, "rerank", "-dir", work, "-ollama", host, "-model", "zhiku-tiny-chat", "-queries", "10"); err != nil {
		return nil, err
	}
	if r.FellBack > 0 {
		return nil, fmt.Errorf("%d of %d searches kept the fused order", r.FellBack, r.Queries)
	}
	return []row{
		{name: fmt.Sprintf("reranker cost per query at 30 candidates (tiny model, %.0f pairs, median of %d)", r.PairsPerQuery, r.Queries),
			value: r.RerankedMillis - r.KeywordMillis, unit: "ms",
			baseline: fmt.Sprintf("keyword search alone %.1f ms; the same pairs asked one by one %.1f ms", r.KeywordMillis, r.SequentialMillis)},
	}, nil
}
