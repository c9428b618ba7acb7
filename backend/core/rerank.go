package core

import "context"

// ScorePairFunc asks a reranker model how well passage answers query: a
// score from 0 to 1, or known false when the model's answer gave no
// verdict. Ollama's /api/generate with log-probabilities in the app,
// anything in tests; search takes it as it takes EmbedFunc.
type ScorePairFunc func(ctx context.Context, model, query, passage string) (score float64, known bool, err error)
