//go:build unix

package datasets

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
)

// The list of data sets in an export folder is read before it is
// rewritten; a named pipe in its place is taken as no list at all, at
// once, and replaced by one.
func TestAnExportListThatIsNotAFileIsReplaced(t *testing.T) {
	dir := t.TempDir()
	infoPath := filepath.Join(dir, "dataset_info.json")
	fifotest.Make(t, infoPath)
	var err error
	fifotest.Returns(t, "exporting beside a named pipe", func() {
		_, err = Export(dir, "handbook", FormatAlpaca, fixture[:3], 0)
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(infoPath)
	var info map[string]any
	if err != nil || json.Unmarshal(data, &info) != nil || info["handbook_train"] == nil {
		t.Fatalf("dataset_info.json = %s, %v; want the exported set listed", data, err)
	}
}
