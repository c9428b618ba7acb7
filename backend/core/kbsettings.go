package core

import (
	"strconv"
	"strings"
)

// Chunk sizes retrieval works well in: below, passages lose their context;
// above, they dilute it and crowd the prompt.
const (
	minChunkTokens = 50
	maxChunkTokens = 4000
)

// Checked is cfg with spaces trimmed and blank patterns dropped, or the
// problem with its chunk sizes.
func (cfg KBSettings) Checked() (KBSettings, error) {
	c := cfg.Chunking
	if c.MaxTokens < minChunkTokens || c.MaxTokens > maxChunkTokens || c.OverlapTokens < 0 || c.OverlapTokens*2 >= c.MaxTokens {
		return KBSettings{}, ErrChunkSettings.New(nil, "min", strconv.Itoa(minChunkTokens), "max", strconv.Itoa(maxChunkTokens))
	}
	cfg.EmbedModel = strings.TrimSpace(cfg.EmbedModel)
	cfg.Include, cfg.Exclude = cleanPatterns(cfg.Include), cleanPatterns(cfg.Exclude)
	return cfg, nil
}

// cleanPatterns drops blank lines and surrounding spaces.
func cleanPatterns(patterns []string) []string {
	out := []string{}
	for _, p := range patterns {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
