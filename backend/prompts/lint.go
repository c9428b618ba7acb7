package prompts

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
)

// hint makes a lint hint from its two messages.
func hint(rule, field, en, zh string) core.LintHint {
	return core.LintHint{Rule: rule, Field: field, Message: map[core.Locale]string{core.LocaleEnglish: en, core.LocaleChinese: zh}}
}

var (
	vagueTask      = regexp.MustCompile(`(?i)^\s*(help( me)?|do (it|this|something)|answer|write|fix|improve|帮我|帮忙|处理一下|回答|写一下|看看)\s*[.!。！]?\s*$`)
	mentionsInput  = regexp.MustCompile(`(?i)\b(the|this|following|below|given) (text|document|article|email|passage|code|input|material)\b|以下|下面的|下列|这段|这篇|给定的`)
	wantsJSON      = regexp.MustCompile(`(?i)\bjson\b`)
	wantsList      = regexp.MustCompile(`(?i)\b(list|bullets?|bulleted)\b|列表|要点|条目|分点`)
	listLine       = regexp.MustCompile(`(?m)^\s*([-*•]|\d+[.)、])\s+`)
	wantsBrief     = regexp.MustCompile(`(?i)\b(brief|briefly|concise|short)\b|简短|简洁|简要`)
	forbidsList    = regexp.MustCompile(`(?i)\b(no|don't use|do not use|without) (lists?|bullets?)\b|不要(使用)?列表|不要分点`)
	wordLimit      = regexp.MustCompile(`(?i)(?:at most|up to|no more than|under|within|≤)\s*(\d+)\s*words?|(\d+)\s*words? or (?:fewer|less)`)
	charLimitZH    = regexp.MustCompile(`(?:最多|不超过|不多于|少于)\s*(\d+)\s*[个]?字|(\d+)\s*字以内`)
	itemLimit      = regexp.MustCompile(`(?i)(?:at most|up to|no more than)\s*(\d+)\s*(?:bullets?|items?|points?)|(?:最多|不超过)\s*(\d+)\s*[条点项]`)
	longLengthHint = regexp.MustCompile(`(?i)(\d{3,})\s*(words?|字)`)
)

// Lint checks an assistant against the recipe for a strong prompt and
// returns suggestions, each with its reason. contextLength, when above
// zero, is the model's window the prompt must leave room in, measured with
// countTokens (the caller's estimate, so this package needs no tokenizer).
func Lint(a core.Assistant, contextLength int, countTokens func(string) int) []core.LintHint {
	hints := []core.LintHint{}
	task := strings.TrimSpace(a.Task)
	instructions := strings.Join([]string{a.Role, a.Task, a.Context, a.Extra, a.OutputFormat, a.Length}, "\n")

	switch {
	case task == "":
		hints = append(hints, hint("task.missing", "task",
			"There is no task. Say exactly what the model should produce: a model guesses least when the task is specific.",
			"缺少任务。请明确说明模型要产出什么：任务越具体，模型越少猜测。"))
	case isVagueTask(task):
		hints = append(hints, hint("task.vague", "task",
			"The task does not say what to produce. Name the result (a list, a summary in 3 points, a table, an email, an answer to a question), its audience and its purpose, e.g. \"Summarise this report for a manager who has two minutes\".",
			"任务没有说明要产出什么。请写明结果（列表、3 点总结、表格、邮件、对某个问题的回答）、读者和目的，例如“为只有两分钟的经理总结这份报告”。"))
	}
	if strings.TrimSpace(a.OutputFormat) == "" {
		hints = append(hints, hint("format.missing", "outputFormat",
			"No output format. Say the shape of the answer (a list, a table, JSON with these fields, one paragraph) so it comes out usable every time.",
			"未指定输出格式。请说明回答的形式（列表、表格、带哪些字段的 JSON、一段话），让每次输出都可直接使用。"))
	}
	if strings.TrimSpace(a.Length) == "" {
		hints = append(hints, hint("length.missing", "length",
			"No length. Local models ramble without one; give a limit such as \"at most 100 words\" or \"3 bullets\".",
			"未指定长度。本地模型没有限制时容易冗长；请给出上限，例如“最多 100 字”或“3 条”。"))
	}
	if a.Delimiter == core.DelimiterNone && (len(Variables(instructions)) > 0 || mentionsInput.MatchString(instructions)) {
		hints = append(hints, hint("material.undelimited", "delimiter",
			"The prompt works on material the person supplies, but nothing sets it off. Choose a delimiter, so the model cannot mistake the material for instructions.",
			"提示词要处理用户提供的材料，但没有用分隔符把它隔开。请选择一种分隔符，避免模型把材料误当成指令。"))
	}
	hints = append(hints, lintExamples(a)...)
	if wantsBrief.MatchString(instructions) {
		// Brief and hundreds of words can go together; brief and a long
		// essay cannot.
		if m := longLengthHint.FindStringSubmatch(a.Length); m != nil && isLong(m[1], m[2]) {
			hints = append(hints, hint("conflict.brevity", "length",
				fmt.Sprintf("The prompt asks for a brief answer but allows %s %s. Keep one of the two.", m[1], m[2]),
				fmt.Sprintf("提示词要求简短，却允许 %s %s。请二者择一。", m[1], m[2])))
		}
	}
	if forbidsList.MatchString(instructions) && wantsList.MatchString(a.OutputFormat) {
		hints = append(hints, hint("conflict.list", "outputFormat",
			"The prompt forbids lists but the output format is a list. Say which one you want.",
			"提示词禁止使用列表，但输出格式却是列表。请说明你想要哪一种。"))
	}
	if contextLength > 0 && countTokens != nil {
		if tokens := countTokens(Render(a)); tokens > contextLength/2 {
			hints = append(hints, hint("context.too_long", "extra",
				fmt.Sprintf("The prompt takes about %d tokens of the model's %d-token window, leaving too little for the material and the answer. Shorten the background or the examples.", tokens, contextLength),
				fmt.Sprintf("提示词约占模型 %d token 上下文中的 %d 个，留给材料和回答的空间太少。请精简背景或示例。", contextLength, tokens)))
		}
	}
	return hints
}

// lintExamples checks each example's output against the stated format
// and length: an example that breaks the rules teaches the model to.
func lintExamples(a core.Assistant) []core.LintHint {
	var hints []core.LintHint
	for i, e := range a.Examples {
		out := strings.TrimSpace(e.Output)
		if out == "" {
			continue
		}
		n := strconv.Itoa(i + 1)
		if wantsJSON.MatchString(a.OutputFormat) && !json.Valid([]byte(out)) {
			hints = append(hints, hint("examples.format", "examples",
				"Example "+n+"'s output is not valid JSON, but the output format asks for JSON. Models copy examples more than they follow rules.",
				"示例 "+n+" 的输出不是有效的 JSON，而输出格式要求 JSON。模型模仿示例多于遵守规则。"))
		} else if wantsList.MatchString(a.OutputFormat) && !wantsJSON.MatchString(a.OutputFormat) && !listLine.MatchString(out) {
			hints = append(hints, hint("examples.format", "examples",
				"Example "+n+"'s output is not a list, but the output format asks for one.",
				"示例 "+n+" 的输出不是列表，而输出格式要求列表。"))
		}
		if limit, unit, over := overLimit(a.Length, out); over {
			hints = append(hints, hint("examples.length", "examples",
				fmt.Sprintf("Example %s's output is longer than the limit of %d %s.", n, limit, unit),
				fmt.Sprintf("示例 %s 的输出超过了 %d %s 的长度上限。", n, limit, unit)))
		}
	}
	return hints
}

// overLimit reads a length limit in words, Chinese characters or items
// and reports whether text exceeds it.
func overLimit(length, text string) (int, string, bool) {
	number := func(m []string) int {
		for _, g := range m[1:] {
			if n, err := strconv.Atoi(g); err == nil {
				return n
			}
		}
		return 0
	}
	if m := wordLimit.FindStringSubmatch(length); m != nil {
		n := number(m)
		return n, "words", len(strings.Fields(text)) > n
	}
	if m := charLimitZH.FindStringSubmatch(length); m != nil {
		n := number(m)
		return n, "字", utf8.RuneCountInString(strings.Join(strings.Fields(text), "")) > n
	}
	if m := itemLimit.FindStringSubmatch(length); m != nil {
		n := number(m)
		return n, "items", len(listLine.FindAllString(text, -1)) > n
	}
	return 0, "", false
}

// isLong reports whether a length of n words, or n Chinese characters, is
// past what anyone calls brief.
func isLong(n, unit string) bool {
	count, _ := strconv.Atoi(n)
	if unit == "字" {
		return count >= 800
	}
	return count >= 500
}
