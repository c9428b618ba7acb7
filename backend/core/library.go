package core

import "time"

// ChunkSettings size a knowledge base's chunks.
type ChunkSettings struct {
	MaxTokens     int `json:"maxTokens"`
	OverlapTokens int `json:"overlapTokens"`
}

// DefaultChunking is what a new knowledge base uses.
var DefaultChunking = ChunkSettings{MaxTokens: 300, OverlapTokens: 40}

// KnowledgeBase is a named set of sources, indexed together.
type KnowledgeBase struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	// Sources are absolute paths of folders and single files.
	Sources    []string `json:"sources"`
	EmbedModel string   `json:"embedModel"`
	// VectorModel is the model whose vectors answer queries: the embedding
	// model in use once all its vectors are in; "" before the first.
	VectorModel string `json:"vectorModel"`
	// Paused is set while the person has paused indexing: nothing syncs it
	// until it is resumed.
	Paused   bool          `json:"paused"`
	Chunking ChunkSettings `json:"chunking"`
	// Include, when not empty, keeps only matching files; Exclude adds to
	// the default exclusions (gitignore syntax, like .zhikuignore).
	Include []string `json:"include"`
	Exclude []string `json:"exclude"`
	// Rerank has the reranker model of Settings order the first passages
	// each search of this knowledge base finds.
	Rerank bool    `json:"rerank"`
	Stats  KBStats `json:"stats"`
	// WatchProblem says why changes are not picked up as they happen,
	// when they are not (the OS watch limit); not stored.
	WatchProblem *Problem `json:"watchProblem,omitempty"`
}

// KBStats count a knowledge base's files by status, and its chunks.
type KBStats struct {
	Files    int   `json:"files"`
	Indexed  int   `json:"indexed"`
	Skipped  int   `json:"skipped"`
	Failed   int   `json:"failed"`
	NeedsOCR int   `json:"needsOcr"`
	Chunks   int   `json:"chunks"`
	Bytes    int64 `json:"bytes"`
}

// FileStatus is where a file stands in its knowledge base.
type FileStatus string

const (
	FileIndexed  FileStatus = "indexed"
	FileSkipped  FileStatus = "skipped"
	FileFailed   FileStatus = "failed"
	FileNeedsOCR FileStatus = "needsOcr"
	// FileIndexing marks a very large file whose chunks are being written
	// in batches; a crash leaves it so, and the next sync redoes it.
	FileIndexing FileStatus = "indexing"
)

// FileRecord is one file of a knowledge base, as the manifest records it.
type FileRecord struct {
	Path     string     `json:"path"`
	Size     int64      `json:"size"`
	ModTime  time.Time  `json:"modTime"`
	Hash     string     `json:"hash"`
	Status   FileStatus `json:"status"`
	Reason   *Problem   `json:"reason,omitempty"`
	Format   string     `json:"format"`
	Encoding string     `json:"encoding"`
	Chunks   int        `json:"chunks"`
}

// ChunkRecord is one stored passage of a file.
type ChunkRecord struct {
	Ordinal  int      `json:"ordinal"`
	Text     string   `json:"text"`
	Hash     string   `json:"hash"`
	Page     int      `json:"page"`
	Headings []string `json:"headings"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Tokens   int      `json:"tokens"`
}

// IndexPhase is where the indexing of a knowledge base stands.
type IndexPhase string

const (
	PhaseScanning  IndexPhase = "scanning"
	PhaseIndexing  IndexPhase = "indexing"
	PhaseDone      IndexPhase = "done"
	PhaseCancelled IndexPhase = "cancelled"
	PhasePaused    IndexPhase = "paused"
	PhaseFailed    IndexPhase = "failed"
)

// IndexProgress is the payload of EventIndexProgress: where one knowledge
// base's indexing stands.
type IndexProgress struct {
	KBID       int64      `json:"kbId"`
	Phase      IndexPhase `json:"phase"`
	FilesDone  int        `json:"filesDone"`
	FilesTotal int        `json:"filesTotal"`
	BytesDone  int64      `json:"bytesDone"`
	BytesTotal int64      `json:"bytesTotal"`
	Chunks     int        `json:"chunks"`
	FilesPerS  float64    `json:"filesPerSecond"`
	// ETASeconds is the time left, from the bytes left of each format and
	// how fast each reads; Estimating is set while too little is done for
	// it to mean anything.
	ETASeconds float64 `json:"etaSeconds"`
	Estimating bool    `json:"estimating"`
	Current    string  `json:"current"`
	// Stats are the knowledge base's counts as the sync has left them so
	// far; nil until it knows them.
	Stats *KBStats `json:"stats,omitempty"`
	// Files are the files recorded since the previous report, with their
	// status and reason, and Gone the paths that left the knowledge base:
	// a page merges them into its file list as they come.
	Files []FileRecord `json:"files,omitempty"`
	Gone  []string     `json:"gone,omitempty"`
	// Changed counts files whose text was (re)indexed; the rest were
	// unchanged since the last sync.
	Changed  int           `json:"changed"`
	Removed  int           `json:"removed"`
	Failures []FileFailure `json:"failures"`
	Problem  *Problem      `json:"problem,omitempty"`
	// EmbedModel is the model vectors are computed with ("" for none);
	// Embedded counts vectors computed in this sync, EmbedPending the chunk
	// texts still without one at its end, and EmbedProblem says why
	// embedding stopped, when it did (the text index is complete anyway).
	EmbedModel   string   `json:"embedModel"`
	Embedded     int      `json:"embedded"`
	EmbedPending int      `json:"embedPending"`
	EmbedProblem *Problem `json:"embedProblem,omitempty"`
}

// FileFailure is one file that could not be indexed, and why.
type FileFailure struct {
	Path    string   `json:"path"`
	Problem *Problem `json:"problem"`
}

// NewKnowledgeBase is what creating a knowledge base takes.
type NewKnowledgeBase struct {
	Name    string   `json:"name"`
	Sources []string `json:"sources"`
}

// KBSettings are the settings of one knowledge base a person can change.
type KBSettings struct {
	// EmbedModel is "" to use the embedding model in Settings.
	EmbedModel string        `json:"embedModel"`
	Chunking   ChunkSettings `json:"chunking"`
	Include    []string      `json:"include"`
	Exclude    []string      `json:"exclude"`
	// Rerank turns reranking on for this knowledge base's searches.
	Rerank bool `json:"rerank"`
}
