package main

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The static embedding model is a table of token vectors behind one llama
// block whose attention averages them. Ollama serves a llama model's
// embedding from the last token's state, whatever pooling the file
// names, so the averaging is done by the model: with query and key
// weights zero every position attends equally to itself and all before
// it, the value weights pass each token's normed vector through, and the
// output weights scale the mean far above the last token's own vector in
// the residual stream. The feed-forward down weights are zero and every
// norm weight is one. What Ollama returns is then, but for a trace of the
// last token, the mean of the tokens' normed vectors, normalised: a bag of
// tokens, each token's vector learned here.
const (
	staticSemanticDims = 64  // learned from co-occurrence (truncated SVD of PPMI)
	staticIdentityDims = 448 // a fixed random signature per token
	staticWidth        = staticSemanticDims + staticIdentityDims
	// staticNormEpsilon is the RMS norm's epsilon. A row of RMS r comes
	// out of the norm scaled by 1/sqrt(r² + ε); with ε = 1 a token's
	// weight in the mean survives the norm: a row of small RMS stays
	// small, where with the usual 1e-5 every token would weigh the same.
	staticNormEpsilon = 1.0
	// staticSemanticShare is the share of a covered token's vector that
	// is learned; the rest keeps the token told apart from others, which
	// the weak corpus cannot do on its own.
	staticSemanticShare = 0.2
	// sifSmoothing is a in the weight a / (a + p(token)) of "smooth
	// inverse frequency": a token that is 1% of running text weighs about
	// a tenth of a rare one.
	sifSmoothing = 1e-3
	// byteWeight is a byte token's: the three bytes of a character outside
	// the vocabulary still tell rare characters apart a little, but every
	// such character shares its first byte with thousands of others.
	byteWeight = 0.3
	// bosWeight keeps a text with no known token from a zero vector.
	bosWeight = 0.02
	// staticAttentionGain scales the attention's mean in the residual
	// stream, so the last token's own vector, added to it there, counts
	// for about a thousandth of it.
	staticAttentionGain = 1000
)

// staticModel is everything generated for the static embedding model.
type staticModel struct {
	tokens    []string
	scores    []float32
	types     []int32
	tokenizer *spmTokenizer
	// rows are the token_embd rows, width staticWidth each.
	rows [][]float32
}

// buildStaticModel generates the vocabulary, the corpus and the token
// vectors. The same bytes come out every time.
func buildStaticModel() (*staticModel, error) {
	tokens, scores, types, err := staticVocabulary()
	if err != nil {
		return nil, err
	}
	tok, err := newSPMTokenizer(tokens, scores, 1)
	if err != nil {
		return nil, err
	}
	var docs [][]int32
	for _, d := range corpusDocuments(80, 8) {
		docs = append(docs, tok.Tokenize(d)[1:]) // without BOS
	}
	co := countCooccurrence(docs, tokens, tok, 8)
	semantic, strengths := topEigenvectors(co.ppmi(), staticSemanticDims, 6, 0x5eed)
	for _, v := range semantic { // U·√|Σ|: strong directions count for more
		for c := range v {
			v[c] *= math.Sqrt(math.Abs(strengths[c]))
		}
	}

	realShares := zipfShares()
	rng := rand.New(rand.NewPCG(3, 0x6964656e74))
	rows := make([][]float32, len(tokens))
	for id := range tokens {
		identity := make([]float64, staticIdentityDims)
		for i := range identity {
			identity[i] = rng.NormFloat64()
		}
		weight := 1.0
		switch {
		case types[id] == tokenByte:
			weight = byteWeight
		case types[id] == tokenUnknown || tokens[id] == "</s>":
			weight = 0
		case tokens[id] == "<s>":
			weight = bosWeight
		default:
			// The generated corpus knows its own frame words are common,
			// the frequency list knows real text's; either is enough.
			share := max(co.freq[int32(id)], realShares[tokens[id]])
			weight = sifSmoothing / (sifSmoothing + share)
		}
		learned, share := make([]float64, staticSemanticDims), 0.0
		if r, ok := co.index[int32(id)]; ok {
			learned, share = scaled(semantic[r], math.Sqrt(staticSemanticShare)), staticSemanticShare
		}
		rows[id] = rowForWeight(append(learned, scaled(identity, math.Sqrt(1-share))...), weight)
	}
	return &staticModel{tokens: tokens, scores: scores, types: types, tokenizer: tok, rows: rows}, nil
}

// scaled returns v at length norm (zero stays zero).
func scaled(v []float64, norm float64) []float64 {
	sum := 0.0
	for _, x := range v {
		sum += x * x
	}
	out := make([]float64, len(v))
	if sum == 0 {
		return out
	}
	f := norm / math.Sqrt(sum)
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

// rowForWeight scales the unit direction v so that the final RMS norm
// turns it into a vector of length weight: a row of length c has RMS
// c/√d and leaves the norm at length c/sqrt(c²/d + ε), so c² =
// w²ε / (1 − w²/d).
func rowForWeight(v []float64, weight float64) []float32 {
	d := float64(len(v))
	c := math.Sqrt(weight * weight * staticNormEpsilon / (1 - weight*weight/d))
	unit := scaled(v, 1)
	row := make([]float32, len(v))
	for i, x := range unit {
		row[i] = float32(x * c)
	}
	return row
}

// Embed is what Ollama computes for text: tokenise (BOS first), take each
// token's row through the attention's RMS norm, average (the attention),
// scale the mean by the output weights and add the last token's row (the
// residual stream), and normalise to unit length, as the final norm and
// /api/embed do.
func (m *staticModel) Embed(text string) []float32 {
	ids := m.tokenizer.Tokenize(text)
	state := make([]float64, staticWidth)
	for _, id := range ids {
		row := m.rows[id]
		meanSquare := 0.0
		for _, x := range row {
			meanSquare += float64(x) * float64(x)
		}
		meanSquare /= float64(len(row))
		scale := staticAttentionGain / math.Sqrt(meanSquare+staticNormEpsilon) / float64(len(ids))
		for i, x := range row {
			state[i] += float64(x) * scale
		}
	}
	for i, x := range m.rows[ids[len(ids)-1]] {
		state[i] += float64(x)
	}
	unit := scaled(state, 1)
	out := make([]float32, len(unit))
	for i, x := range unit {
		out[i] = float32(x)
	}
	return out
}

func (m *staticModel) metadata(spec Spec) []kv {
	return []kv{
		{"general.architecture", "llama"},
		{"general.name", spec.Name},
		{"general.file_type", uint32(0)}, // all F32
		{"llama.context_length", uint32(spec.ContextLn)},
		{"llama.embedding_length", uint32(staticWidth)},
		{"llama.block_count", uint32(1)},
		{"llama.feed_forward_length", uint32(spec.FFN)},
		{"llama.attention.head_count", uint32(spec.Heads)},
		{"llama.attention.head_count_kv", uint32(spec.Heads)},
		{"llama.attention.layer_norm_rms_epsilon", float32(staticNormEpsilon)},
		{"llama.rope.dimension_count", uint32(staticWidth / spec.Heads)},
		{"llama.rope.freq_base", float32(10000)},
		{"llama.vocab_size", uint32(len(m.tokens))},
		{"llama.pooling_type", uint32(1)}, // mean
		{"tokenizer.ggml.model", "llama"},
		{"tokenizer.ggml.tokens", m.tokens},
		{"tokenizer.ggml.scores", m.scores},
		{"tokenizer.ggml.token_type", m.types},
		{"tokenizer.ggml.unknown_token_id", uint32(0)},
		{"tokenizer.ggml.bos_token_id", uint32(1)},
		{"tokenizer.ggml.eos_token_id", uint32(2)},
		{"tokenizer.ggml.add_bos_token", true},
		{"tokenizer.ggml.add_eos_token", false},
	}
}

// tensors are the token table and a llama block whose attention averages
// the tokens. Query and key weights are zero, so attention is even; value
// weights are the identity and output weights the identity scaled by
// staticAttentionGain. The gate and up weights are random and the down
// weights zero, so the feed-forward is computed as in any model, costs
// what it costs, and adds nothing.
func (m *staticModel) tensors(spec Spec) []tensor {
	rng := rand.New(rand.NewPCG(spec.Seed, 0x737461746963))
	w, ffn, vocab := uint64(staticWidth), uint64(spec.FFN), uint64(len(m.tokens))
	filled := func(name string, value func() float32, dims ...uint64) tensor {
		n := uint64(1)
		for _, d := range dims {
			n *= d
		}
		data := make([]float32, n)
		for i := range data {
			data[i] = value()
		}
		return tensor{name: name, dims: dims, data: data}
	}
	random := func() float32 { return float32(rng.NormFloat64() / math.Sqrt(float64(w))) }
	zero := func() float32 { return 0 }
	one := func() float32 { return 1 }
	diagonal := func(name string, value float32) tensor {
		data := make([]float32, w*w)
		for i := range w {
			data[i*w+i] = value
		}
		return tensor{name: name, dims: []uint64{w, w}, data: data}
	}
	table := make([]float32, 0, w*vocab)
	for _, row := range m.rows {
		table = append(table, row...)
	}
	return []tensor{
		{name: "token_embd.weight", dims: []uint64{w, vocab}, data: table},
		filled("blk.0.attn_norm.weight", one, w),
		filled("blk.0.attn_q.weight", zero, w, w),
		filled("blk.0.attn_k.weight", zero, w, w),
		diagonal("blk.0.attn_v.weight", 1),
		diagonal("blk.0.attn_output.weight", staticAttentionGain),
		filled("blk.0.ffn_norm.weight", one, w),
		filled("blk.0.ffn_gate.weight", random, w, ffn),
		filled("blk.0.ffn_up.weight", random, w, ffn),
		filled("blk.0.ffn_down.weight", zero, ffn, w),
		filled("output_norm.weight", one, w),
		// No output.weight: llama.cpp then ties the output to the token
		// table, as many models do, and the file is half the size.
	}
}

// checkStaticSpec refuses a spec the static model cannot follow.
func checkStaticSpec(spec Spec) error {
	if spec.Width != staticWidth || staticWidth%spec.Heads != 0 {
		return fmt.Errorf("%s: the static model is %d wide in %d heads", spec.Name, staticWidth, spec.Heads)
	}
	return nil
}
