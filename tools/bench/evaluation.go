package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// evalRows runs `zhiku eval` on CMRC 2018 at 180-character chunks and on
// the natural-question set, keyword-only (vectors need an embedding model;
// see the README).
func evalRows(cfg config) ([]row, error) {
	rows, err := cmrcRows(cfg)
	if err != nil {
		return nil, err
	}
	natural, err := naturalRows(cfg)
	return append(rows, natural...), err
}

// cmrcRows are CMRC 2018's figures at 180-character chunks.
func cmrcRows(cfg config) ([]row, error) {
	path := filepath.Join("..", "shared", "data", "cmrc2018", "cmrc2018_dev.json")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("CMRC 2018 set not found at %s", path)
	}
	out, err := exec.Command(cfg.bin, "eval", path, "--json").Output()
	if err != nil {
		return nil, fmt.Errorf("zhiku eval: %w", err)
	}
	var rep struct {
		Chunks         int
		MeanChunkChars float64
		Scores         []struct {
			Mode      string
			Recall    map[string]float64
			MRR10     float64
			P50Millis float64
		}
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, err
	}
	kw := rep.Scores[0]
	return []row{
		{name: fmt.Sprintf("eval CMRC 2018 keyword recall@5 (%d chunks ≤180 chars, mean %.0f)", rep.Chunks, rep.MeanChunkChars), value: kw.Recall["5"], unit: "",
			baseline: "character-bigram BM25: 0.95 (target ≥ 0.985)"},
		{name: "eval CMRC 2018 keyword recall@1", value: kw.Recall["1"], unit: "", baseline: "character-bigram BM25: 0.79 (target ≥ 0.88)"},
		{name: "eval CMRC 2018 keyword MRR@10 / recall@10", value: kw.MRR10, unit: fmt.Sprintf("/ %.3f", kw.Recall["10"])},
	}, nil
}

// naturalRows are the natural-question set's figures: its folder indexed
// as a person's folder is, with bare character-bigram BM25 over the same
// chunks measured in the same run.
func naturalRows(cfg config) ([]row, error) {
	out, err := exec.Command(cfg.bin, "eval", filepath.Join("backend", "evaluate", "testdata", "natural"), "--json").Output()
	if err != nil {
		return nil, fmt.Errorf("zhiku eval on the natural questions: %w", err)
	}
	type score struct {
		FileAt1, FileAt5, PageAt5, MRR10 float64
		P50Millis                        float64
		Misses                           []struct{ ID string }
	}
	var rep struct {
		Files, Chunks, Questions int
		Scores                   []score
		Baseline                 score
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, err
	}
	kw, bm := rep.Scores[0], rep.Baseline
	var missed []string
	for _, m := range kw.Misses {
		missed = append(missed, m.ID)
	}
	return []row{
		{name: fmt.Sprintf("eval natural keyword file@5 (%d questions, %d files, %d chunks)", rep.Questions, rep.Files, rep.Chunks), value: kw.FileAt5, unit: "",
			baseline: fmt.Sprintf("character-bigram BM25: %.3f (target ≥ 0.98)", bm.FileAt5)},
		{name: "eval natural keyword page@5", value: kw.PageAt5, unit: "",
			baseline: fmt.Sprintf("character-bigram BM25: %.3f (target ≥ 0.95)", bm.PageAt5)},
		{name: "eval natural keyword file@1", value: kw.FileAt1, unit: "",
			baseline: fmt.Sprintf("character-bigram BM25: %.3f", bm.FileAt1)},
		{name: "eval natural keyword MRR by file", value: kw.MRR10, unit: "",
			baseline: fmt.Sprintf("character-bigram BM25: %.3f; keyword missed page@5: %v", bm.MRR10, missed)},
	}, nil
}
