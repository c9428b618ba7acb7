package chatexport

import (
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// The Markdown keeps each question with the answer the chat continued
// from, how an unfinished one ended, and only the sources it cited, with
// their pages.
func TestMarkdownKeepsTheChosenAnswersAndTheirCitations(t *testing.T) {
	chat := core.Chat{Title: "", Turns: []core.Turn{
		{Question: "What is the warranty?", Chosen: 2, Answers: []core.Answer{
			{ID: 1, Model: "old", Status: core.AnswerDone, Content: "An older answer."},
			{ID: 2, Model: "qwen3", Status: core.AnswerDone, Content: "Two years [1].", Sources: []core.Source{
				{N: 1, Path: "/docs/terms.pdf", Page: 3, Cited: true}, {N: 2, Path: "/docs/other.md"}}},
		}},
		{Question: "And after?", Chosen: 3, Answers: []core.Answer{{ID: 3, Model: "qwen3", Status: core.AnswerStopped, Content: "Then"}}},
	}}
	md := Markdown(chat)
	for _, want := range []string{"# Chat\n", "## Question\n\nWhat is the warranty?", "### Answer (qwen3)\n\nTwo years [1].",
		"- [1] /docs/terms.pdf, p. 3", "## Question\n\nAnd after?", "_(" + string(core.AnswerStopped) + ")_"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, unwanted := range []string{"An older answer.", "other.md"} {
		if strings.Contains(md, unwanted) {
			t.Errorf("the Markdown holds %q, which the chat did not continue from or cite:\n%s", unwanted, md)
		}
	}
}
