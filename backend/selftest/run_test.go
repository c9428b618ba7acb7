package selftest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// topic is a file of the test knowledge base and what the scripted model
// asks about it.
type topic struct {
	file, text, question string
}

var topics = []topic{
	{"garden.md", "Tomatoes need six hours of direct sunlight and deep watering twice a week in summer.", "How many hours of sunlight do tomatoes need?"},
	{"bread.md", "Sourdough bread rises slowly because wild yeast ferments the dough for twelve hours.", "Why does sourdough dough take twelve hours to rise?"},
	{"bikes.md", "Check bicycle tyre pressure weekly; road tyres usually take between 80 and 100 psi.", "What tyre pressure suits road bicycle tyres?"},
	{"tea.md", "Green tea tastes bitter when steeped in boiling water; use water at 80 degrees instead.", "At what water temperature should green tea be steeped?"},
	{"taxes.md", "The annual tax return is due on the last day of April, and late filing costs a penalty.", "When is the annual tax return due?"},
	{"laptop.md", "The laptop battery lasts ten hours, and a full charge takes ninety minutes over USB-C.", "How long does charging the laptop battery take?"},
	{"piano.md", "Piano strings lose tension over months, so a tuner should visit twice each year.", "How often should a piano tuner visit?"},
	{"coffee.md", "Espresso extraction should take about 25 seconds with finely ground coffee beans.", "How many seconds should espresso extraction take?"},
	{"dogs.md", "Puppies need four small meals a day until they are three months old.", "How many meals a day do puppies need?"},
	{"roof.md", "Clay roof tiles last fifty years, while asphalt shingles need replacing after twenty.", "How long do clay roof tiles last compared with shingles?"},
	{"moon.md", "The moon takes about 27 days to orbit the earth once.", "The moon takes about 27 days to orbit the earth once?"}, // copies its chunk
	{"rain.md", "Rainfall in the valley averages 600 millimetres a year, most of it in autumn.", ""},                              // the model writes nothing usable
}

// scriptedChat answers the Q&A-pair writer with each topic's question,
// found by the chunk text in the prompt.
func scriptedChat(t *testing.T, calls *int) llm.ChatFunc {
	return func(ctx context.Context, req llm.ChatRequest, fn func(llm.Chunk) error) error {
		*calls++
		prompt := req.Messages[len(req.Messages)-1].Content
		for _, tp := range topics {
			if !strings.Contains(prompt, tp.text) {
				continue
			}
			if tp.question == "" {
				return fn(llm.Chunk{Content: "I cannot write questions about this.", Done: true})
			}
			reply, _ := json.Marshal([]map[string]string{{"question": tp.question, "answer": tp.text}})
			return fn(llm.Chunk{Content: string(reply), Done: true})
		}
		t.Errorf("a prompt about no known chunk: %s", prompt)
		return fn(llm.Chunk{Content: "[]", Done: true})
	}
}

// letterVectors embeds a text as its hashed word counts: texts sharing
// words are near, as a real model's would be for these.
func letterVectors(ctx context.Context, model string, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, text := range texts {
		v := make([]float32, 64)
		for _, w := range contentTerms(text) {
			h := fnv.New32a()
			h.Write([]byte(strings.TrimSuffix(w, "s")))
			v[h.Sum32()%64]++
		}
		var norm float64
		for _, x := range v {
			norm += float64(x * x)
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(norm) + 1e-9)
		}
		out[i] = v
	}
	return out, nil
}

// builtKB stores each topic as a file of one chunk, with vectors when
// model is set.
func builtKB(t *testing.T, st *store.Store, model string) core.KnowledgeBase {
	ctx := context.Background()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "household", Chunking: core.DefaultChunking})
	if err != nil {
		t.Fatal(err)
	}
	var hashes, texts []string
	for _, tp := range topics {
		sum := sha256.Sum256([]byte(tp.text))
		hash := hex.EncodeToString(sum[:])
		chunk := core.ChunkRecord{Text: tp.text, Hash: hash, End: len(tp.text), Tokens: 20}
		if err := st.PutFile(ctx, kb.ID, core.FileRecord{Path: "/kb/" + tp.file, Hash: hash, Status: core.FileIndexed, Format: "markdown"},
			[]core.ChunkRecord{chunk}); err != nil {
			t.Fatal(err)
		}
		hashes, texts = append(hashes, hash), append(texts, tp.text)
	}
	if model != "" {
		vectors, _ := letterVectors(ctx, model, texts)
		if err := st.PutEmbeddings(ctx, model, hashes, vectors); err != nil {
			t.Fatal(err)
		}
		if err := st.SetVectorModel(ctx, kb.ID, model); err != nil {
			t.Fatal(err)
		}
	}
	kb, err = st.KB(ctx, kb.ID)
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

// A check-up of a built knowledge base keeps the grounded questions,
// measures every setting its retrievers allow on the real search engine,
// recommends one and keeps the run.
func TestRunComparesSettingsOnABuiltKnowledgeBase(t *testing.T) {
	tests := []struct {
		name     string
		model    string
		settings int
	}{
		{"keyword only", "", 2},
		{"with vectors", "words", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, "")
			kb := builtKB(t, st, tt.model)
			engine := search.New(st, search.Options{Embed: letterVectors, DefaultEmbedModel: func() string { return tt.model }})
			defer engine.Close()
			calls := 0
			var phases []string
			run, err := Run(ctx, Deps{Store: st, Chat: scriptedChat(t, &calls), Search: engine.Search},
				Request{KB: kb, ChatModel: "writer", Questions: 20, Retrieval: core.DefaultRetrieval},
				func(p core.SelfTestProgress) {
					phases = append(phases, fmt.Sprintf("%s %d/%d", p.Phase, p.Done, p.Total))
				})
			if err != nil {
				t.Fatal(err)
			}
			if calls != len(topics) || run.Drawn != len(topics) || run.Questions != 10 || run.Unparsed != 1 || run.Ungrounded != 1 {
				t.Errorf("calls %d, drawn %d, kept %d, unparsed %d, ungrounded %d; want 12, 12, 10, 1, 1",
					calls, run.Drawn, run.Questions, run.Unparsed, run.Ungrounded)
			}
			if len(run.Scores) != tt.settings {
				t.Fatalf("%d settings measured, want %d", len(run.Scores), tt.settings)
			}
			for _, s := range run.Scores {
				if s.Hit5 < s.Hit1 || s.MRR < s.Hit1 || s.MRR > 1 || s.P50Millis <= 0 {
					t.Errorf("%s: figures out of order: %+v", s.Setting.Key, s)
				}
			}
			if keyword := run.Scores[0]; keyword.Hit5 != 1 || len(keyword.Misses) != 0 {
				t.Errorf("keyword search missed questions that share their chunk's words: %+v", keyword)
			}
			if best, ok := run.Recommendation(); !ok || best.MRR < run.Scores[0].MRR {
				t.Errorf("recommended %q, not the best", run.Recommended)
			}
			if run.VectorModel != tt.model || run.ChunkTokens != kb.Chunking.MaxTokens || run.ChatModel != "writer" {
				t.Errorf("run does not say what it measured: %+v", run)
			}
			want := []string{"writing 0/12", "writing 1/12", "searching 0/" + fmt.Sprint(tt.settings)}
			if len(phases) != 12+1+tt.settings+1 || phases[0] != want[0] || phases[1] != want[1] || phases[13] != want[2] {
				t.Errorf("progress = %q", phases)
			}
			kept, err := st.SelfTestRuns(ctx, kb.ID)
			if err != nil || len(kept) != 1 || kept[0].ID != run.ID || kept[0].Recommended != run.Recommended {
				t.Errorf("kept runs = %+v, %v", kept, err)
			}
		})
	}
}

// Too few grounded questions measure nothing, and say so; an empty
// knowledge base has nothing to ask about.
func TestRunRefusesWhatCannotBeMeasured(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, "")
	kb := builtKB(t, st, "")
	empty, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "empty", Chunking: core.DefaultChunking})
	engine := search.New(st, search.Options{})
	defer engine.Close()
	silent := func(ctx context.Context, req llm.ChatRequest, fn func(llm.Chunk) error) error {
		return fn(llm.Chunk{Content: "no", Done: true})
	}
	tests := []struct {
		name string
		kb   core.KnowledgeBase
		want core.ProblemKind
	}{
		{"a model that writes no questions", kb, core.ErrSelfTestTooFew},
		{"a knowledge base without text", empty, core.ErrSelfTestNoText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(ctx, Deps{Store: st, Chat: silent, Search: engine.Search}, Request{KB: tt.kb, ChatModel: "m"}, func(core.SelfTestProgress) {})
			if !tt.want.Is(err) {
				t.Errorf("err = %v, want %s", err, tt.want.Code)
			}
		})
	}
	if runs, _ := st.SelfTestRuns(ctx, kb.ID); len(runs) != 0 {
		t.Errorf("a failed check-up was kept: %+v", runs)
	}
}
