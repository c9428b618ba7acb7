package answer

import (
	"context"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// rewriteTurns and rewriteAnswerChars bound what the rewrite sees: the
// last few turns say what "it" and "that" refer to.
const (
	rewriteTurns       = 3
	rewriteAnswerChars = 600
)

var rewriteInstructions = map[language]string{
	english: "Rewrite the person's last message as one standalone search query that can be understood without the conversation: replace pronouns and references with what they refer to. Reply with the query only, on one line, in the language of the message.",
	chinese: "将用户的最后一条消息改写为一条无需上下文即可理解的独立检索语句：把代词和指代换成其所指的内容。只输出这条检索语句，单独一行，使用该消息的语言。",
}

// rewriteMessages asks a model to turn a follow-up question into a
// standalone query, so retrieval finds passages about what the
// conversation is about and not only the words of the follow-up.
func rewriteMessages(history []exchange, question string) []core.ChatMessage {
	lang := languageOf(question)
	if len(history) > rewriteTurns {
		history = history[len(history)-rewriteTurns:]
	}
	var b strings.Builder
	for _, ex := range history {
		b.WriteString("Q: ")
		b.WriteString(strings.TrimSpace(ex.Question))
		b.WriteString("\nA: ")
		b.WriteString(clip(stripCitations(ex.Answer), rewriteAnswerChars))
		b.WriteString("\n\n")
	}
	b.WriteString("Q: ")
	b.WriteString(strings.TrimSpace(question))
	return []core.ChatMessage{
		{Role: core.RoleSystem, Content: rewriteInstructions[lang]},
		{Role: core.RoleUser, Content: b.String()},
	}
}

// cleanRewrite takes the query from a model's reply: its first non-empty
// line without labels or quotes. It returns "" when the reply is not
// usable as a query (empty, or far longer than any query).
func cleanRewrite(reply, question string) string {
	for line := range strings.SplitSeq(reply, "\n") {
		line = strings.TrimSpace(line)
		for _, label := range []string{"Query:", "query:", "Q:", "检索语句：", "检索语句:", "问题：", "问题:"} {
			line = strings.TrimSpace(strings.TrimPrefix(line, label))
		}
		line = strings.Trim(line, "\"'“”「」`")
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > 4*utf8.RuneCountInString(question)+200 {
			return ""
		}
		return line
	}
	return ""
}

func clip(s string, chars int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= chars {
		return s
	}
	return string([]rune(s)[:chars]) + "…"
}

// rewrite asks the model for a standalone query. Any trouble leaves the
// question as it is: the rewrite only helps retrieval.
func (a *writing) rewrite(ctx context.Context, history []exchange) string {
	var reply strings.Builder
	zero := float32(0)
	err := a.w.deps.Chat(ctx, llm.ChatRequest{
		Model: a.answer.Model, Messages: rewriteMessages(history, a.job.Turn.Question),
		Options: llm.Options{Temperature: &zero, NumPredict: rewriteTokens, NumCtx: a.report.NumCtx},
	}, func(ch llm.Chunk) error {
		reply.WriteString(ch.Content)
		return nil
	})
	if err != nil {
		slog.Info("follow-up not rewritten", "err", err)
		return ""
	}
	return cleanRewrite(reply.String(), a.job.Turn.Question)
}

// rewriteTokens caps a rewritten query: one line.
const rewriteTokens = 96
