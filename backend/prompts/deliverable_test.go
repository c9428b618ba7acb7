package prompts

import (
	"slices"
	"testing"
)

// Tasks as people type them: the vague ones never say what to produce,
// whatever their length; the concrete ones do, in either language.
func TestVagueTasks(t *testing.T) {
	cases := []struct {
		task  string
		vague bool
	}{
		// vague, English
		{"Write something about this.", true},
		{"Help me.", true},
		{"Do something useful with the text below, please.", true},
		{"Can you help me with this report? It is for my boss.", true},
		{"Look at the following material and do what you think is best.", true},
		{"Please write something nice about our company and its people.", true},
		{"Improve this so that it reads better for everyone.", true},
		{"I need you to work on the attached email as soon as possible.", true},
		{"Take the document below and handle it like an expert would.", true},
		// vague, Chinese
		{"帮我写点东西，关于下面的内容", true},
		{"帮我处理一下", true},
		{"看看这份报告，帮我弄一下，老板明天要", true},
		{"请根据下面的材料写一些东西，要专业一点", true},
		{"帮忙处理一下这封邮件，尽快，谢谢你了", true},
		{"你看着办吧，把下面这段内容弄得好一点", true},
		// concrete, English
		{"Summarise the meeting notes for people who missed the meeting.", false},
		{"Write a polite email declining the invitation, in three sentences.", false},
		{"Extract every date and amount from the invoice as a table.", false},
		{"Translate the text into French, keeping its tone.", false},
		{"Answer the customer's question using only the manual.", false},
		{"Give me five title ideas for this blog post.", false},
		{"Turn the notes below into a checklist for the release.", false},
		{"Write a 3-point summary of the article for a busy manager.", false},
		{"Fix the grammar and spelling in the paragraph without changing its meaning.", false},
		{"Write a SQL query that counts orders per customer in 2024.", false},
		{"Classify each review as positive, negative or mixed.", false},
		{"Write question–answer pairs a new employee would ask about the handbook.", false},
		// concrete, Chinese
		{"为只有两分钟的经理总结这份报告", false},
		{"把下面的会议纪要整理成行动项清单，写明负责人", false},
		{"用三句话回答用户关于退货政策的问题", false},
		{"给这篇文章拟写五个标题，不要标题党", false},
		{"写一封邮件，礼貌地拒绝对方的邀请", false},
		{"把下面的文字翻译成英文，保持原来的语气", false},
		{"从合同中提取所有日期和金额，输出表格", false},
		{"为新员工写一份入职第一周的日程安排", false},
	}
	for _, c := range cases {
		if got := isVagueTask(c.task); got != c.vague {
			t.Errorf("%q: vague = %v, want %v", c.task, got, c.vague)
		}
	}
}

// The vague rule reaches Lint: a long task that names no result is
// flagged, as a short one is.
func TestLintFlagsTasksWithoutADeliverable(t *testing.T) {
	for _, task := range []string{"Write something about this.", "帮我写点东西，关于下面的内容"} {
		a := good
		a.Task = task
		if got := rules(Lint(a, 0, nil)); !slices.Contains(got, "task.vague") {
			t.Errorf("%q: hints %v, want task.vague", task, got)
		}
	}
}
