package main

import (
	"encoding/json"
	"os"
)

// StaticExpectation is what the rig's Ollama must answer for the static
// model: the vectors its pooling gives for some texts, as this program
// computes them, and how many tokens each text is. The rig's integration
// test reads it from beside the GGUF file.
type StaticExpectation struct {
	Model   string      `json:"model"`
	Texts   []string    `json:"texts"`
	Tokens  []int       `json:"tokens"` // BOS included, as Ollama counts
	Vectors [][]float32 `json:"vectors"`
}

// staticProbeTexts cover words the vocabulary has, characters it has only
// as characters, characters outside it (byte fallback), English, digits
// and punctuation.
var staticProbeTexts = []string{
	"足球比赛的冠军球队",
	"长城是中国古代的军事防御工程。",
	"the football team won the cup",
	"1998年，该公司在北京成立总部。",
	"𠀀𠀁 and 龘 are rare",
	"計算機 software 和人工智能",
}

func writeStaticExpectation(path string, name string, m *staticModel) error {
	exp := StaticExpectation{Model: name, Texts: staticProbeTexts}
	for _, t := range staticProbeTexts {
		exp.Tokens = append(exp.Tokens, len(m.tokenizer.Tokenize(t)))
		exp.Vectors = append(exp.Vectors, m.Embed(t))
	}
	data, err := json.MarshalIndent(exp, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
