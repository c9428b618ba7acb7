package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// staticEmbedModel is tools/tinymodel's static embedding model, whose
// vectors mean something; the rig imports it.
const staticEmbedModel = "zhiku-static-embed"

// staticEvalRows runs zhiku eval on CMRC 2018 dev with the static model
// served by the rig's Ollama: vector and hybrid figures beside keyword
// search's in the same run. The model is weak (README, Search ›
// Evaluation), so the rows show what fusion does with a real but poor
// retriever, not what a real model reaches.
func staticEvalRows(cfg config) ([]row, error) {
	host := os.Getenv("ZHIKU_TEST_OLLAMA_HOST")
	if host == "" {
		return nil, fmt.Errorf("needs the Ollama test rig (ZHIKU_TEST_OLLAMA_HOST); make bench starts it")
	}
	path := filepath.Join("..", "shared", "data", "cmrc2018", "cmrc2018_dev.json")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("CMRC 2018 set not found at %s", path)
	}
	out, err := exec.Command(cfg.bin, "eval", path, "--embed-model", staticEmbedModel, "--ollama", host, "--json").Output()
	if err != nil {
		return nil, fmt.Errorf("zhiku eval --embed-model %s: %w", staticEmbedModel, err)
	}
	var rep struct {
		Scores []struct {
			Mode   string
			Recall map[string]float64
			MRR10  float64
		}
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, err
	}
	if len(rep.Scores) != 3 {
		return nil, fmt.Errorf("zhiku eval --embed-model %s reported %d modes, want keyword, vector and hybrid", staticEmbedModel, len(rep.Scores))
	}
	kw := rep.Scores[0]
	var rows []row
	for _, s := range rep.Scores[1:] {
		rows = append(rows,
			row{name: fmt.Sprintf("eval CMRC 2018 %s recall@5, %s", s.Mode, staticEmbedModel), value: s.Recall["5"],
				baseline: fmt.Sprintf("keyword: %.3f", kw.Recall["5"])},
			row{name: fmt.Sprintf("eval CMRC 2018 %s recall@1 / MRR@10, %s", s.Mode, staticEmbedModel), value: s.Recall["1"],
				unit: fmt.Sprintf("/ %.3f", s.MRR10), baseline: fmt.Sprintf("keyword: %.3f / %.3f", kw.Recall["1"], kw.MRR10)})
	}
	return rows, nil
}
