package datasets

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Pair is a question and answer a model wrote about a passage.
type Pair struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// ParsePairs reads the JSON array of pairs in a model's reply, ignoring
// any text around it; pairs with an empty field are dropped.
func ParsePairs(reply string) ([]Pair, bool) {
	start, end := strings.Index(reply, "["), strings.LastIndex(reply, "]")
	if start < 0 || end <= start {
		return nil, false
	}
	var pairs []Pair
	if err := json.Unmarshal([]byte(reply[start:end+1]), &pairs); err != nil {
		return nil, false
	}
	var out []Pair
	for _, p := range pairs {
		if strings.TrimSpace(p.Question) != "" && strings.TrimSpace(p.Answer) != "" {
			out = append(out, p)
		}
	}
	return out, true
}

// groundedShare is how much of an answer must come from its passage to
// pass the grounding check.
const groundedShare = 0.6

// Grounded checks an answer against the passage it should come from: the
// share of its word pairs (character pairs for Chinese) found in the
// passage. A model that invents an answer uses words the passage does
// not; a faithful one reuses them. It is a lexical check, quick and
// deterministic; a failing record is flagged for review, not dropped.
func Grounded(answer, passage string) bool {
	a := units(answer)
	if len(a) < 2 {
		return strings.Contains(strings.ToLower(passage), strings.ToLower(strings.TrimSpace(answer)))
	}
	in := map[string]bool{}
	p := units(passage)
	for i := 0; i+1 < len(p); i++ {
		in[p[i]+" "+p[i+1]] = true
	}
	found := 0
	for i := 0; i+1 < len(a); i++ {
		if in[a[i]+" "+a[i+1]] {
			found++
		}
	}
	return float64(found) >= groundedShare*float64(len(a)-1)
}

// units splits text into lower-case words, and Han text into characters,
// without punctuation.
func units(text string) []string {
	var out []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// QARecords makes records of the pairs written about a chunk, each with
// its provenance and grounding result.
func QARecords(pairs []Pair, passage, provenance string) []core.Record {
	out := make([]core.Record, 0, len(pairs))
	for _, p := range pairs {
		grounded := Grounded(p.Answer, passage)
		out = append(out, core.Record{Kind: core.RecordQA, Prompt: strings.TrimSpace(p.Question), Answer: strings.TrimSpace(p.Answer),
			Provenance: provenance, Review: core.ReviewPending, Grounded: &grounded})
	}
	return out
}
