package main

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ChatMLTemplate is the Jinja chat template recorded in the GGUF metadata,
// as Hugging Face models carry it; Ollama recognises it as ChatML.
const ChatMLTemplate = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"

// vocabulary builds a byte-fallback SentencePiece vocabulary: the three
// special tokens, all 256 byte tokens (so any text, Chinese included,
// tokenises), the word-boundary piece "▁" (U+2581, which the tokenizer
// needs for spaces), ChatML's markers and a few common pieces.
func vocabulary() (tokens []string, scores []float32, types []int32) {
	const (
		normal  = 1
		unknown = 2
		control = 3
		byteTok = 6
	)
	add := func(tok string, score float32, typ int32) {
		tokens, scores, types = append(tokens, tok), append(scores, score), append(types, typ)
	}
	add("<unk>", 0, unknown)
	add("<s>", 0, control)
	add("</s>", 0, control)
	for b := range 256 {
		add(fmt.Sprintf("<0x%02X>", b), 0, byteTok)
	}
	add("<|im_start|>", 0, control)
	add("<|im_end|>", 0, control)
	pieces := []string{"▁", "▁the", "▁a", "▁of", "▁and", "▁to", "▁is", "▁in", "e", "t", "a", "o", "i", "n", "s", "r", "h", "l", "d", "的", "是", "知", "库",
		// A reranker's answers, so the chat model can stand in for one.
		"yes", "no", "▁yes", "▁no"}
	for i, p := range pieces {
		add(p, -float32(i+1), normal)
	}
	return tokens, scores, types
}

func metadata(spec Spec) []kv {
	tokens, scores, types := vocabulary()
	headDim := spec.Width / spec.Heads
	meta := []kv{
		{"general.architecture", "llama"},
		{"general.name", spec.Name},
		{"general.file_type", uint32(0)}, // all F32
		{"llama.context_length", uint32(spec.ContextLn)},
		{"llama.embedding_length", uint32(spec.Width)},
		{"llama.block_count", uint32(1)},
		{"llama.feed_forward_length", uint32(spec.FFN)},
		{"llama.attention.head_count", uint32(spec.Heads)},
		{"llama.attention.head_count_kv", uint32(spec.Heads)},
		{"llama.attention.layer_norm_rms_epsilon", float32(1e-5)},
		{"llama.rope.dimension_count", uint32(headDim)},
		{"llama.rope.freq_base", float32(10000)},
		{"llama.vocab_size", uint32(len(tokens))},
		{"tokenizer.ggml.model", "llama"},
		{"tokenizer.ggml.tokens", tokens},
		{"tokenizer.ggml.scores", scores},
		{"tokenizer.ggml.token_type", types},
		{"tokenizer.ggml.unknown_token_id", uint32(0)},
		{"tokenizer.ggml.bos_token_id", uint32(1)},
		{"tokenizer.ggml.eos_token_id", uint32(2)},
		{"tokenizer.ggml.add_bos_token", true},
		{"tokenizer.ggml.add_eos_token", false},
		{"tokenizer.chat_template", ChatMLTemplate},
	}
	if spec.Embedding {
		// A pooling type is what marks a GGUF as an embedding model, for
		// llama.cpp and for Ollama's capability list; 1 is mean pooling.
		meta = append(meta, kv{"llama.pooling_type", uint32(1)})
	}
	return meta
}

// tensors returns a llama block's weights with small random values (norms
// at one), drawn from the spec's seed so the file is reproducible.
func tensors(spec Spec) []tensor {
	rng := rand.New(rand.NewPCG(spec.Seed, 0x7a68696b75))
	vocab := uint64(len(vocabularyTokens()))
	w, ffn := uint64(spec.Width), uint64(spec.FFN)
	random := func(name string, dims ...uint64) tensor {
		n := uint64(1)
		for _, d := range dims {
			n *= d
		}
		scale := 1 / math.Sqrt(float64(dims[0]))
		data := make([]float32, n)
		for i := range data {
			data[i] = float32(rng.NormFloat64() * scale)
		}
		return tensor{name: name, dims: dims, data: data}
	}
	ones := func(name string, n uint64) tensor {
		data := make([]float32, n)
		for i := range data {
			data[i] = 1
		}
		return tensor{name: name, dims: []uint64{n}, data: data}
	}
	return []tensor{
		random("token_embd.weight", w, vocab),
		ones("blk.0.attn_norm.weight", w),
		random("blk.0.attn_q.weight", w, w),
		random("blk.0.attn_k.weight", w, w),
		random("blk.0.attn_v.weight", w, w),
		random("blk.0.attn_output.weight", w, w),
		ones("blk.0.ffn_norm.weight", w),
		random("blk.0.ffn_gate.weight", w, ffn),
		random("blk.0.ffn_up.weight", w, ffn),
		random("blk.0.ffn_down.weight", ffn, w),
		ones("output_norm.weight", w),
		random("output.weight", w, vocab),
	}
}

func vocabularyTokens() []string {
	tokens, _, _ := vocabulary()
	return tokens
}

// adapterMetadata marks a GGUF as a LoRA adapter for the llama
// architecture, as llama.cpp's convert_lora_to_gguf writes it.
func adapterMetadata(rank int) []kv {
	return []kv{
		{"general.architecture", "llama"},
		{"general.type", "adapter"},
		{"general.name", "zhiku-tiny-lora"},
		{"adapter.type", "lora"},
		{"adapter.lora.alpha", float32(rank)},
	}
}

// adapterTensors are the A (rank × in) and B (out × rank) matrices of the
// attention query and value weights.
func adapterTensors(base Spec, rank int) []tensor {
	rng := rand.New(rand.NewPCG(base.Seed+100, 0x6c6f7261))
	w, r := uint64(base.Width), uint64(rank)
	random := func(name string, dims ...uint64) tensor {
		data := make([]float32, dims[0]*dims[1])
		for i := range data {
			data[i] = float32(rng.NormFloat64() * 0.5)
		}
		return tensor{name: name, dims: dims, data: data}
	}
	var out []tensor
	for _, target := range []string{"attn_q", "attn_v"} {
		out = append(out,
			random("blk.0."+target+".weight.lora_a", w, r),
			random("blk.0."+target+".weight.lora_b", r, w))
	}
	return out
}
