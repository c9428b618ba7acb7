// Command tinymodel writes the tiny GGUF models the integration tests run in
// a real Ollama server: llama architecture, one layer, random weights drawn
// from a fixed seed, and a byte-fallback SentencePiece vocabulary, so the
// same bytes come out every time. Their text is noise; the mechanics
// (tokenising, chat templates, streaming, batched embeddings) are real.
// Dev-only.
//
//	go run ./tools/tinymodel -out DIR
//
// writes DIR/zhiku-tiny-chat.gguf (64-wide), DIR/zhiku-tiny-embed.gguf
// (32-wide, so tests can meet a change of embedding dimension),
// DIR/zhiku-tiny-lora.gguf, a LoRA adapter for the chat model, and
// DIR/zhiku-static-embed.gguf, a static embedding model whose vectors do
// mean something (static.go), with the vectors Ollama must give for it in
// DIR/zhiku-static-embed.expected.json.
//
//	go run ./tools/tinymodel -eval CMRC.json [-every N]
//
// measures retrieval on a SQuAD-style set (or every N-th article of it)
// with the static model's vectors computed here, as Ollama computes them.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Spec describes one model to generate.
type Spec struct {
	Name      string
	Width     int // embedding length
	FFN       int // feed-forward length
	Heads     int
	ContextLn int
	Seed      uint64
	// Embedding marks the model as an embedding model (mean pooling).
	Embedding bool
	// Static makes it the static embedding model: learned token vectors
	// passed through unchanged (static.go).
	Static bool
}

// Models are the models the test rig imports.
var Models = []Spec{
	{Name: "zhiku-tiny-chat", Width: 64, FFN: 128, Heads: 4, ContextLn: 4096, Seed: 1},
	{Name: "zhiku-tiny-embed", Width: 32, FFN: 64, Heads: 4, ContextLn: 4096, Seed: 2, Embedding: true},
	{Name: "zhiku-static-embed", Width: staticWidth, FFN: 256, Heads: 4, ContextLn: 4096, Seed: 4, Embedding: true, Static: true},
}

func main() {
	out := flag.String("out", ".", "folder to write the GGUF files to")
	eval := flag.String("eval", "", "measure retrieval on this SQuAD-style file with the static model instead")
	every := flag.Int("every", 1, "with -eval, take every n-th article only")
	flag.Parse()
	if *eval != "" {
		if err := evaluateStatic(*eval, *every, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "tinymodel:", err)
			os.Exit(1)
		}
		return
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "tinymodel:", err)
		os.Exit(1)
	}
	for _, spec := range Models {
		path := filepath.Join(*out, spec.Name+".gguf")
		if err := writeModel(path, spec); err != nil {
			fmt.Fprintf(os.Stderr, "tinymodel: write %s: %v\n", path, err)
			os.Exit(1)
		}
		info, _ := os.Stat(path)
		fmt.Printf("%s (%d KB)\n", path, info.Size()/1024)
	}
	path := filepath.Join(*out, "zhiku-tiny-lora.gguf")
	if err := writeAdapter(path, Models[0], 4); err != nil {
		fmt.Fprintf(os.Stderr, "tinymodel: write %s: %v\n", path, err)
		os.Exit(1)
	}
	fmt.Println(path)
}

// writeAdapter writes a LoRA adapter of the given rank for a model: low-
// rank A and B matrices for its attention query and value weights.
func writeAdapter(path string, base Spec, rank int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeGGUF(f, adapterMetadata(rank), adapterTensors(base, rank)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeModel(path string, spec Spec) error {
	meta, weights := metadata, tensors
	if spec.Static {
		m, err := buildStaticModel()
		if err != nil {
			return err
		}
		if err := checkStaticSpec(spec); err != nil {
			return err
		}
		meta, weights = m.metadata, m.tensors
		expected := strings.TrimSuffix(path, ".gguf") + ".expected.json"
		if err := writeStaticExpectation(expected, spec.Name, m); err != nil {
			return fmt.Errorf("write %s: %w", expected, err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeGGUF(f, meta(spec), weights(spec)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
