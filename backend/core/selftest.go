package core

import (
	"encoding/json"
	"errors"
)

// A retrieval check-up (检索体检) measures search on a person's own
// knowledge base: a local model writes questions about chunks drawn from
// it, and each retrieval setting is scored by how high it ranks the chunk
// each question came from.

// SelfTestSetting is one retrieval setting a check-up compares: what it
// changes of the retrieval settings in force.
type SelfTestSetting struct {
	// Key names the setting for the UI, the command line and Apply.
	Key           string        `json:"key"`
	Mode          RetrievalMode `json:"mode"`
	KeywordWeight float64       `json:"keywordWeight"`
	VectorWeight  float64       `json:"vectorWeight"`
	Neighbours    int           `json:"neighbours"`
	// ChunkTokens, when set, is a candidate chunk size the knowledge base
	// was cut into again for this setting; 0 is its own chunks.
	ChunkTokens int `json:"chunkTokens,omitempty"`
	// Rerank has the reranker model of Settings order the first passages;
	// it is the knowledge base's own switch.
	Rerank bool `json:"rerank,omitempty"`
}

// On is rs with this setting's choices in place of its own; what the
// setting does not choose (the fusion constant, diversity) stays.
func (s SelfTestSetting) On(rs RetrievalSettings) RetrievalSettings {
	rs.Mode, rs.KeywordWeight, rs.VectorWeight, rs.Neighbours = s.Mode, s.KeywordWeight, s.VectorWeight, s.Neighbours
	return rs
}

// SelfTestScore is one setting's figures over a check-up's questions.
type SelfTestScore struct {
	Setting SelfTestSetting `json:"setting"`
	// Hit1 and Hit5 are the shares of questions whose chunk came first,
	// or among the first five; MRR is the mean reciprocal rank in the
	// first ten.
	Hit1      float64 `json:"hit1"`
	Hit5      float64 `json:"hit5"`
	MRR       float64 `json:"mrr"`
	P50Millis float64 `json:"p50Millis"`
	// Misses are the questions whose chunk was not among the first five.
	Misses []SelfTestMiss `json:"misses"`
}

// SelfTestMiss is a question a setting did not rank its chunk for in the
// first five: where the answer is, and what came first instead.
type SelfTestMiss struct {
	Question string `json:"question"`
	Path     string `json:"path"`
	Page     int    `json:"page"`
	// Rank is where the chunk came, 6 to 10; 0 when not in the first ten.
	Rank      int    `json:"rank"`
	FirstPath string `json:"firstPath,omitempty"`
	FirstPage int    `json:"firstPage,omitempty"`
	FirstText string `json:"firstText,omitempty"`
}

// SelfTestRun is one finished check-up of a knowledge base.
type SelfTestRun struct {
	ID        int64  `json:"id"`
	KBID      int64  `json:"kbId"`
	CreatedAt string `json:"createdAt"`
	ChatModel string `json:"chatModel"`
	// VectorModel and ChunkTokens are the knowledge base's when it ran:
	// the figures hold while they do.
	VectorModel string `json:"vectorModel"`
	ChunkTokens int    `json:"chunkTokens"`
	// Drawn chunks were sent to the model; Questions passed the grounding
	// check; Unparsed replies held no question, Ungrounded ones failed it.
	Drawn      int             `json:"drawn"`
	Questions  int             `json:"questions"`
	Unparsed   int             `json:"unparsed"`
	Ungrounded int             `json:"ungrounded"`
	Scores     []SelfTestScore `json:"scores"`
	// Recommended is the key of the best setting.
	Recommended string  `json:"recommended"`
	Seconds     float64 `json:"seconds"`
	// Stale is set, when the run is read, if the knowledge base's vector
	// model or chunk size has changed since: its figures no longer hold.
	Stale bool `json:"stale"`
}

// Recommendation is the score of the recommended setting; false when the
// run has none.
func (r SelfTestRun) Recommendation() (SelfTestScore, bool) {
	for _, s := range r.Scores {
		if s.Setting.Key == r.Recommended {
			return s, true
		}
	}
	return SelfTestScore{}, false
}

// SelfTestPhase is where a running check-up stands.
type SelfTestPhase string

const (
	// SelfTestWriting: the model writes questions, Done of Total chunks.
	SelfTestWriting SelfTestPhase = "writing"
	// SelfTestSearching: the settings are measured, Done of Total.
	SelfTestSearching SelfTestPhase = "searching"
	// SelfTestRechunking: the files are cut again at a candidate chunk
	// size, before the settings at that size are measured.
	SelfTestRechunking SelfTestPhase = "rechunking"
)

// SelfTestProgress is the state of a running check-up, carried by
// EventSelfTestProgress. The last one has Finished set, with the run when
// it completed.
type SelfTestProgress struct {
	KBID      int64         `json:"kbId"`
	Phase     SelfTestPhase `json:"phase"`
	Done      int           `json:"done"`
	Total     int           `json:"total"`
	Kept      int           `json:"kept"`
	Finished  bool          `json:"finished"`
	Cancelled bool          `json:"cancelled"`
	Problem   *Problem      `json:"problem,omitempty"`
	Run       *SelfTestRun  `json:"run,omitempty"`
}

// EventSelfTestProgress carries SelfTestProgress.
const EventSelfTestProgress = "selftest:progress"

// Problems of the retrieval check-up.
var (
	ErrSelfTestNoText = ProblemKind{"selftest.no_text",
		"{name} has no indexed text to write questions about yet. Wait for indexing to finish, then start the check-up again",
		"{name} 还没有可用来出题的已索引文本。请等待索引完成后再开始体检"}
	ErrSelfTestTooFew = ProblemKind{"selftest.too_few",
		"Only {kept} of the {drawn} questions the model wrote passed the check, and at least {min} are needed to measure retrieval. Start again with more questions, or choose another chat model",
		"模型写出的 {drawn} 个问题中只有 {kept} 个通过检查，至少需要 {min} 个才能衡量检索效果。请增加问题数量后重试，或换一个对话模型"}
	ErrSelfTestBusy = ProblemKind{"selftest.busy",
		"A check-up of {name} is already running. Wait for it to finish, or cancel it",
		"{name} 的体检正在进行。请等待其完成，或取消它"}
	ErrSelfTestRunNotFound = ProblemKind{"selftest.run_not_found",
		"This check-up no longer exists. It may have been removed with its knowledge base",
		"该体检记录已不存在，可能已随知识库一起删除"}
	ErrSelfTestStale = ProblemKind{"selftest.stale",
		"The knowledge base's embedding model or chunk size has changed since this check-up, so its recommendation may no longer hold. Run the check-up again",
		"自这次体检以来，知识库的向量模型或分块大小已更改，其推荐可能不再适用。请重新体检"}
)

// MarshalJSON writes both paths as their keys, and as people read them.
func (m SelfTestMiss) MarshalJSON() ([]byte, error) {
	type plain SelfTestMiss
	return json.Marshal(struct {
		plain
		Path             string `json:"path"`
		DisplayPath      string `json:"displayPath"`
		FirstPath        string `json:"firstPath,omitempty"`
		FirstDisplayPath string `json:"firstDisplayPath,omitempty"`
	}{plain(m), PathKey(m.Path), DisplayPath(m.Path), PathKey(m.FirstPath), DisplayPath(m.FirstPath)})
}

// UnmarshalJSON reads a miss saved with its run, with the paths its keys
// name.
func (m *SelfTestMiss) UnmarshalJSON(data []byte) error {
	type plain SelfTestMiss
	v := struct {
		*plain
		Path      string `json:"path"`
		FirstPath string `json:"firstPath"`
	}{plain: (*plain)(m)}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	var err, firstErr error
	m.Path, err = PathFromKey(v.Path)
	m.FirstPath, firstErr = PathFromKey(v.FirstPath)
	return errors.Join(err, firstErr)
}
