package core

import (
	"strconv"
	"strings"
)

// RetrievalMode picks the retrievers a search uses.
type RetrievalMode string

const (
	RetrievalHybrid  RetrievalMode = "hybrid"
	RetrievalKeyword RetrievalMode = "keyword"
	RetrievalVector  RetrievalMode = "vector"
)

// RetrievalSettings tune search and the passages chat is given.
type RetrievalSettings struct {
	Mode RetrievalMode `json:"mode"`
	// KeywordWeight and VectorWeight scale each retriever's share in
	// reciprocal-rank fusion.
	KeywordWeight float64 `json:"keywordWeight"`
	VectorWeight  float64 `json:"vectorWeight"`
	// RRFK damps the difference between ranks: 1/(RRFK + rank).
	RRFK int `json:"rrfK"`
	// Neighbours is how many chunks before and after a hit come with it as
	// its context.
	Neighbours int `json:"neighbours"`
	// Diversity re-ranks with maximal marginal relevance, so near-repeats
	// give way to other passages; DiversityLambda is the share of
	// relevance against novelty (1 = relevance only).
	Diversity       bool    `json:"diversity"`
	DiversityLambda float64 `json:"diversityLambda"`
}

// DefaultRetrieval is what search uses until the person changes it.
var DefaultRetrieval = RetrievalSettings{
	Mode: RetrievalHybrid, KeywordWeight: 1, VectorWeight: 1, RRFK: 60,
	Neighbours: 1, DiversityLambda: 0.7,
}

// Validate reports the first setting out of its range.
func (r RetrievalSettings) Validate() error {
	bad := func(field, value, allowed string) error {
		return ErrInvalidSetting.New(nil, "field", "retrieval."+field, "value", value, "allowed", allowed)
	}
	switch {
	case r.Mode != RetrievalHybrid && r.Mode != RetrievalKeyword && r.Mode != RetrievalVector:
		return bad("mode", string(r.Mode), "hybrid, keyword, vector")
	case r.KeywordWeight < 0 || r.KeywordWeight > 10:
		return bad("keywordWeight", strconv.FormatFloat(r.KeywordWeight, 'g', -1, 64), "0–10")
	case r.VectorWeight < 0 || r.VectorWeight > 10:
		return bad("vectorWeight", strconv.FormatFloat(r.VectorWeight, 'g', -1, 64), "0–10")
	case r.KeywordWeight == 0 && r.VectorWeight == 0:
		return bad("keywordWeight", "0", "one weight above 0")
	case r.RRFK < 1 || r.RRFK > 1000:
		return bad("rrfK", strconv.Itoa(r.RRFK), "1–1000")
	case r.Neighbours < 0 || r.Neighbours > 3:
		return bad("neighbours", strconv.Itoa(r.Neighbours), "0–3")
	case r.DiversityLambda < 0 || r.DiversityLambda > 1:
		return bad("diversityLambda", strconv.FormatFloat(r.DiversityLambda, 'g', -1, 64), "0–1")
	}
	return nil
}

// DefaultSearchLimit is the number of results when a query names none.
const DefaultSearchLimit = 10

// SearchQuery is one search, from the search box, the command line or chat.
type SearchQuery struct {
	Text string `json:"text"`
	// Variants are other wordings of Text, such as a follow-up question
	// rewritten to stand alone. Each is searched too, and every ranking is
	// fused by reciprocal rank, so a passage either wording finds is found
	// once.
	Variants []string `json:"variants,omitempty"`
	// KBIDs are the knowledge bases to search; none means all.
	KBIDs []int64 `json:"kbIds"`
	// Limit is the number of results; 0 means 10.
	Limit int `json:"limit"`
	// Offset skips that many results, for the next page: the pages of one
	// query over an unchanged index neither repeat nor skip a result.
	Offset int `json:"offset,omitempty"`
	// Mode, when set, overrides the settings' mode for this query.
	Mode RetrievalMode `json:"mode,omitempty"`
	// Rerank, when set, turns reranking on or off for this query in every
	// knowledge base searched, whatever each one's own setting: a
	// check-up measures both.
	Rerank *bool `json:"rerank,omitempty"`
	// Folder keeps files under this folder; Types keeps these formats or
	// file extensions (pdf, .md); Path keeps paths containing it.
	Folder string   `json:"folder,omitempty"`
	Types  []string `json:"types,omitempty"`
	Path   string   `json:"path,omitempty"`
}

// SearchResult is a search's answer.
type SearchResult struct {
	Hits []SearchHit `json:"hits"`
	// Total is how many passages were found, identical ones included:
	// every chunk holding the query's words, and with vectors the chunks
	// ranked by meaning. When TotalExact is false a retriever had more to
	// give than it ranks, and Total is a lower bound.
	Total      int  `json:"total"`
	TotalExact bool `json:"totalExact"`
	// KeywordMatches is how many passages hold the query's words.
	KeywordMatches int `json:"keywordMatches"`
	// More says results follow this page: ask again with Offset moved on.
	More bool `json:"more"`
	// Mode is what was actually used: a hybrid search without vectors is
	// a keyword search, and says why in VectorProblem.
	Mode          RetrievalMode `json:"mode"`
	VectorProblem *Problem      `json:"vectorProblem,omitempty"`
	// Notices are things the person should know, such as an index file
	// found damaged and rebuilt.
	Notices []Problem `json:"notices,omitempty"`
	// RerankModel names the reranker that ordered the first passages, when
	// one did; RerankProblem says why they are in the fused order when
	// reranking was on and did not happen.
	RerankModel   string   `json:"rerankModel,omitempty"`
	RerankProblem *Problem `json:"rerankProblem,omitempty"`
	// Catching up is set while an index is being rebuilt after changes:
	// the results come from the index as it was.
	CatchingUp bool    `json:"catchingUp"`
	Millis     float64 `json:"millis"`
	// NamedFiles are the files the query names (by file name, folder or
	// title), whose passages were ranked first; other files still follow.
	NamedFiles []NamedFile `json:"namedFiles,omitempty"`
}

// NameField is where a query found a file's name.
type NameField string

const (
	NamedByFileName NameField = "file"
	NamedByFolder   NameField = "folder"
	NamedByTitle    NameField = "title"
)

// NamedFile is a file a query names: "北京的政府工作报告" names
// 2024年北京市政府工作报告.pdf, "the staff handbook" Staff_Handbook.md.
type NamedFile struct {
	KBID int64 `json:"kbId"`
	// Path is the file's path as shown to the person.
	Path string `json:"path"`
	// Field says what was named, Name is its text: the file's name, a
	// folder holding it, or its title.
	Field NameField `json:"field"`
	Name  string    `json:"name"`
}

// SearchHit is one passage found.
type SearchHit struct {
	ChunkID  int64    `json:"chunkId"`
	KBID     int64    `json:"kbId"`
	KBName   string   `json:"kbName"`
	Path     string   `json:"path"`
	Format   string   `json:"format"`
	Page     int      `json:"page"`
	Headings []string `json:"headings"`
	Ordinal  int      `json:"ordinal"`
	Text     string   `json:"text"`
	// Start and End place the passage in the file's extracted text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Snippet is the best window of Text, split into plain and matched
	// runs for highlighting.
	Snippet []Segment `json:"snippet"`
	// Context is the passage with its neighbouring chunks joined around
	// it, for a model that needs the whole passage.
	Context string  `json:"context"`
	Score   float64 `json:"score"`
	// KeywordRank and VectorRank are 1-based ranks in each retriever; 0
	// where it did not find the chunk.
	KeywordRank int     `json:"keywordRank"`
	VectorRank  int     `json:"vectorRank"`
	Similarity  float64 `json:"similarity"`
	// Duplicates counts near-identical chunks folded into this one.
	Duplicates int `json:"duplicates"`
	// RerankScore is the reranker's judgement of the passage against the
	// query, 0 to 1; absent when it was not reranked or the model gave no
	// verdict, and the passage kept its place in the fused order.
	RerankScore *float64 `json:"rerankScore,omitempty"`
}

// Segment is a run of snippet text, matched or not.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// SnippetText renders a snippet for a terminal, with matches marked by mark.
func SnippetText(segments []Segment, mark func(string) string) string {
	var b strings.Builder
	for _, s := range segments {
		if s.Match {
			b.WriteString(mark(s.Text))
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
