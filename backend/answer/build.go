package answer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// exchange is an earlier question with the answer the chat continued from.
type exchange struct {
	Question, Answer string
}

// input is everything a prompt is built from.
type input struct {
	// Instructions are the assistant's own; empty means the built-in
	// grounded-answer assistant.
	Instructions string
	Question     string
	// History is the conversation so far, oldest first.
	History []exchange
	// Grounded is set when the chat uses knowledge bases: the prompt then
	// carries the rules for sources even when none were found.
	Grounded bool
	// Passages are the retrieved passages, best first.
	Passages []core.SearchHit
	// Budget is the tokens the messages may use: the context window less
	// what is kept for the answer.
	Budget int
	Scale  Scale
	Model  string
}

// Prompt is a built prompt and the account of how it was built.
type Prompt struct {
	Messages      []core.ChatMessage
	MessageTokens []int
	Tokens        int
	// Estimate is the unscaled count, for learning the scale from what
	// Ollama reports.
	Estimate Count
	// Sources are the passages included, numbered as the model sees them.
	Sources []core.Source
	Left    []core.LeftOut
}

// sourceShare is the part of the budget left after the instructions and
// the question that sources may claim before history: documents answer
// the question, history only disambiguates it. Whatever history leaves
// unused goes back to sources.
const sourceShare = 0.7

// build fits the instructions, the question, sources and history into the
// budget by fixed rules, in this order:
//  1. the instructions and the question always go in whole, or the
//     prompt is refused with ErrPromptTooLong;
//  2. sources, best first, take up to 70% of what is left: each with its
//     neighbouring text, or alone when that does not fit, or not at all;
//  3. earlier turns, newest first, whole question and answer, until one
//     does not fit: it and everything older is left out, so the history
//     the model sees has no gaps;
//  4. sources left out in step 2 take what history left unused.
//
// Everything left out is listed with its size and the reason.
func build(in input) (Prompt, error) {
	lang := languageOf(in.Question)
	count := func(text string) int { return in.Scale.Apply(Estimate(text).Plus(Count{Other: messageOverhead})) }
	system := systemPrompt(in.Instructions, in.Grounded, lang)
	fixed := count(system) + count(questionBlock(nil, in.Question, in.Grounded, lang)) + messageOverhead
	if fixed > in.Budget {
		return Prompt{}, core.ErrPromptTooLong.New(nil, "tokens", strconv.Itoa(fixed), "budget", strconv.Itoa(in.Budget), "model", in.Model)
	}
	left := in.Budget - fixed
	sourceLimit := left
	if len(in.History) > 0 {
		sourceLimit = int(float64(left) * sourceShare)
	}

	chosen := make([]*core.Source, len(in.Passages))
	used := 0
	place := func(i int, limit int) {
		hit := in.Passages[i]
		for _, text := range []string{hit.Context, hit.Text} {
			if text == "" {
				continue
			}
			cost := in.Scale.Apply(Estimate(sourceBlock(0, hit, text)))
			if used+cost <= limit {
				used += cost
				chosen[i] = sourceOf(hit, text, cost)
				return
			}
		}
	}
	for i := range in.Passages {
		place(i, sourceLimit)
	}

	var history []core.ChatMessage
	var historyTokens []int
	historyUsed := 0
	cut := -1
	for i := len(in.History) - 1; i >= 0; i-- {
		q := count(in.History[i].Question)
		a := count(stripCitations(in.History[i].Answer))
		if used+historyUsed+q+a > left {
			cut = i
			break
		}
		historyUsed += q + a
		history = append([]core.ChatMessage{
			{Role: core.RoleUser, Content: in.History[i].Question},
			{Role: core.RoleAssistant, Content: stripCitations(in.History[i].Answer)},
		}, history...)
		historyTokens = append([]int{q, a}, historyTokens...)
	}
	var out Prompt
	for i := cut; i >= 0; i-- {
		out.Left = append(out.Left, core.LeftOut{Kind: core.LeftOutTurn, Label: in.History[i].Question,
			Tokens: count(in.History[i].Question) + count(in.History[i].Answer), Reason: core.LeftOutOverBudget})
	}

	for i := range in.Passages {
		if chosen[i] == nil {
			place(i, left-historyUsed)
		}
	}
	var blocks []string
	for i, src := range chosen {
		if src == nil {
			hit := in.Passages[i]
			out.Left = append(out.Left, core.LeftOut{Kind: core.LeftOutSource, Label: sourceLabel(hit),
				Tokens: in.Scale.Apply(Estimate(sourceBlock(0, hit, hit.Text))), Reason: core.LeftOutOverBudget})
			continue
		}
		src.N = len(out.Sources) + 1
		blocks = append(blocks, sourceBlock(src.N, in.Passages[i], src.Context))
		out.Sources = append(out.Sources, *src)
	}

	out.Messages = append(out.Messages, core.ChatMessage{Role: core.RoleSystem, Content: system})
	out.MessageTokens = append(out.MessageTokens, count(system))
	out.Messages = append(out.Messages, history...)
	out.MessageTokens = append(out.MessageTokens, historyTokens...)
	last := questionBlock(blocks, in.Question, in.Grounded, lang)
	out.Messages = append(out.Messages, core.ChatMessage{Role: core.RoleUser, Content: last})
	out.MessageTokens = append(out.MessageTokens, count(last))
	out.Tokens = messageOverhead // the reply's own opening
	for _, n := range out.MessageTokens {
		out.Tokens += n
	}
	out.Estimate = messagesEstimate(out.Messages)
	if out.Sources == nil {
		out.Sources = []core.Source{}
	}
	return out, nil
}

func sourceOf(hit core.SearchHit, text string, tokens int) *core.Source {
	start := strings.Index(text, hit.Text)
	end := start + len(hit.Text)
	if start < 0 {
		start, end = 0, len(text)
	}
	return &core.Source{ChunkID: hit.ChunkID, KBID: hit.KBID, Path: hit.Path, Page: hit.Page, Heading: hit.Headings,
		Text: hit.Text, Context: text, Start: start, End: end, Score: hit.Score, RerankScore: hit.RerankScore, Tokens: tokens}
}

func sourceLabel(hit core.SearchHit) string {
	if hit.Page > 0 {
		return fmt.Sprintf("%s, p. %d", core.DisplayPath(hit.Path), hit.Page)
	}
	return core.DisplayPath(hit.Path)
}

// delimiterPattern finds anything in a document that could pass for the
// tags setting sources off, so a document cannot end its own source early
// and speak as the person.
var delimiterPattern = regexp.MustCompile(`(?i)<\s*(/?)\s*(source|question)`)

func neutralise(text string) string {
	return delimiterPattern.ReplaceAllString(text, "‹$1$2")
}

func sourceBlock(n int, hit core.SearchHit, text string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<source id=\"%d\" file=%q", n, neutralise(baseName(hit.Path)))
	if hit.Page > 0 {
		fmt.Fprintf(&b, " page=\"%d\"", hit.Page)
	}
	if len(hit.Headings) > 0 {
		fmt.Fprintf(&b, " section=%q", neutralise(strings.Join(hit.Headings, " › ")))
	}
	b.WriteString(">\n")
	b.WriteString(neutralise(strings.TrimSpace(text)))
	b.WriteString("\n</source>")
	return b.String()
}

// baseName is the file name the model reads, as people read it.
func baseName(path string) string {
	path = core.DisplayPath(path)
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// citationMarks are [n] marks in earlier answers: their numbers named
// that turn's sources, and would point at the wrong ones now.
var citationMarks = regexp.MustCompile(`\s?[\[【]\^?\d{1,3}(?:\s*[,，、;]\s*\^?\d{1,3})*[\]】]`)

func stripCitations(answer string) string {
	return citationMarks.ReplaceAllString(answer, "")
}

// messagesEstimate is the unscaled count of messages as a template wraps
// them, with the reply's opening.
func messagesEstimate(messages []core.ChatMessage) Count {
	total := Count{Other: messageOverhead}
	for _, m := range messages {
		total = total.Plus(Estimate(m.Content)).Plus(Count{Other: messageOverhead})
	}
	return total
}
