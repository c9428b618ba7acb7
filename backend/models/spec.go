package models

import (
	"errors"
	"fmt"
	"os"

	gguf "github.com/gpustack/gguf-parser-go"

	"github.com/zhiku-app/zhiku/backend/core"
)

// SpecFromDetails makes a Spec of an installed model from what Ollama's
// /api/show and /api/tags say of it; sizeBytes is its size on disk.
func SpecFromDetails(d core.ModelDetails, sizeBytes int64) Spec {
	return Spec{
		Name: d.Name, Parameters: d.ParameterCount, BitsPerWeight: BitsPerWeight(d.Quantization), WeightsBytes: sizeBytes,
		Layers: d.Layers, Embedding: d.EmbeddingLength, Heads: d.HeadCount, KVHeads: d.HeadCountKV,
		Vocabulary: d.VocabSize, ContextLength: d.ContextLength,
	}
}

// SpecFromGGUF reads a GGUF file's header (not its weights, so even a
// 40 GB file takes milliseconds). A file that is not GGUF, or names no
// architecture, is an ErrGGUFUnreadable.
func SpecFromGGUF(path string) (Spec, error) {
	info, err := os.Stat(path)
	if err == nil {
		err = core.CheckRegular(path)
	}
	if err != nil {
		return Spec{}, core.ErrGGUFUnreadable.New(err, "path", path, "reason", err.Error())
	}
	f, err := gguf.ParseGGUFFile(path, gguf.SkipLargeMetadata())
	if err != nil {
		return Spec{}, core.ErrGGUFUnreadable.New(err, "path", path, "reason", "not a GGUF file ("+err.Error()+")")
	}
	arch := f.Architecture()
	meta := f.Metadata()
	if arch.Architecture == "" || arch.BlockCount == 0 {
		return Spec{}, core.ErrGGUFUnreadable.New(errors.New("no architecture in the header"), "path", path,
			"reason", fmt.Sprintf("the GGUF header names no usable architecture (%q)", meta.Architecture))
	}
	return Spec{
		Name: meta.Name, Architecture: arch.Architecture, Parameters: int64(meta.Parameters), BitsPerWeight: float64(meta.BitsPerWeight),
		WeightsBytes: info.Size(), Layers: int(arch.BlockCount), Embedding: int(arch.EmbeddingLength),
		Heads: int(arch.AttentionHeadCount), KVHeads: int(arch.AttentionHeadCountKV),
		Vocabulary: int(arch.VocabularyLength), ContextLength: int(arch.MaximumContextLength),
	}, nil
}

// CheckAdapter reads a LoRA adapter's GGUF header and returns the
// architecture it is for; a file that is not a GGUF adapter is refused.
func CheckAdapter(path string) (string, error) {
	if err := core.CheckRegular(path); err != nil {
		return "", core.ErrGGUFUnreadable.New(err, "path", path, "reason", err.Error())
	}
	f, err := gguf.ParseGGUFFile(path, gguf.SkipLargeMetadata())
	if err != nil {
		return "", core.ErrGGUFUnreadable.New(err, "path", path, "reason", "not a GGUF file ("+err.Error()+")")
	}
	meta := f.Metadata()
	if meta.Type != "adapter" {
		return "", core.ErrGGUFUnreadable.New(nil, "path", path, "reason", fmt.Sprintf("it is a %q, not a LoRA adapter", meta.Type))
	}
	return meta.Architecture, nil
}
