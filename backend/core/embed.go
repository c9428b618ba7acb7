package core

import "context"

// EmbedFunc computes vectors for texts with an embedding model, one per
// text, in order: Ollama's batched /api/embed in the app, anything in
// tests. It is the one seam every part that embeds (indexing, search,
// evaluation) takes.
type EmbedFunc func(ctx context.Context, model string, texts []string) ([][]float32, error)
