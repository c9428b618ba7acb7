package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

// txtPromptInput explains what `zhiku prompt` takes as an assistant,
// including the JSON format's fields.
var txtPromptInput = text{`ASSISTANT is one of:
  - the name of a built-in or saved assistant, e.g. Summariser
  - a file, or "-" for standard input, holding a plain-text prompt or an assistant as JSON
  - the prompt itself as one argument, e.g. "Write something about this."
Content that starts with "{" is read as JSON: one assistant, or an export ({"assistants": [...]}, the first is used).
An assistant's fields, all optional but "task":
  name, description     what it is called and is for
  language              the language it is written in: "en" or "zh-CN"
  role                  who the model is, e.g. "You are a careful editor."
  task                  what to produce, e.g. "Summarise the notes for the team."
  context               background the model should know
  steps                 a list of steps to follow, e.g. ["Find…", "Answer…"]
  examples              a list of {"input": "…", "output": "…"}
  delimiter             how the material is set off: "", "xml", "quotes" or "hashes"
  outputFormat, length  the answer's shape, e.g. "a bulleted list", and size, e.g. "at most 5 bullets"
  extra                 free text added at the end
  model, temperature, topP  the model and its sampling
Example: {"name": "Notes", "language": "en", "task": "Summarise the meeting notes for the team.",
          "delimiter": "xml", "outputFormat": "a bulleted list of decisions", "length": "at most 5 bullets"}`,
	`ASSISTANT 可以是：
  - 内置或已保存助手的名称，例如 摘要助手
  - 一个文件，或用 "-" 表示标准输入，内容为纯文本提示词或 JSON 格式的助手
  - 作为一个参数的提示词本身，例如 "帮我写点东西，关于下面的内容"
以 "{" 开头的内容按 JSON 读取：一个助手，或导出文件（{"assistants": [...]}，使用第一个）。
助手的字段，除 "task" 外都可省略：
  name、description     名称和用途
  language              提示词所用语言："en" 或 "zh-CN"
  role                  模型扮演的角色，例如 "你是一位严谨的编辑。"
  task                  要产出什么，例如 "为团队总结会议纪要。"
  context               模型需要了解的背景
  steps                 要遵循的步骤列表，例如 ["找出……", "回答……"]
  examples              示例列表，每项为 {"input": "……", "output": "……"}
  delimiter             材料的分隔方式：""、"xml"、"quotes" 或 "hashes"
  outputFormat、length  回答的形式（例如 "要点列表"）和长度（例如 "最多 5 条"）
  extra                 附加在末尾的自由文本
  model、temperature、topP  模型及其采样参数
示例：{"name": "纪要", "language": "zh-CN", "task": "为团队总结会议纪要。",
       "delimiter": "xml", "outputFormat": "决定的要点列表", "length": "最多 5 条"}`}

// findAssistant reads the assistant ref names: standard input for "-", a
// file, a built-in or saved assistant by name, or else the prompt itself.
func findAssistant(ctx context.Context, p *service.Prompts, ref string, stdin io.Reader) (core.Assistant, error) {
	if ref == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return core.Assistant{}, err
		}
		return parsePrompt(b, "-")
	}
	b, err := os.ReadFile(ref)
	if err == nil {
		return parsePrompt(b, ref)
	}
	if errors.Is(err, fs.ErrPermission) {
		return core.Assistant{}, err
	}
	all, err := p.List(ctx)
	if err != nil {
		return core.Assistant{}, err
	}
	for _, a := range all {
		if strings.EqualFold(a.Name, ref) {
			return a, nil
		}
	}
	return parsePrompt([]byte(ref), strconv.Quote(shorten(ref, 24)))
}

// parsePrompt reads an assistant in JSON (content starting with "{"), or
// a plain-text prompt, which becomes an assistant's task. from names where
// the content came from, for an error.
func parsePrompt(b []byte, from string) (core.Assistant, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a byte-order mark some editors write
	text := strings.TrimSpace(string(b))
	if !strings.HasPrefix(text, "{") {
		return core.Assistant{Task: text}, nil
	}
	var export struct {
		Assistants []core.Assistant `json:"assistants"`
	}
	if json.Unmarshal(b, &export) == nil && len(export.Assistants) > 0 {
		return export.Assistants[0], nil
	}
	var a core.Assistant
	if err := json.Unmarshal(b, &a); err != nil {
		return a, core.ErrAssistantJSON.New(err, "from", from, "reason", err.Error())
	}
	return a, nil
}

// shorten cuts s to at most n characters, marking the cut.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
