package core

import "strings"

// Text is a short message in each UI language that is not a problem: a
// fact such as what a check of the doctor found. The page and the command
// line show it in the person's language.
type Text map[Locale]string

// In returns the text in the given locale, falling back to English.
func (t Text) In(locale Locale) string {
	if s, ok := t[locale]; ok {
		return s
	}
	return t[LocaleEnglish]
}

// SameText is a text with no words to translate, such as a path or a
// version: the same in every language.
func SameText(s string) Text {
	return Text{LocaleEnglish: s, LocaleChinese: s}
}

// TextKind is one kind of Text in each language, with {name}
// placeholders, as ProblemKind is for problems.
type TextKind struct {
	En string
	Zh string
}

// With fills the kind's {name} placeholders from params given as name,
// value pairs.
func (k TextKind) With(params ...string) Text {
	replacer := strings.NewReplacer(bracePairs(params)...)
	return Text{LocaleEnglish: replacer.Replace(k.En), LocaleChinese: replacer.Replace(k.Zh)}
}

// What the doctor's checks found, when nothing is wrong or as a fact
// beside the problem.
var (
	CheckDataDirOK     = TextKind{"{dir} (data version {version})", "{dir}（数据版本 {version}）"}
	CheckDiskFree      = TextKind{"{free} free", "可用 {free}"}
	CheckOllamaRunning = TextKind{"Ollama {version} at {host}; models installed: {models}", "Ollama {version}，地址 {host}；已安装模型：{models} 个"}
	CheckOllamaStopped = TextKind{"Not running; its address is {host}", "未运行；地址为 {host}"}
	CheckOllamaAbsent  = TextKind{"Not installed; looked for at {host}", "未安装；查找地址为 {host}"}
	CheckOllamaError   = TextKind{"Something at {host} answers, but not as Ollama does", "{host} 上有服务应答，但它不像 Ollama"}
	CheckSystemWebView = TextKind{"The system's web view", "系统自带的网页视图"}
	CheckNoDisplay     = TextKind{"No display", "没有显示器"}
	CheckNoWebView2    = TextKind{"WebView2 Runtime missing", "缺少 WebView2 运行时"}
)
