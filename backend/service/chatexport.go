package service

import (
	"context"
	"fmt"
	"io"

	"github.com/zhiku-app/zhiku/backend/chatexport"
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
	base := core.FileStem(chat.Title, "chat")
	switch format {
	case "md", "markdown":
		return ChatExport{FileName: base + ".md", MimeType: "text/markdown", Content: chatexport.Markdown(chat)}, nil
	case "json":
		content, err := chatexport.JSON(chat)
		return ChatExport{FileName: base + ".json", MimeType: "application/json", Content: content}, err
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
