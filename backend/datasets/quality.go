package datasets

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
)

// RecommendedSize is a common starting point for an SFT set or a reward
// model's preference set: about a thousand carefully checked examples.
const RecommendedSize = 1000

// overLongChars marks a field too long for most fine-tuning windows.
const overLongChars = 8000

// Report is a data set's quality at a glance.
type Report struct {
	Total   int                      `json:"total"`
	ByKind  map[core.RecordKind]int  `json:"byKind"`
	ByState map[core.ReviewState]int `json:"byState"`
	// Recommended is the size to aim for; the counts say how far off.
	Recommended     int     `json:"recommended"`
	ExactDuplicates int     `json:"exactDuplicates"`
	NearDuplicates  int     `json:"nearDuplicates"`
	Empty           []int64 `json:"empty"`
	OverLong        []int64 `json:"overLong"`
	// Languages counts records by their main script.
	Languages map[Script]int `json:"languages"`
	// AnswerLengths counts answers by length in characters, shortest
	// bucket first, every bucket present: a list, not a map, so that the
	// page shows them in the order of their numbers.
	AnswerLengths []LengthBucket `json:"answerLengths"`
	// LexicalDiversity is the share of distinct word (or character) pairs
	// among all pairs in the answers: low values mean repetitive data.
	LexicalDiversity float64 `json:"lexicalDiversity"`
	// GroundingFailed is the share of checked records whose answer failed
	// the check against its source.
	GroundingChecked int     `json:"groundingChecked"`
	GroundingFailed  float64 `json:"groundingFailed"`
}

// nearLimit bounds the pairwise near-duplicate search, which is
// quadratic; larger sets are checked on their first records.
const nearLimit = 3000

// nearSimilarity is the share of shared word pairs from which two records
// count as near-duplicates: the same text with a word or two changed.
const nearSimilarity = 0.85

// Check reports on a data set's records.
func Check(records []core.Record) Report {
	r := Report{Total: len(records), ByKind: map[core.RecordKind]int{}, ByState: map[core.ReviewState]int{}, Recommended: RecommendedSize,
		Empty: []int64{}, OverLong: []int64{}, Languages: map[Script]int{}, AnswerLengths: lengthBuckets()}
	seen := map[string]bool{}
	var grams []map[string]bool
	pairs, distinct := 0, map[string]bool{}
	failed := 0
	for _, rec := range records {
		r.ByKind[rec.Kind]++
		r.ByState[stateOf(rec)]++
		text := textOf(rec)
		if seen[text] {
			r.ExactDuplicates++
		}
		seen[text] = true
		if len(grams) < nearLimit {
			grams = append(grams, bigrams(strings.ReplaceAll(text, "\x00", " ")))
		}
		if emptyField(rec) {
			r.Empty = append(r.Empty, rec.ID)
		}
		if utf8.RuneCountInString(text) > overLongChars {
			r.OverLong = append(r.OverLong, rec.ID)
		}
		r.Languages[MainLanguage(text)]++
		for _, a := range answersOf(rec) {
			r.AnswerLengths[lengthBucket(a)].Count++
			for g := range bigrams(a) {
				distinct[g] = true
				pairs++
			}
		}
		if rec.Grounded != nil {
			r.GroundingChecked++
			if !*rec.Grounded {
				failed++
			}
		}
	}
	for i := range grams {
		for j := range i {
			if similarity := jaccard(grams[i], grams[j]); similarity >= nearSimilarity && similarity < 1 {
				r.NearDuplicates++
				break
			}
		}
	}
	if pairs > 0 {
		r.LexicalDiversity = float64(len(distinct)) / float64(pairs)
	}
	if r.GroundingChecked > 0 {
		r.GroundingFailed = float64(failed) / float64(r.GroundingChecked)
	}
	return r
}

func stateOf(r core.Record) core.ReviewState {
	if r.Review == "" {
		return core.ReviewPending
	}
	return r.Review
}

func textOf(r core.Record) string {
	parts := []string{string(r.Kind), r.System, r.Prompt, r.Answer}
	for _, m := range r.Messages {
		parts = append(parts, string(m.Role), m.Content)
	}
	parts = append(parts, r.Responses...)
	return strings.Join(parts, "\x00")
}

func answersOf(r core.Record) []string {
	switch r.Kind {
	case core.RecordQA:
		return []string{r.Answer}
	case core.RecordRanked:
		return r.Responses
	case core.RecordConversation:
		var out []string
		for _, m := range r.Messages {
			if m.Role == core.RoleAssistant {
				out = append(out, m.Content)
			}
		}
		return out
	}
	return nil
}

// emptyField reports a record missing what its kind needs.
func emptyField(r core.Record) bool {
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	switch r.Kind {
	case core.RecordQA:
		return blank(r.Prompt) || blank(r.Answer)
	case core.RecordPrompt:
		return blank(r.Prompt)
	case core.RecordRanked:
		if blank(r.Prompt) || len(r.Responses) < 2 {
			return true
		}
		for _, s := range r.Responses {
			if blank(s) {
				return true
			}
		}
	case core.RecordConversation:
		if len(r.Messages) < 2 {
			return true
		}
		for _, m := range r.Messages {
			if blank(m.Content) {
				return true
			}
		}
	}
	return false
}

// Script is the main script of a text, named after the language it
// most likely is: Han characters for Chinese, Latin letters for English.
type Script string

const (
	ScriptChinese Script = "zh"
	ScriptEnglish Script = "en"
	// ScriptOther is for a text with neither, or with too few to tell.
	ScriptOther Script = "other"
)

// MainLanguage is a text's main script.
func MainLanguage(text string) Script {
	han, latin := 0, 0
	for _, c := range text {
		switch {
		case unicode.Is(unicode.Han, c):
			han++
		case c < 128 && unicode.IsLetter(c):
			latin++
		}
	}
	switch {
	case han == 0 && latin == 0:
		return ScriptOther
	case han*3 >= latin:
		return ScriptChinese
	case latin > 0:
		return ScriptEnglish
	}
	return ScriptOther
}

// LengthBucket counts the answers longer than Min characters and at most
// Max; the last bucket has no Max (0) and holds every longer answer.
type LengthBucket struct {
	Min   int `json:"min"`
	Max   int `json:"max"`
	Count int `json:"count"`
}

// lengthBounds are the buckets' upper bounds, in characters.
var lengthBounds = []int{50, 200, 1000}

// lengthBuckets are the empty buckets, shortest first.
func lengthBuckets() []LengthBucket {
	buckets := make([]LengthBucket, 0, len(lengthBounds)+1)
	lower := 0
	for _, upper := range lengthBounds {
		buckets = append(buckets, LengthBucket{Min: lower, Max: upper})
		lower = upper
	}
	return append(buckets, LengthBucket{Min: lower})
}

// lengthBucket is the index of the bucket an answer falls into.
func lengthBucket(s string) int {
	n := utf8.RuneCountInString(s)
	for i, upper := range lengthBounds {
		if n <= upper {
			return i
		}
	}
	return len(lengthBounds)
}

// bigrams are a text's adjacent word pairs, or character pairs for Han
// text, which has no spaces.
func bigrams(text string) map[string]bool {
	var units []string
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			for _, r := range w {
				units = append(units, string(r))
			}
			continue
		}
		units = append(units, w)
	}
	out := map[string]bool{}
	for i := 0; i+1 < len(units); i++ {
		out[units[i]+" "+units[i+1]] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
