package evaluate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A natural-question set is a folder: docs/ holds documents of any format
// Zhiku reads, indexed as a person's folder is, and questions.jsonl holds
// questions asked the way people ask them, each with the file (relative to
// docs/, with forward slashes) and the page that answer it. Page is the
// page of a PDF, the slide of a presentation, the sheet of a workbook, and
// 0 for formats without pages, where the file alone is the answer.
const (
	naturalDocs      = "docs"
	naturalQuestions = "questions.jsonl"
)

// NaturalQuestion is one question with where its answer is.
type NaturalQuestion struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	File     string `json:"file"`
	Page     int    `json:"page"`
}

// NaturalSet is a folder of documents and the questions about them.
type NaturalSet struct {
	// Docs is the folder indexed.
	Docs      string
	Questions []NaturalQuestion
}

// IsNaturalSet reports whether dir is a natural-question set: a folder
// with docs/ and questions.jsonl.
func IsNaturalSet(dir string) bool {
	docs, err := os.Stat(filepath.Join(dir, naturalDocs))
	if err != nil || !docs.IsDir() {
		return false
	}
	_, err = os.Stat(filepath.Join(dir, naturalQuestions))
	return err == nil
}

// LoadNatural reads the set in dir, checking that every question names a
// file of the set.
func LoadNatural(dir string) (*NaturalSet, error) {
	docs, err := filepath.Abs(filepath.Join(dir, naturalDocs))
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, naturalQuestions))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	set := &NaturalSet{Docs: docs}
	seen := map[string]bool{}
	lines := bufio.NewScanner(f)
	for n := 1; lines.Scan(); n++ {
		line := strings.TrimSpace(lines.Text())
		if line == "" {
			continue
		}
		var q NaturalQuestion
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", naturalQuestions, n, err)
		}
		switch {
		case q.ID == "" || q.Question == "" || q.File == "" || q.Page < 0:
			return nil, fmt.Errorf("%s line %d: a question needs an id, its text, a file and a page of 0 or more", naturalQuestions, n)
		case seen[q.ID]:
			return nil, fmt.Errorf("%s line %d: id %s is used twice", naturalQuestions, n, q.ID)
		}
		if _, err := os.Stat(filepath.Join(docs, filepath.FromSlash(q.File))); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", naturalQuestions, n, err)
		}
		seen[q.ID] = true
		set.Questions = append(set.Questions, q)
	}
	if err := lines.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", naturalQuestions, err)
	}
	return set, nil
}
