// Package squad reads question-answering sets in SQuAD's JSON shape, such
// as CMRC 2018: articles of paragraphs, each with questions and the
// answers found in it. Tests use it for real Chinese text, and retrieval
// evaluation for its questions.
package squad

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Set is a whole file.
type Set struct {
	Data []Article `json:"data"`
}

// Article is one document's paragraphs.
type Article struct {
	Title      string      `json:"title"`
	Paragraphs []Paragraph `json:"paragraphs"`
}

// Paragraph is a passage with the questions it answers.
type Paragraph struct {
	Context string `json:"context"`
	QAs     []QA   `json:"qas"`
}

// QA is one question and its accepted answers.
type QA struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	Answers  []Answer `json:"answers"`
}

// Answer is an answer's text and where it starts in the context.
type Answer struct {
	Text  string `json:"text"`
	Start int    `json:"answer_start"`
}

// Load reads a SQuAD-format file.
func Load(path string) (*Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Set
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("read %s as SQuAD JSON: %w", path, err)
	}
	return &s, nil
}

// Contexts returns every paragraph's text, in file order.
func (s *Set) Contexts() []string {
	var out []string
	for _, a := range s.Data {
		for _, p := range a.Paragraphs {
			out = append(out, p.Context)
		}
	}
	return out
}

// FindCMRC returns the path of the CMRC 2018 development set, which lives
// beside the repository (shared/data/cmrc2018), found by walking up from
// the working directory to the module root.
func FindCMRC() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			path := filepath.Join(dir, "..", "shared", "data", "cmrc2018", "cmrc2018_dev.json")
			_, err := os.Stat(path)
			return path, err == nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// EveryNthArticle returns the set's articles 0, n, 2n, …: a smaller set
// spread over the whole, for runs that cannot afford all of it. n ≤ 1
// returns the set itself.
func EveryNthArticle(s *Set, n int) *Set {
	if n <= 1 {
		return s
	}
	sub := &Set{}
	for i := 0; i < len(s.Data); i += n {
		sub.Data = append(sub.Data, s.Data[i])
	}
	return sub
}
