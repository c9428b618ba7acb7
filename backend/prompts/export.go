package prompts

import (
	"encoding/json"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Export is the file assistants are shared in.
func Export(assistants []core.Assistant) (string, error) {
	b, err := json.MarshalIndent(map[string]any{"zhikuAssistants": 1, "assistants": assistants}, "", "  ")
	return string(b) + "\n", err
}

// ParseExport reads the assistants of an export, with their ids cleared so
// they are saved as new ones.
func ParseExport(text string) ([]core.Assistant, error) {
	var in struct {
		Assistants []core.Assistant `json:"assistants"`
	}
	if err := json.Unmarshal([]byte(text), &in); err != nil || len(in.Assistants) == 0 {
		return nil, core.ErrAssistantInvalid.New(err, "reason", "this is not an export of Zhiku assistants")
	}
	for i := range in.Assistants {
		in.Assistants[i].ID, in.Assistants[i].Builtin = 0, false
	}
	return in.Assistants, nil
}
