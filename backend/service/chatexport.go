package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
)

// ChatExport is a chat written out as a file's content.
type ChatExport struct {
	FileName string `json:"fileName"`
	MimeType string `json:"mimeType"`
	Content  string `json:"content"`
}

// Export writes a chat as Markdown ("md") or JSON ("json"). The Markdown
// keeps the answers the chat continued from, each with its cited sources;
// the JSON keeps everything, every alternative and report included.
func (c *Chats) Export(ctx context.Context, id int64, format string) (ChatExport, error) {
	if err := c.ready(); err != nil {
		return ChatExport{}, err
	}
	chat, err := c.store.Chat(ctx, id)
	if err != nil {
		return ChatExport{}, err
	}
	base := fileSafe(chat.Title)
	switch format {
	case "md", "markdown":
		return ChatExport{FileName: base + ".md", MimeType: "text/markdown", Content: chatMarkdown(chat)}, nil
	case "json":
		b, err := json.MarshalIndent(chat, "", "  ")
		if err != nil {
			return ChatExport{}, fmt.Errorf("encode chat: %w", err)
		}
		return ChatExport{FileName: base + ".json", MimeType: "application/json", Content: string(b) + "\n"}, nil
	}
	return ChatExport{}, core.ErrBadRequest.New(nil, "reason", "export format must be md or json")
}

// SaveExport asks where to save an export with the desktop's dialog and
// writes it there. The path comes from the dialog, never from the page.
func (c *Chats) SaveExport(ctx context.Context, id int64, format string) (string, error) {
	if c.dialogs == nil {
		return "", core.ErrNoDialogs.New(nil)
	}
	export, err := c.Export(ctx, id, format)
	if err != nil {
		return "", err
	}
	path, err := c.dialogs.SaveFile(ctx, export.FileName)
	if err != nil || path == "" {
		return "", err
	}
	err = core.WriteAtomic(path, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, export.Content)
		return err
	})
	if err != nil {
		return "", core.ErrInternal.New(fmt.Errorf("write %s: %w", path, err))
	}
	return path, nil
}

func chatMarkdown(chat core.Chat) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", cmpTitle(chat.Title))
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

func cmpTitle(title string) string {
	if title == "" {
		return "Chat"
	}
	return title
}

var unsafeFileChars = regexp.MustCompile(`[\x00-\x1f<>:"/\\|?*]+`)

// maxFileStemBytes bounds the part of a file's name made of a title. File
// systems allow 255 bytes, a title of maxNameLength Chinese characters
// takes 600, and what is written adds a suffix ("_validation.jsonl") and,
// while it is written, a temporary prefix and suffix.
const maxFileStemBytes = 120

func fileSafe(title string) string {
	name := strings.Join(strings.Fields(unsafeFileChars.ReplaceAllString(title, " ")), " ")
	for len(name) > maxFileStemBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	name = strings.Trim(filepath.Base(name), ". ")
	if name == "" {
		return "chat"
	}
	return name
}
