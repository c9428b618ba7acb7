package datasets

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Format is a file layout the exporters write and the importers read.
type Format string

const (
	FormatMessages   Format = "messages"    // OpenAI-style {"messages": [...]} JSONL
	FormatShareGPT   Format = "sharegpt"    // {"conversations": [{"from", "value"}]} JSONL
	FormatAlpaca     Format = "alpaca"      // {"instruction", "input", "output"} JSONL
	FormatDPO        Format = "dpo"         // {"prompt", "chosen", "rejected"} JSONL
	FormatRanked     Format = "ranked"      // {"prompt", "responses": [best, …]} JSONL
	FormatPromptOnly Format = "prompt-only" // {"prompt"} JSONL
	FormatRawText    Format = "text"        // {"text"} JSONL, for post-pretraining
)

// FormatsFor lists the formats a kind of record can be written in.
func FormatsFor(kind core.RecordKind) []Format {
	switch kind {
	case core.RecordConversation, core.RecordQA:
		return []Format{FormatMessages, FormatShareGPT, FormatAlpaca, FormatRawText}
	case core.RecordRanked:
		return []Format{FormatDPO, FormatRanked}
	case core.RecordPrompt:
		return []Format{FormatPromptOnly}
	}
	return nil
}

// messagesOf is a record as a conversation: the system prompt, then turns.
func messagesOf(r core.Record) []core.ChatMessage {
	var msgs []core.ChatMessage
	if r.System != "" {
		msgs = append(msgs, core.ChatMessage{Role: core.RoleSystem, Content: r.System})
	}
	if r.Kind == core.RecordConversation {
		return append(msgs, r.Messages...)
	}
	return append(msgs, core.ChatMessage{Role: core.RoleUser, Content: r.Prompt}, core.ChatMessage{Role: core.RoleAssistant, Content: r.Answer})
}

var shareGPTRole = map[core.ChatRole]string{core.RoleSystem: "system", core.RoleUser: "human", core.RoleAssistant: "gpt"}

// Write writes records as JSON lines in a format. Records that format
// cannot hold are an error, naming the first.
func Write(w io.Writer, format Format, records []core.Record) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range records {
		line, err := encode(format, r)
		if err != nil {
			return fmt.Errorf("record %d: %w", r.ID, err)
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}

type kv = map[string]any

func encode(format Format, r core.Record) (any, error) {
	fits := false
	for _, f := range FormatsFor(r.Kind) {
		fits = fits || f == format
	}
	if !fits {
		return nil, fmt.Errorf("a %s record cannot be written as %s", r.Kind, format)
	}
	switch format {
	case FormatMessages:
		return kv{"messages": messagesOf(r)}, nil
	case FormatShareGPT:
		var conv []kv
		for _, m := range messagesOf(r) {
			conv = append(conv, kv{"from": shareGPTRole[m.Role], "value": m.Content})
		}
		return kv{"conversations": conv}, nil
	case FormatAlpaca:
		msgs := messagesOf(r)
		// Alpaca holds one exchange: the last answer, its question as the
		// instruction, and any earlier turns as the history.
		var history [][2]string
		var turns []core.ChatMessage
		for _, m := range msgs {
			if m.Role != core.RoleSystem {
				turns = append(turns, m)
			}
		}
		for i := 0; i+1 < len(turns)-2; i += 2 {
			history = append(history, [2]string{turns[i].Content, turns[i+1].Content})
		}
		out := kv{"instruction": turns[len(turns)-2].Content, "input": "", "output": turns[len(turns)-1].Content}
		if r.System != "" {
			out["system"] = r.System
		}
		if len(history) > 0 {
			out["history"] = history
		}
		return out, nil
	case FormatRawText:
		var parts []string
		for _, m := range messagesOf(r) {
			if m.Role != core.RoleSystem {
				parts = append(parts, m.Content)
			}
		}
		return kv{"text": strings.Join(parts, "\n\n")}, nil
	case FormatDPO:
		if len(r.Responses) < 2 {
			return nil, fmt.Errorf("a ranked record needs at least two responses")
		}
		out := kv{"prompt": r.Prompt, "chosen": r.Responses[0], "rejected": r.Responses[len(r.Responses)-1]}
		if r.System != "" {
			out["system"] = r.System
		}
		return out, nil
	case FormatRanked:
		out := kv{"prompt": r.Prompt, "responses": r.Responses}
		if r.System != "" {
			out["system"] = r.System
		}
		return out, nil
	case FormatPromptOnly:
		out := kv{"prompt": r.Prompt}
		if r.System != "" {
			out["system"] = r.System
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// Read reads JSON lines in a format back into records. A line that does
// not parse is an error naming its number; nothing is returned then, so a
// bad file is never half imported.
func Read(r io.Reader, format Format) ([]core.Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var out []core.Record
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		rec, err := decode(format, line)
		if err == nil {
			err = Validate(rec)
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, rec)
	}
	return out, sc.Err()
}

func decode(format Format, line []byte) (core.Record, error) {
	var v struct {
		Messages      []core.ChatMessage `json:"messages"`
		Conversations []struct {
			From  string `json:"from"`
			Value string `json:"value"`
		} `json:"conversations"`
		Instruction string      `json:"instruction"`
		Input       string      `json:"input"`
		Output      string      `json:"output"`
		History     [][2]string `json:"history"`
		System      string      `json:"system"`
		Prompt      string      `json:"prompt"`
		Chosen      string      `json:"chosen"`
		Rejected    string      `json:"rejected"`
		Responses   []string    `json:"responses"`
		Text        string      `json:"text"`
	}
	if err := json.Unmarshal(line, &v); err != nil {
		return core.Record{}, fmt.Errorf("not JSON: %w", err)
	}
	var msgs []core.ChatMessage
	switch format {
	case FormatMessages:
		msgs = v.Messages
	case FormatShareGPT:
		roles := map[string]core.ChatRole{"system": core.RoleSystem, "human": core.RoleUser, "user": core.RoleUser, "gpt": core.RoleAssistant, "assistant": core.RoleAssistant}
		for _, c := range v.Conversations {
			role, ok := roles[c.From]
			if !ok {
				return core.Record{}, fmt.Errorf("unknown speaker %q", c.From)
			}
			msgs = append(msgs, core.ChatMessage{Role: role, Content: c.Value})
		}
	case FormatAlpaca:
		if v.System != "" {
			msgs = append(msgs, core.ChatMessage{Role: core.RoleSystem, Content: v.System})
		}
		for _, h := range v.History {
			msgs = append(msgs, core.ChatMessage{Role: core.RoleUser, Content: h[0]}, core.ChatMessage{Role: core.RoleAssistant, Content: h[1]})
		}
		instruction := v.Instruction
		if v.Input != "" {
			instruction += "\n\n" + v.Input
		}
		msgs = append(msgs, core.ChatMessage{Role: core.RoleUser, Content: instruction}, core.ChatMessage{Role: core.RoleAssistant, Content: v.Output})
	case FormatDPO:
		if v.Prompt == "" || v.Chosen == "" || v.Rejected == "" {
			return core.Record{}, fmt.Errorf("a DPO line needs prompt, chosen and rejected")
		}
		return core.Record{Kind: core.RecordRanked, System: v.System, Prompt: v.Prompt, Responses: []string{v.Chosen, v.Rejected}}, nil
	case FormatRanked:
		if v.Prompt == "" || len(v.Responses) < 2 {
			return core.Record{}, fmt.Errorf("a ranked line needs a prompt and at least two responses")
		}
		return core.Record{Kind: core.RecordRanked, System: v.System, Prompt: v.Prompt, Responses: v.Responses}, nil
	case FormatPromptOnly:
		if v.Prompt == "" {
			return core.Record{}, fmt.Errorf("a prompt-only line needs a prompt")
		}
		return core.Record{Kind: core.RecordPrompt, System: v.System, Prompt: v.Prompt}, nil
	case FormatRawText:
		return core.Record{}, fmt.Errorf("raw text is written for post-pretraining and is not read back")
	default:
		return core.Record{}, fmt.Errorf("unknown format %q", format)
	}
	return fromMessages(msgs)
}

// fromMessages makes a Q&A of one exchange, a conversation of more.
func fromMessages(msgs []core.ChatMessage) (core.Record, error) {
	r := core.Record{}
	if len(msgs) > 0 && msgs[0].Role == core.RoleSystem {
		r.System, msgs = msgs[0].Content, msgs[1:]
	}
	if len(msgs) < 2 || msgs[len(msgs)-1].Role != core.RoleAssistant {
		return r, fmt.Errorf("a conversation needs turns ending with the assistant's")
	}
	for i, m := range msgs {
		want := core.RoleUser
		if i%2 == 1 {
			want = core.RoleAssistant
		}
		if m.Role != want {
			return r, fmt.Errorf("turn %d is %s where %s was expected", i+1, m.Role, want)
		}
	}
	if len(msgs) == 2 {
		r.Kind, r.Prompt, r.Answer = core.RecordQA, msgs[0].Content, msgs[1].Content
		return r, nil
	}
	r.Kind, r.Messages = core.RecordConversation, msgs
	return r, nil
}

// ReadFile reads the records of a JSONL file in a format, each marked as
// imported from it; a file with a bad line gives a problem naming it.
func ReadFile(path string, format Format) ([]core.Record, error) {
	f, err := core.OpenRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, core.ErrDatasetFile.New(err, "path", path, "format", string(format), "reason", err.Error())
	}
	defer f.Close()
	records, err := Read(f, format)
	if err != nil {
		return nil, core.ErrDatasetFile.New(err, "path", path, "format", string(format), "reason", err.Error())
	}
	for i := range records {
		records[i].Provenance = "import:" + filepath.Base(path)
	}
	return records, nil
}
