package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Paragraph material for generated corpora: Chinese and English prose.
var (
	chineseSentences = []string{
		"知库把您的文件变成可以搜索、可以对话的知识库。", "所有内容都保留在本机，回答会引用出处的具体文件和页码。",
		"检索增强生成先找到相关段落，再让模型据此回答。", "中文文本没有空格，分词和切块都需要专门处理。",
		"增量同步只重新索引发生变化的文件。", "向量和关键词两种检索相互补充。",
	}
	englishSentences = []string{
		"Retrieval-augmented generation finds passages first and answers from them. ",
		"Every answer cites the exact file and page it comes from. ",
		"Incremental sync re-indexes only the files that changed. ",
		"Keyword and vector retrieval complement each other. ",
	}
)

// writeMixedCorpus fills dir with about totalBytes of Markdown (Chinese,
// with headings), GB18030 text, English text and source code, in files of
// about fileBytes, and returns how many files it wrote.
func writeMixedCorpus(dir string, totalBytes, fileBytes int, seed uint64) (int, error) {
	rng := rand.New(rand.NewPCG(seed, 1))
	written, n := 0, 0
	for written < totalBytes {
		var body []byte
		var name string
		switch n % 4 {
		case 0:
			name, body = fmt.Sprintf("笔记/第%04d篇.md", n), []byte(markdownDoc(rng, fileBytes))
		case 1:
			gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(prose(rng, chineseSentences, fileBytes)))
			if err != nil {
				return n, err
			}
			name, body = fmt.Sprintf("旧文件/%04d.txt", n), gb
		case 2:
			name, body = fmt.Sprintf("english/doc-%04d.txt", n), []byte(prose(rng, englishSentences, fileBytes))
		default:
			name, body = fmt.Sprintf("code/file%04d.go", n), []byte(code(fileBytes))
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return n, err
		}
		if err := os.WriteFile(path, body, 0o644); err != nil {
			return n, err
		}
		written += len(body)
		n++
	}
	return n, nil
}

func prose(rng *rand.Rand, sentences []string, size int) string {
	var b strings.Builder
	for b.Len() < size {
		for range 3 + rng.IntN(5) {
			b.WriteString(sentences[rng.IntN(len(sentences))])
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func markdownDoc(rng *rand.Rand, size int) string {
	var b strings.Builder
	for section := 1; b.Len() < size; section++ {
		fmt.Fprintf(&b, "## 第%d节\n\n%s", section, prose(rng, chineseSentences, 1500))
	}
	return b.String()
}

func code(size int) string {
	var b strings.Builder
	b.WriteString("package sample\n\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "// Add%d adds its arguments.\nfunc Add%d(a, b int) int {\n\treturn a + b + %d\n}\n\n", i, i, i)
	}
	return b.String()
}
