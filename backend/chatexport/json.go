package chatexport

import (
	"encoding/json"
	"fmt"

	"github.com/zhiku-app/zhiku/backend/core"
)

// JSON is a chat with everything it holds, every alternative answer and
// report included, as indented JSON.
func JSON(chat core.Chat) (string, error) {
	b, err := json.MarshalIndent(chat, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode chat: %w", err)
	}
	return string(b) + "\n", nil
}
