package prompts

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A task is concrete when it names what the model is to produce: a verb
// whose result is a known kind of text (summarise, translate, extract,
// answer…), or the kind of text itself (a table, an email, titles,
// JSON…). Generic verbs such as "write", "help", "do", "look at", 写, 帮我,
// 处理 name no result, so "Write something about this." stays vague however
// long it grows. A kind of text the task points at ("this report", 这份报告,
// 下面的邮件) is the material, not the result, so it does not count.
var (
	deliverableVerbs = regexp.MustCompile(`(?i)\b(` +
		`summari[sz]e|translate|extract|list|enumerate|answer|explain|classify|categori[sz]e|rewrite|paraphrase|` +
		`proofread|correct|draft|outline|compare|rank|grade|tag|label|convert|transcribe|tabulate|define|critique` +
		`)\b` +
		`|总结|概括|归纳|翻译|译成|译为|提取|抽取|列出|列举|回答|解答|解释|讲解|分类|归类|改写|重写|润色|校对|纠正|改正|` +
		`比较|对比|排序|打分|评分|标注|转换|转成|整理成|拟写|拟定|起草|点评|定义`)
	deliverableNouns = regexp.MustCompile(`(?i)\b(` +
		`summary|summaries|translation|answers?|explanation|comparison|definition|review|verdict|feedback|` +
		`lists?|tables?|e-?mails?|letter|memo|report|titles?|headlines?|slogan|tagline|abstract|tweet|essay|article|` +
		`story|poem|haiku|paragraphs?|sentences?|bullets?|points|json|csv|yaml|markdown|plan|checklist|agenda|` +
		`schedule|timeline|itinerary|function|sql|regex|unit tests?|description|faq|quiz|flashcards?|pairs|minutes|` +
		`action items|decisions|keywords|tags|recommendations?|steps|instructions|cover letter|resume|cv|` +
		`invitation|announcement|press release|speech|recipe|pros and cons|suggestions|ideas|names|options|` +
		`grammar|spelling|typos` +
		`)\b` +
		`|摘要|列表|清单|表格|邮件|信件|报告|大纲|提纲|标题|口号|标语|段落|一句话|要点|问答|答案|JSON|CSV|计划|日程|议程|` +
		`纪要|行动项|决定|关键词|标签|函数|测验|题目|步骤|建议|文章|故事|诗|周报|日报|通知|公告|简历|邀请函|演讲稿|` +
		`文案|广告语|推文|评语|菜谱|行程|方案|名字|错别字|语法`)
	// pointsAtMaterial ends the text before a noun that names the
	// material rather than the result.
	pointsAtMaterial = regexp.MustCompile(`(?i)\b(this|that|these|those|the|my|our|your|his|her|their|attached|above|below|given)\s+$` +
		`|(这|那|该|此)[份篇个段封些条张项]?$|(下面|上面|以下|以上|给定|附上|附件|我|你|他|她)的?$`)
)

// namesDeliverable reports whether task says what to produce.
func namesDeliverable(task string) bool {
	if deliverableVerbs.MatchString(task) {
		return true
	}
	for _, m := range deliverableNouns.FindAllStringIndex(task, -1) {
		if !pointsAtMaterial.MatchString(task[:m[0]]) {
			return true
		}
	}
	return false
}

// isVagueTask reports a task too short to be specific, or one that never
// says what the model is to produce.
func isVagueTask(task string) bool {
	task = strings.TrimSpace(task)
	return vagueTask.MatchString(task) || utf8.RuneCountInString(task) < 12 || !namesDeliverable(task)
}
