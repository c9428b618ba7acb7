// Package parse turns files into text sections for the chunker: each
// section carries its page (or slide, sheet) and heading path, and its
// place in the document's extracted text. Parsers stream: sections go to a
// callback as they are read, so a file of any size is parsed in bounded
// memory.
package parse

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// Info is what a parser learned about a file besides its text.
type Info struct {
	// Format names the parser, e.g. "markdown".
	Format string `json:"format"`
	// Encoding is the text encoding found, for text formats.
	Encoding string `json:"encoding,omitempty"`
}

// Emit receives sections in document order; an error from it stops parsing.
type Emit func(chunk.Section) error

// Parser reads the file at path.
type Parser func(ctx context.Context, path string, emit Emit) (Info, error)

// For returns the parser for a file by its name, or false for a format
// Zhiku does not read; a file whose name has no extension is judged by
// its content as it is read (Sniffed). The parser is guarded: a file that
// would yield more text than any document holds, or not text at all,
// fails as it is read.
func For(path string) (Parser, bool) {
	parser, ok := forFormat(path)
	if !ok {
		return nil, false
	}
	return guarded(parser), true
}

func forFormat(path string) (Parser, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case hasNoExtension(path):
		return Sniffed, true
	case ext == ".md" || ext == ".markdown" || ext == ".mdx":
		return Markdown, true
	case ext == ".pdf":
		return PDF, true
	case ext == ".docx":
		return DOCX, true
	case ext == ".html" || ext == ".htm" || ext == ".xhtml":
		return HTML, true
	case ext == ".epub":
		return EPUB, true
	case ext == ".pptx":
		return PPTX, true
	case ext == ".xlsx" || ext == ".xlsm":
		return XLSX, true
	case ext == ".odt" || ext == ".ods" || ext == ".odp":
		return OpenDocument, true
	case ext == ".ipynb":
		return Notebook, true
	case plainTextExtensions[ext]:
		return PlainText, true
	}
	return nil, false
}

// plainTextExtensions are read as plain text: prose, data and source code.
var plainTextExtensions = map[string]bool{}

func init() {
	for _, ext := range strings.Fields(`.txt .text .log .rst .adoc .org .tex .srt .vtt
		.json .jsonl .yaml .yml .toml .ini .cfg .conf .xml .csv .tsv
		.go .py .js .ts .tsx .jsx .java .kt .c .h .cc .cpp .hpp .cs .rs .rb .php .swift .m .scala
		.sh .bash .zsh .ps1 .bat .sql .r .lua .pl .dart .vue .svelte .css .scss .less`) {
		plainTextExtensions[ext] = true
	}
}
