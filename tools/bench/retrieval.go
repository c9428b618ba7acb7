package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
)

// retrievalRows prepares knowledge bases of 10,000 and 100,000 chunks at
// 768 dimensions and measures, each in a process of its own: opening them
// (Zhiku from its snapshot and from the store alone; chromem-go from its
// own persistence and from its export), resident memory, query latency
// of each retriever against bare chromem-go, the keyword index build, and
// the time a chat question takes to reach Ollama.
func retrievalRows(cfg config) ([]row, error) {
	var rows []row
	for _, n := range []int{10_000, 100_000} {
		work, err := os.MkdirTemp("", "zhiku-bench-search-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
		label := fmt.Sprintf("%dk×768", n/1000)
		var prep struct {
			ChromemWriteSeconds, ChromemExportSeconds float64
		}
		if err := searchbench(cfg, &prep, "prepare", "-dir", work, "-n", fmt.Sprint(n), "-dim", "768"); err != nil {
			return nil, err
		}
		type opened struct {
			Seconds, ResidentMiB, KeywordBuildSeconds float64
			Chunks                                    int
		}
		var cold, warm, persistent, imported opened
		for _, o := range []struct {
			what string
			into *opened
		}{{"zhiku-cold", &cold}, {"zhiku", &warm}, {"chromem-persistent", &persistent}, {"chromem-import", &imported}} {
			if err := searchbench(cfg, o.into, "open", "-dir", work, "-what", o.what); err != nil {
				return nil, err
			}
		}
		baseline := fmt.Sprintf("chromem-go: %.2f s / %.0f MiB from its persistence, %.2f s / %.0f MiB from its export (export %.1f s)",
			persistent.Seconds, persistent.ResidentMiB, imported.Seconds, imported.ResidentMiB, prep.ChromemExportSeconds)
		rows = append(rows,
			row{name: "search: open " + label + " from its snapshot", value: warm.Seconds, unit: "s", baseline: baseline},
			row{name: "search: resident memory, " + label + " open", value: warm.ResidentMiB, unit: "MiB"},
			row{name: "search: open " + label + " rebuilding from the store", value: cold.Seconds, unit: "s"},
			row{name: "search: keyword index build per 10k chunks (" + label + ")", value: cold.KeywordBuildSeconds * 10_000 / float64(cold.Chunks), unit: "s"},
		)

		var q struct {
			Chromem, Vector, Keyword, Hybrid struct{ P50Millis, P95Millis float64 }
		}
		if err := searchbench(cfg, &q, "query", "-dir", work); err != nil {
			return nil, err
		}
		bare := fmt.Sprintf("bare chromem-go query (k=10): p50 %.1f ms, p95 %.1f ms", q.Chromem.P50Millis, q.Chromem.P95Millis)
		rows = append(rows,
			row{name: "search: vector query p50 / p95, " + label, value: q.Vector.P50Millis, unit: fmt.Sprintf("ms / %.1f", q.Vector.P95Millis), baseline: bare},
			row{name: "search: keyword query p50 / p95, " + label, value: q.Keyword.P50Millis, unit: fmt.Sprintf("ms / %.1f", q.Keyword.P95Millis)},
			row{name: "search: hybrid query p50 / p95, " + label, value: q.Hybrid.P50Millis, unit: fmt.Sprintf("ms / %.1f", q.Hybrid.P95Millis),
				baseline: fmt.Sprintf("+%.0f%% over bare chromem-go p50 (target ≤ 25%% at 100k)", 100*(q.Hybrid.P50Millis/q.Chromem.P50Millis-1))},
		)
		var c struct {
			ToOllama, Search struct{ P50Millis, P95Millis float64 }
		}
		if err := searchbench(cfg, &c, "chat", "-dir", work, "-queries", "50"); err != nil {
			return nil, err
		}
		rows = append(rows, row{name: "chat: Enter to the request reaching Ollama p50 / p95, " + label, value: c.ToOllama.P50Millis,
			unit:     fmt.Sprintf("ms / %.1f", c.ToOllama.P95Millis),
			baseline: fmt.Sprintf("hybrid search alone p50 %.1f ms (target < 100 ms at 100k)", c.Search.P50Millis)})

		var update opened // after the queries: it changes the store
		if err := searchbench(cfg, &update, "open", "-dir", work, "-what", "zhiku-update"); err != nil {
			return nil, err
		}
		rows = append(rows, row{name: "search: catch up after one file changes, " + label, value: update.Seconds, unit: "s",
			baseline: fmt.Sprintf("%.2f s to rebuild from the store", cold.Seconds)})
		os.RemoveAll(work)
	}
	return rows, nil
}

// searchbench runs one tools/searchbench measurement and decodes its JSON.
func searchbench(cfg config, into any, args ...string) error {
	out, err := exec.Command(cfg.searchbench, args...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return fmt.Errorf("searchbench %v: %s", args, ee.Stderr)
		}
		return fmt.Errorf("searchbench %v: %w", args, err)
	}
	return json.Unmarshal(out, into)
}

// embeddingRows compares the embedding pipeline (parsing done, vectors
// computed and stored by a sync) with the same chunks sent straight to the
// same Ollama in its best batch size. It runs inside the Ollama test rig,
// whose static model stands in for a real one: a 512-wide table behind a
// llama block that runs attention and feed-forward as any model does, but
// one block where real models have a dozen or more, so the pipeline's
// overhead is what is measured, and a real model only makes it smaller.
func embeddingRows(cfg config) ([]row, error) {
	host := os.Getenv("ZHIKU_TEST_OLLAMA_HOST")
	if host == "" {
		return nil, fmt.Errorf("needs the Ollama test rig (ZHIKU_TEST_OLLAMA_HOST); make bench starts it")
	}
	work, err := os.MkdirTemp("", "zhiku-bench-embed-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	var e struct {
		Chunks                          int
		ZhikuPerSecond, DirectPerSecond float64
		DirectBatch, ZhikuBatch         int
	}
	if err := searchbench(cfg, &e, "embed", "-dir", work, "-ollama", host, "-model", staticEmbedModel); err != nil {
		return nil, err
	}
	return []row{
		{name: fmt.Sprintf("embedding: chunks/s through a sync, %d chunks, batches of %d", e.Chunks, e.ZhikuBatch), value: e.ZhikuPerSecond, unit: "chunks/s",
			baseline: fmt.Sprintf("%.1f chunks/s sent straight to Ollama in batches of %d: ratio %.2f (target ≥ 0.9)", e.DirectPerSecond, e.DirectBatch, e.ZhikuPerSecond/e.DirectPerSecond)},
	}, nil
}
