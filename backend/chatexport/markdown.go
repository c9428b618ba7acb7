// Package chatexport writes chats out for people to keep and share.
package chatexport

import (
	"fmt"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Markdown is a chat as a Markdown document: each question with the
// answer the chat continued from, its model, how it ended when it did not
// finish, and the sources it cited.
func Markdown(chat core.Chat) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", titleOr(chat.Title))
	for _, t := range chat.Turns {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", "Question", strings.TrimSpace(t.Question))
		a, ok := t.ChosenAnswer()
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "### Answer (%s)\n\n%s\n\n", a.Model, strings.TrimSpace(a.Content))
		if a.Status != core.AnswerDone {
			fmt.Fprintf(&b, "_(%s)_\n\n", a.Status)
		}
		var cited []string
		for _, s := range a.Sources {
			if s.Cited {
				line := fmt.Sprintf("[%d] %s", s.N, core.DisplayPath(s.Path))
				if s.Page > 0 {
					line += fmt.Sprintf(", p. %d", s.Page)
				}
				cited = append(cited, line)
			}
		}
		if len(cited) > 0 {
			b.WriteString("Sources:\n\n")
			for _, line := range cited {
				fmt.Fprintf(&b, "- %s\n", line)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func titleOr(title string) string {
	if title == "" {
		return "Chat"
	}
	return title
}
