package datasets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Split divides records into training and validation sets. A record's
// side follows from its content alone, so the split is the same on every
// export, whatever the order or the other records.
func Split(records []core.Record, validation float64) (train, valid []core.Record) {
	for _, r := range records {
		b, _ := json.Marshal(core.Record{Kind: r.Kind, System: r.System, Messages: r.Messages, Prompt: r.Prompt, Answer: r.Answer, Responses: r.Responses})
		h := fnv.New64a()
		h.Write(b)
		if float64(h.Sum64()%10000) < validation*10000 {
			valid = append(valid, r)
		} else {
			train = append(train, r)
		}
	}
	return train, valid
}

// Export writes a data set's records in a format into dir as
// NAME.train.jsonl and NAME.validation.jsonl, and adds both to the
// folder's dataset_info.json in the shape LLaMA-Factory reads. It returns
// the files written.
func Export(dir, name string, format Format, records []core.Record, validation float64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	train, valid := Split(records, validation)
	var files []string
	info := map[string]any{}
	infoPath := filepath.Join(dir, "dataset_info.json")
	// A list that cannot be read, or is not a file, is rewritten whole.
	if b, err := core.ReadRegularFile(infoPath); err == nil {
		json.Unmarshal(b, &info)
	}
	for _, part := range []struct {
		suffix  string
		records []core.Record
	}{{"train", train}, {"validation", valid}} {
		if len(part.records) == 0 {
			continue
		}
		var buf bytes.Buffer
		if err := Write(&buf, format, part.records); err != nil {
			return nil, err
		}
		file := fmt.Sprintf("%s.%s.jsonl", name, part.suffix)
		if err := writeFileAtomic(filepath.Join(dir, file), buf.Bytes()); err != nil {
			return nil, err
		}
		files = append(files, filepath.Join(dir, file))
		info[name+"_"+part.suffix] = llamaFactoryEntry(file, format)
	}
	b, _ := json.MarshalIndent(info, "", "  ")
	if err := writeFileAtomic(infoPath, append(b, '\n')); err != nil {
		return nil, err
	}
	return append(files, infoPath), nil
}

// llamaFactoryEntry describes a file for LLaMA-Factory's dataset_info.json.
func llamaFactoryEntry(file string, format Format) map[string]any {
	e := map[string]any{"file_name": file}
	switch format {
	case FormatMessages:
		e["formatting"] = "sharegpt"
		e["columns"] = map[string]string{"messages": "messages"}
		e["tags"] = map[string]string{"role_tag": "role", "content_tag": "content", "user_tag": "user", "assistant_tag": "assistant", "system_tag": "system"}
	case FormatShareGPT:
		e["formatting"] = "sharegpt"
		e["columns"] = map[string]string{"messages": "conversations"}
	case FormatAlpaca:
		e["columns"] = map[string]string{"prompt": "instruction", "query": "input", "response": "output", "system": "system", "history": "history"}
	case FormatDPO:
		e["ranking"] = true
		e["columns"] = map[string]string{"prompt": "prompt", "chosen": "chosen", "rejected": "rejected", "system": "system"}
	case FormatRawText:
		e["columns"] = map[string]string{"prompt": "text"}
	default:
		e["columns"] = map[string]string{"prompt": "prompt"}
	}
	return e
}

// writeFileAtomic writes a file whole or not at all: a crash mid-export
// leaves the previous file, and the next export clears what the crash left
// half-written beside it.
func writeFileAtomic(path string, data []byte) error {
	core.RemoveStaleTemps(path)
	return core.WriteAtomic(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
