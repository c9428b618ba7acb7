package datasets

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func ptr[T any](v T) *T { return &v }

// fixture holds one record of each kind, in both languages.
var fixture = []core.Record{
	{ID: 1, Kind: core.RecordQA, System: "You answer from the handbook.", Prompt: "How long is the warranty?", Answer: "Two years from purchase."},
	{ID: 2, Kind: core.RecordQA, Prompt: "保修期多长？", Answer: "自购买之日起两年。"},
	{ID: 3, Kind: core.RecordConversation, Messages: []core.ChatMessage{
		{Role: core.RoleUser, Content: "兵马俑在哪里？"}, {Role: core.RoleAssistant, Content: "在西安市临潼区。"},
		{Role: core.RoleUser, Content: "那西湖呢？"}, {Role: core.RoleAssistant, Content: "在杭州。"}}},
	{ID: 4, Kind: core.RecordRanked, Prompt: "Summarise: revenue rose 12%.", Responses: []string{"Revenue rose 12%.", "Things went up.", "I cannot help."}},
	{ID: 5, Kind: core.RecordPrompt, System: "Be helpful.", Prompt: "Explain BM25 to a beginner."},
}

func TestWriteGolden(t *testing.T) {
	formats := []Format{FormatMessages, FormatShareGPT, FormatAlpaca, FormatRawText, FormatDPO, FormatRanked, FormatPromptOnly}
	for _, f := range formats {
		var records []core.Record
		for _, r := range fixture {
			for _, ok := range FormatsFor(r.Kind) {
				if ok == f {
					records = append(records, r)
				}
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, f, records); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		path := filepath.Join("testdata", string(f)+".jsonl.golden")
		if *update {
			os.MkdirAll("testdata", 0o755)
			os.WriteFile(path, buf.Bytes(), 0o644)
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update once)", err)
		}
		if buf.String() != string(want) {
			t.Errorf("%s differs from %s:\n%s", f, path, buf.String())
		}
	}
	if err := Write(&bytes.Buffer{}, FormatDPO, fixture[:1]); err == nil || !strings.Contains(err.Error(), "record 1") {
		t.Errorf("a Q&A written as DPO: err = %v", err)
	}
}

// What each format can hold comes back the same: export, import, compare.
func TestRoundTrip(t *testing.T) {
	cases := []struct {
		format Format
		in     []core.Record
		want   []core.Record // when the format keeps less than the input
	}{
		{FormatMessages, fixture[:3], nil},
		{FormatShareGPT, fixture[:3], nil},
		{FormatAlpaca, fixture[:3], nil},
		{FormatRanked, fixture[3:4], nil},
		{FormatDPO, fixture[3:4], []core.Record{{Kind: core.RecordRanked, Prompt: fixture[3].Prompt, Responses: []string{"Revenue rose 12%.", "I cannot help."}}}},
		{FormatPromptOnly, fixture[4:], nil},
	}
	for _, c := range cases {
		var buf bytes.Buffer
		if err := Write(&buf, c.format, c.in); err != nil {
			t.Fatal(err)
		}
		got, err := Read(&buf, c.format)
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		want := c.want
		if want == nil {
			for _, r := range c.in {
				r.ID = 0
				want = append(want, r)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s round trip:\n got %+v\nwant %+v", c.format, got, want)
		}
	}
}

func TestReadRefusesBadLines(t *testing.T) {
	cases := []struct {
		format     Format
		text, want string
	}{
		{FormatMessages, "{\"messages\": []}\nnot json", "line 1"},
		{FormatMessages, `{"messages": [{"role": "assistant", "content": "x"}, {"role": "user", "content": "y"}]}`, "ending with the assistant"},
		{FormatShareGPT, `{"conversations": [{"from": "robot", "value": "x"}]}`, "unknown speaker"},
		{FormatDPO, `{"prompt": "p", "chosen": "c"}`, "needs prompt, chosen and rejected"},
		{FormatRanked, `{"prompt": "p", "responses": ["one"]}`, "at least two"},
		{FormatRawText, `{"text": "x"}`, "not read back"},
		{FormatAlpaca, `{"instruction": "q", "output": "a"}` + "\n{}", "line 2"},
		{FormatMessages, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}\n{", "line 2"},
	}
	for _, c := range cases {
		got, err := Read(strings.NewReader(c.text), c.format)
		if err == nil || !strings.Contains(err.Error(), c.want) || got != nil {
			t.Errorf("%s %q: %v, %d records", c.format, c.text, err, len(got))
		}
	}
}

func TestSplitIsDeterministic(t *testing.T) {
	var records []core.Record
	for i := range 1000 {
		records = append(records, core.Record{ID: int64(i), Kind: core.RecordPrompt, Prompt: strings.Repeat("q", i%37) + string(rune('a'+i%26)) + strings.Repeat("!", i/26)})
	}
	train, valid := Split(records, 0.1)
	if len(valid) < 60 || len(valid) > 140 || len(train)+len(valid) != 1000 {
		t.Fatalf("split %d / %d", len(train), len(valid))
	}
	reversed := make([]core.Record, len(records))
	for i, r := range records {
		reversed[len(records)-1-i] = r
	}
	_, valid2 := Split(reversed, 0.1)
	ids := func(rs []core.Record) map[int64]bool {
		m := map[int64]bool{}
		for _, r := range rs {
			m[r.ID] = true
		}
		return m
	}
	if !reflect.DeepEqual(ids(valid), ids(valid2)) {
		t.Error("the split depends on the order of the records")
	}
}

func TestExportWritesDatasetInfo(t *testing.T) {
	dir := t.TempDir()
	files, err := Export(dir, "handbook", FormatAlpaca, fixture[:3], 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Export(dir, "prefs", FormatDPO, fixture[3:4], 0); err != nil {
		t.Fatal(err)
	}
	var info map[string]map[string]any
	b, _ := os.ReadFile(filepath.Join(dir, "dataset_info.json"))
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatal(err)
	}
	if info["prefs_train"]["ranking"] != true || info["prefs_train"]["file_name"] != "prefs.train.jsonl" {
		t.Errorf("dataset_info = %s", b)
	}
	total := 0
	for _, f := range files[:len(files)-1] {
		b, _ := os.ReadFile(f)
		total += bytes.Count(b, []byte("\n"))
		if e, ok := info[strings.TrimSuffix(strings.Replace(filepath.Base(f), ".", "_", 1), ".jsonl")]; !ok || e["columns"] == nil {
			t.Errorf("%s is not described in dataset_info.json", f)
		}
	}
	if total != 3 {
		t.Errorf("%d records exported, want 3", total)
	}
}

func TestCheck(t *testing.T) {
	records := append([]core.Record{}, fixture...)
	records = append(records,
		core.Record{ID: 6, Kind: core.RecordQA, Prompt: "How long does the warranty of the device last after the purchase?",
			Answer: "The warranty lasts two full years from the date of purchase, for every part of the device.", Grounded: ptr(false)},
		core.Record{ID: 7, Kind: core.RecordQA, Prompt: "How long does the warranty of the device last after the purchase?",
			Answer: "The warranty lasts two full years from the date of purchase, for every part of the machine.", Grounded: ptr(true)},
		core.Record{ID: 8, Kind: core.RecordQA, Prompt: " ", Answer: "x", Review: core.ReviewRejected},
		core.Record{ID: 9, Kind: core.RecordQA, Prompt: "long", Answer: strings.Repeat("词", 9000)},
	)
	r := Check(records)
	if r.Total != 9 || r.ByKind[core.RecordQA] != 6 || r.ByState[core.ReviewRejected] != 1 || r.ByState[core.ReviewPending] != 8 {
		t.Errorf("counts = %+v", r)
	}
	if r.ExactDuplicates != 0 || r.NearDuplicates == 0 {
		t.Errorf("duplicates: exact %d, near %d", r.ExactDuplicates, r.NearDuplicates)
	}
	if !reflect.DeepEqual(r.Empty, []int64{8}) || !reflect.DeepEqual(r.OverLong, []int64{9}) {
		t.Errorf("empty %v, over-long %v", r.Empty, r.OverLong)
	}
	if r.Languages[ScriptChinese] != 3 || r.Languages[ScriptEnglish] != 6 {
		t.Errorf("languages = %v", r.Languages)
	}
	if r.GroundingChecked != 2 || r.GroundingFailed != 0.5 || r.LexicalDiversity <= 0 || r.LexicalDiversity > 1 || r.AnswerLengths[3].Count != 1 {
		t.Errorf("report = %+v", r)
	}
	dup := Check([]core.Record{fixture[0], fixture[0]})
	if dup.ExactDuplicates != 1 {
		t.Errorf("exact duplicates = %d", dup.ExactDuplicates)
	}
}

func TestParsePairsAndGrounding(t *testing.T) {
	passage := "保修期自购买之日起两年。The warranty lasts two years from the date of purchase and covers the battery for one year."
	cases := []struct {
		reply string
		ok    bool
		n     int
	}{
		{`Here you go: [{"question": "保修期多长？", "answer": "自购买之日起两年。"}, {"question": "", "answer": "x"}] Hope it helps`, true, 1},
		{`[{"question": "q", "answer": "a"}`, false, 0},
		{"no json at all", false, 0},
	}
	for _, c := range cases {
		pairs, ok := ParsePairs(c.reply)
		if ok != c.ok || len(pairs) != c.n {
			t.Errorf("ParsePairs(%q) = %+v, %v", c.reply, pairs, ok)
		}
	}
	grounding := []struct {
		answer string
		want   bool
	}{
		{"自购买之日起两年。", true},
		{"The warranty lasts two years from the date of purchase.", true},
		{"It covers accidental water damage worldwide.", false},
		{"终身保修，包括人为损坏。", false},
		{"two years", true},
	}
	for _, g := range grounding {
		if got := Grounded(g.answer, passage); got != g.want {
			t.Errorf("Grounded(%q) = %v", g.answer, got)
		}
	}
	records := QARecords([]Pair{{"Q", "It covers accidental water damage worldwide."}}, passage, "chunk:7")
	if len(records) != 1 || *records[0].Grounded || records[0].Provenance != "chunk:7" || records[0].Kind != core.RecordQA {
		t.Errorf("records = %+v", records)
	}
}

// The answer-length buckets come shortest first, whatever the order their
// labels would sort in as text ("≤1000" before "≤200").
func TestAnswerLengthsInNumericOrder(t *testing.T) {
	answer := func(n int) core.Record {
		return core.Record{Kind: core.RecordQA, Prompt: "问题", Answer: strings.Repeat("答", n)}
	}
	tests := []struct {
		name    string
		lengths []int
		want    string
	}{
		{"none", nil,
			`[{"min":0,"max":50,"count":0},{"min":50,"max":200,"count":0},{"min":200,"max":1000,"count":0},{"min":1000,"max":0,"count":0}]`},
		{"every bucket", []int{1200, 300, 120, 10, 50, 51, 1000, 1001},
			`[{"min":0,"max":50,"count":2},{"min":50,"max":200,"count":2},{"min":200,"max":1000,"count":2},{"min":1000,"max":0,"count":2}]`},
		{"long only", []int{5000},
			`[{"min":0,"max":50,"count":0},{"min":50,"max":200,"count":0},{"min":200,"max":1000,"count":0},{"min":1000,"max":0,"count":1}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var records []core.Record
			for _, n := range tt.lengths {
				records = append(records, answer(n))
			}
			got, err := json.Marshal(Check(records).AnswerLengths)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("answer lengths = %s\nwant %s", got, tt.want)
			}
		})
	}
}
