package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// fixture is a store with one knowledge base and an engine over it.
type fixture struct {
	t   *testing.T
	ctx context.Context
	st  *store.Store
	kb  core.KnowledgeBase
	dir string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st := storetest.Open(t, dir)
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "资料", Sources: []string{"/docs"}, Chunking: core.DefaultChunking})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: ctx, st: st, kb: kb, dir: dir}
}

func hashOf(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// put stores a file of consecutive chunks, each on its own page.
func (f *fixture) put(path string, texts ...string) {
	f.t.Helper()
	var chunks []core.ChunkRecord
	at := 0
	for i, text := range texts {
		n := len([]rune(text))
		chunks = append(chunks, core.ChunkRecord{Ordinal: i, Text: text, Hash: hashOf(text), Page: i + 1,
			Headings: []string{"第一章"}, Start: at, End: at + n, Tokens: n})
		at += n
	}
	rec := core.FileRecord{Path: path, Size: int64(at), ModTime: time.Now(), Hash: hashOf(path + strings.Join(texts, "")),
		Status: core.FileIndexed, Format: strings.TrimPrefix(filepath.Ext(path), ".")}
	if err := f.st.PutFile(f.ctx, f.kb.ID, rec, chunks); err != nil {
		f.t.Fatal(err)
	}
}

// embedAll gives every chunk a vector from embed under model, as the sync
// would, and makes model the knowledge base's vector model.
func (f *fixture) embedAll(model string, embed func(string) []float32) {
	f.t.Helper()
	pending, err := f.st.PendingEmbeddings(f.ctx, f.kb.ID, model, 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	var hashes []string
	var vectors [][]float32
	for _, p := range pending {
		hashes = append(hashes, p.Hash)
		vectors = append(vectors, embed(p.Text))
	}
	if err := f.st.PutEmbeddings(f.ctx, model, hashes, vectors); err != nil {
		f.t.Fatal(err)
	}
	if err := f.st.SetVectorModel(f.ctx, f.kb.ID, model); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) engine(embed func(ctx context.Context, model string, texts []string) ([][]float32, error)) *Engine {
	e := New(f.st, Options{Dir: filepath.Join(f.dir, "index"), Embed: embed})
	f.t.Cleanup(e.Wait)
	return e
}

func (f *fixture) search(e *Engine, q core.SearchQuery) core.SearchResult {
	f.t.Helper()
	res, err := e.Search(f.ctx, q, core.DefaultRetrieval)
	if err != nil {
		f.t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func paths(res core.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Path)
	}
	return out
}

// topicEmbed is a toy embedding: one dimension per topic word.
func topicEmbed(text string) []float32 {
	v := make([]float32, 4)
	for i, word := range []string{"长城", "故宫", "熊猫", "river"} {
		if strings.Contains(text, word) {
			v[i] = 1
		}
	}
	v[3] += 0.01 // never the zero vector
	return v
}

func topicEmbedder(ctx context.Context, model string, texts []string) ([][]float32, error) {
	var out [][]float32
	for _, t := range texts {
		out = append(out, topicEmbed(t))
	}
	return out, nil
}

func standardFiles(f *fixture) {
	f.put("/docs/历史/长城.md", "长城是中国古代的军事防御工程，东起山海关。", "长城全长两万一千多公里，修建历时两千多年。")
	f.put("/docs/历史/故宫.pdf", "故宫位于北京中轴线的中心，是明清两代的皇家宫殿。")
	f.put("/docs/动物/熊猫.txt", "大熊猫是中国特有的物种，主要栖息在四川的山林。")
	f.put("/docs/notes/rivers.md", "The Yangtze is the longest river in Asia.")
}

func TestSearchFindsAndDescribesPassages(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	e := f.engine(nil)
	res := f.search(e, core.SearchQuery{Text: "长城有多长？", Mode: core.RetrievalKeyword})
	if len(res.Hits) == 0 || res.Hits[0].Path != "/docs/历史/长城.md" || res.Hits[0].Page != 2 {
		t.Fatalf("hits = %+v", res.Hits)
	}
	top := res.Hits[0]
	if top.KBName != "资料" || top.Headings[0] != "第一章" || top.KeywordRank != 1 || top.Format != "md" {
		t.Errorf("hit metadata = %+v", top)
	}
	var marked []string
	for _, s := range top.Snippet {
		if s.Match {
			marked = append(marked, s.Text)
		}
	}
	if len(marked) == 0 || marked[0] != "长城" {
		t.Errorf("snippet = %+v, want 长城 marked", top.Snippet)
	}
	if !strings.Contains(top.Context, "山海关") || !strings.Contains(top.Context, "两万") {
		t.Errorf("context = %q, want the neighbouring chunk too", top.Context)
	}
}

func TestFilters(t *testing.T) {
	t.Setenv("HOME", "/docs")
	t.Setenv("USERPROFILE", "/docs")
	f := newFixture(t)
	standardFiles(f)
	e := f.engine(nil)
	tests := []struct {
		name string
		q    core.SearchQuery
		want []string
	}{
		{"folder", core.SearchQuery{Text: "中国", Folder: "/docs/动物"}, []string{"/docs/动物/熊猫.txt"}},
		{"folder typed from home", core.SearchQuery{Text: "中国", Folder: "~/动物"}, []string{"/docs/动物/熊猫.txt"}},
		{"type by extension", core.SearchQuery{Text: "中国 北京", Types: []string{".pdf"}}, []string{"/docs/历史/故宫.pdf"}},
		{"path part", core.SearchQuery{Text: "中国", Path: "熊猫"}, []string{"/docs/动物/熊猫.txt"}},
		{"nothing passes", core.SearchQuery{Text: "中国", Types: []string{"docx"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Mode = core.RetrievalKeyword
			if got := paths(f.search(e, tt.q)); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHybridFusesBothRetrievers(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	f.embedAll("toy", topicEmbed)
	e := f.engine(topicEmbedder)
	res := f.search(e, core.SearchQuery{Text: "熊猫"})
	if res.Mode != core.RetrievalHybrid || res.VectorProblem != nil {
		t.Fatalf("mode %s, problem %v", res.Mode, res.VectorProblem)
	}
	top := res.Hits[0]
	if top.Path != "/docs/动物/熊猫.txt" || top.KeywordRank != 1 || top.VectorRank != 1 || top.Similarity < 0.9 {
		t.Fatalf("top = %+v", top)
	}
	// The vector side finds what shares no words with the query.
	res = f.search(e, core.SearchQuery{Text: "river", Mode: core.RetrievalVector})
	if res.Hits[0].Path != "/docs/notes/rivers.md" {
		t.Fatalf("vector search = %v", paths(res))
	}
}

func TestVectorTroubleFallsBackToKeywords(t *testing.T) {
	tests := []struct {
		name  string
		embed func(ctx context.Context, model string, texts []string) ([][]float32, error)
		kind  core.ProblemKind
	}{
		{"embedding fails", func(context.Context, string, []string) ([][]float32, error) {
			return nil, errors.New("connection refused")
		}, core.ErrQueryVectorFailed},
		{"query vector of another size", func(context.Context, string, []string) ([][]float32, error) {
			return [][]float32{{1, 2}}, nil
		}, core.ErrQueryVectorFailed},
		{"no embedder", nil, core.ErrNoVectors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			standardFiles(f)
			f.embedAll("toy", topicEmbed)
			e := f.engine(tt.embed)
			for _, mode := range []core.RetrievalMode{core.RetrievalHybrid, core.RetrievalVector} {
				res := f.search(e, core.SearchQuery{Text: "故宫", Mode: mode})
				if res.Mode != core.RetrievalKeyword || !tt.kind.Is(res.VectorProblem) {
					t.Fatalf("%s: mode %s, problem %v", mode, res.Mode, res.VectorProblem)
				}
				if len(res.Hits) == 0 || res.Hits[0].Path != "/docs/历史/故宫.pdf" {
					t.Fatalf("%s: hits %v", mode, paths(res))
				}
			}
		})
	}
}

func TestNoVectorsYetIsSaid(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	res := f.search(f.engine(topicEmbedder), core.SearchQuery{Text: "故宫"})
	if res.Mode != core.RetrievalKeyword || !core.ErrNoVectors.Is(res.VectorProblem) || len(res.Hits) == 0 {
		t.Fatalf("mode %s, problem %v, %d hits", res.Mode, res.VectorProblem, len(res.Hits))
	}
}

func TestDuplicatesFoldIntoOne(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	f.put("/docs/备份/长城 副本.md", "长城是中国古代的军事防御工程，东起山海关。")
	res := f.search(f.engine(nil), core.SearchQuery{Text: "军事防御工程", Mode: core.RetrievalKeyword})
	if len(res.Hits) == 0 || res.Hits[0].Duplicates != 1 {
		t.Fatalf("hits = %+v", res.Hits)
	}
	for _, h := range res.Hits[1:] {
		if strings.Contains(h.Text, "军事防御工程") {
			t.Fatalf("the copy came back too: %v", paths(res))
		}
	}
}

func TestIndexFollowsTheStore(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	e := f.engine(nil)
	q := core.SearchQuery{Text: "兵马俑", Mode: core.RetrievalKeyword}
	if res := f.search(e, q); len(res.Hits) != 0 {
		t.Fatalf("found %v before it was added", paths(res))
	}
	f.put("/docs/历史/兵马俑.md", "兵马俑位于西安，是秦始皇陵的陪葬坑。")
	if res := f.search(e, q); !res.CatchingUp {
		t.Fatalf("a search right after a change should say the index is catching up: %+v", res)
	}
	e.Wait()
	if res := f.search(e, q); res.CatchingUp || len(res.Hits) == 0 || res.Hits[0].Path != "/docs/历史/兵马俑.md" {
		t.Fatalf("after the rebuild: %+v", res)
	}
	if err := f.st.RemoveFiles(f.ctx, f.kb.ID, []string{"/docs/历史/兵马俑.md"}); err != nil {
		t.Fatal(err)
	}
	// Until the rebuild, the removed chunk is dropped when its details are read.
	if res := f.search(e, q); len(res.Hits) != 0 {
		t.Fatalf("a removed file came back: %v", paths(res))
	}
}

func TestSnapshotReopensAndDamageIsRepaired(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	f.embedAll("toy", topicEmbed)
	// Keyword ranks are deterministic; the toy vectors tie, so the
	// hybrid order past the first is not.
	q := core.SearchQuery{Text: "故宫在哪里", Mode: core.RetrievalKeyword}
	first := f.engine(topicEmbedder)
	want := paths(f.search(first, q))
	first.Wait()
	snap := filepath.Join(f.dir, "index", "kb-1.idx")
	if _, err := os.Stat(snap); err != nil {
		t.Fatalf("no snapshot written: %v", err)
	}

	res := f.search(f.engine(topicEmbedder), q)
	if strings.Join(paths(res), ",") != strings.Join(want, ",") || len(res.Notices) != 0 {
		t.Fatalf("from the snapshot: %v %+v, want %v", paths(res), res.Notices, want)
	}
	if res := f.search(f.engine(topicEmbedder), core.SearchQuery{Text: "故宫"}); res.Mode != core.RetrievalHybrid || res.Hits[0].VectorRank != 1 {
		t.Fatalf("vectors from the snapshot: %+v", res)
	}

	data, _ := os.ReadFile(snap)
	data[len(data)/2] ^= 0xff
	os.WriteFile(snap, data, 0o600)
	res = f.search(f.engine(topicEmbedder), q)
	if len(res.Notices) != 1 || !core.ErrIndexRebuilt.Is(&res.Notices[0]) {
		t.Fatalf("notices = %+v, want one saying the index was rebuilt", res.Notices)
	}
	if strings.Join(paths(res), ",") != strings.Join(want, ",") {
		t.Fatalf("after repair: %v, want %v", paths(res), want)
	}
}

func TestOddQueries(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	e := f.engine(nil)
	tests := []struct {
		name     string
		q        core.SearchQuery
		wantHits bool
	}{
		{"empty", core.SearchQuery{Text: "   "}, false},
		{"only punctuation", core.SearchQuery{Text: "？！……——"}, false},
		{"emoji", core.SearchQuery{Text: "🐼🐼"}, false},
		{"emoji around words", core.SearchQuery{Text: "🐼熊猫🐼"}, true},
		{"mixed scripts", core.SearchQuery{Text: "Yangtze 长城"}, true},
		{"ten thousand characters", core.SearchQuery{Text: strings.Repeat("长城故宫", 2500)}, true},
		{"limit over the collection", core.SearchQuery{Text: "中国", Limit: 1000}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.search(e, tt.q)
			if (len(res.Hits) > 0) != tt.wantHits {
				t.Fatalf("%d hits", len(res.Hits))
			}
			if len(res.Hits) > MaxLimit {
				t.Fatalf("%d hits over the cap", len(res.Hits))
			}
		})
	}
	if _, err := e.Search(f.ctx, core.SearchQuery{Text: "长城", KBIDs: []int64{99}}, core.DefaultRetrieval); !core.ErrKBNotFound.Is(err) {
		t.Fatalf("unknown knowledge base: %v", err)
	}
}

func TestEmptyKnowledgeBase(t *testing.T) {
	f := newFixture(t)
	res := f.search(f.engine(topicEmbedder), core.SearchQuery{Text: "长城"})
	if len(res.Hits) != 0 || res.VectorProblem != nil {
		t.Fatalf("empty knowledge base: %+v", res)
	}
}

func TestForgetRemovesTheSnapshot(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	e := f.engine(nil)
	f.search(e, core.SearchQuery{Text: "长城"})
	e.Wait()
	snap := filepath.Join(f.dir, "index", "kb-1.idx")
	orphan := filepath.Join(f.dir, "index", "kb-77.idx")
	os.WriteFile(orphan, []byte("old"), 0o600)
	e.RemoveOrphans([]core.KnowledgeBase{f.kb})
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("orphan snapshot kept")
	}
	e.Forget(f.kb.ID)
	if _, err := os.Stat(snap); !os.IsNotExist(err) {
		t.Errorf("snapshot of a forgotten knowledge base kept")
	}
}

// An index brought up to date in place finds exactly what one built afresh
// from the store finds, through additions, edits, moves, removals and new
// vectors.
func TestIncrementalUpdateMatchesARebuild(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	f.embedAll("toy", topicEmbed)
	live := f.engine(topicEmbedder)
	queries := []core.SearchQuery{
		{Text: "长城 故宫 熊猫 兵马俑 中国", Limit: 100, Mode: core.RetrievalKeyword},
		{Text: "长城", Limit: 100, Mode: core.RetrievalVector},
		{Text: "中国", Limit: 100, Mode: core.RetrievalKeyword, Folder: "/docs/新"},
	}
	ids := func(res core.SearchResult) string {
		var out []string
		for _, h := range res.Hits {
			out = append(out, fmt.Sprintf("%d:%s", h.ChunkID, h.Path))
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	changes := []struct {
		name string
		do   func()
	}{
		{"a new file", func() { f.put("/docs/历史/兵马俑.md", "兵马俑位于西安，是中国秦代的陪葬坑。") }},
		{"an edited file", func() {
			f.put("/docs/历史/故宫.pdf", "故宫又称紫禁城，今为故宫博物院。", "中国现存最大的木结构建筑群。")
		}},
		{"a moved file", func() {
			if err := f.st.MoveFile(f.ctx, f.kb.ID, "/docs/动物/熊猫.txt", "/docs/新/熊猫.txt", time.Now()); err != nil {
				t.Fatal(err)
			}
		}},
		{"a removed file", func() {
			if err := f.st.RemoveFiles(f.ctx, f.kb.ID, []string{"/docs/notes/rivers.md"}); err != nil {
				t.Fatal(err)
			}
		}},
		{"new vectors", func() { f.embedAll("toy", topicEmbed) }},
	}
	for _, c := range changes {
		c.do()
		f.search(live, queries[0]) // notices the change
		live.Wait()
		fresh := New(f.st, Options{Embed: topicEmbedder})
		for _, q := range queries {
			got, want := f.search(live, q), f.search(fresh, q)
			if got.CatchingUp || ids(got) != ids(want) {
				t.Fatalf("after %s, %q (%s):\n in place %s\n rebuilt  %s", c.name, q.Text, q.Mode, ids(got), ids(want))
			}
		}
	}
}

// A snapshot older than the store (files indexed while the app was closed)
// answers at once and is brought up to date, not thrown away; Close writes
// the updated one.
func TestStaleSnapshotCatchesUp(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	first := f.engine(nil)
	f.search(first, core.SearchQuery{Text: "长城"})
	first.Wait()
	f.put("/docs/历史/兵马俑.md", "兵马俑位于西安。")

	q := core.SearchQuery{Text: "兵马俑", Mode: core.RetrievalKeyword}
	second := f.engine(nil)
	// Loaded, not rebuilt: it says it is catching up (the update may
	// already have landed by the time the query runs).
	if res := f.search(second, q); !res.CatchingUp || len(res.Notices) != 0 {
		t.Fatalf("from the stale snapshot: %+v", res)
	}
	second.Wait()
	if res := f.search(second, q); res.CatchingUp || len(res.Hits) != 1 {
		t.Fatalf("after catching up: %+v", res)
	}
	second.Close()
	if res := f.search(f.engine(nil), q); res.CatchingUp || len(res.Hits) != 1 {
		t.Fatalf("from the snapshot Close wrote: %+v", res)
	}
}

// A file named in GBK keeps its exact path in the snapshot, so filters by
// its folder still find it after a restart.
func TestSnapshotKeepsPathsThatAreNotUTF8(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	folder := "/docs/\xbe\xc9\xce\xc4\xbc\xfe" // 旧文件, in GBK
	f.put(folder+"/\xd6\xd0\xce\xc4.txt", "兵马俑位于西安市临潼区。")
	queries := []core.SearchQuery{
		{Text: "兵马俑", Folder: folder},
		{Text: "兵马俑", Folder: "/docs/旧文件"},
		{Text: "兵马俑", Path: "\xd6\xd0\xce\xc4"},
		{Text: "兵马俑", Path: "中文"},
	}
	first := f.engine(nil)
	for _, q := range queries {
		if res := f.search(first, q); len(res.Hits) != 1 {
			t.Fatalf("%+v: %v", q, paths(res))
		}
	}
	first.Wait()
	second := f.engine(nil)
	for _, q := range queries {
		if res := f.search(second, q); len(res.Hits) != 1 || len(res.Notices) != 0 {
			t.Errorf("from the snapshot, %+v: %v %+v", q, paths(res), res.Notices)
		}
	}
}

// A query's variants are searched too and every ranking fused by
// reciprocal rank: a passage found by either wording is found once, and
// one both find ranks first.
func TestVariantsAreSearchedAndFused(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	e := f.engine(nil)
	tests := []struct {
		name     string
		text     string
		variants []string
		want     []string
	}{
		{"one wording", "熊猫", nil, []string{"/docs/动物/熊猫.txt"}},
		{"a variant adds what the text misses", "故宫", []string{"熊猫"},
			[]string{"/docs/历史/故宫.pdf", "/docs/动物/熊猫.txt"}},
		{"found by both ranks first", "故宫", []string{"熊猫 故宫"},
			[]string{"/docs/历史/故宫.pdf", "/docs/动物/熊猫.txt"}},
		{"a repeated or empty variant changes nothing", "熊猫", []string{"熊猫", "  "}, []string{"/docs/动物/熊猫.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.search(e, core.SearchQuery{Text: tt.text, Variants: tt.variants, Mode: core.RetrievalKeyword})
			if got := paths(res); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}
