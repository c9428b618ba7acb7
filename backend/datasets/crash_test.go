package datasets

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/crashtest"
)

func TestMain(m *testing.M) {
	crashtest.Main(map[string]crashtest.Work{"export": exportWork})
	os.Exit(m.Run())
}

const (
	exportRecords = 400
	exportRounds  = 40
)

// versionedRecords are a data set's records as of one version, which each
// record's answer names.
func versionedRecords(version int) []core.Record {
	records := make([]core.Record, exportRecords)
	for i := range records {
		records[i] = core.Record{Kind: core.RecordQA, Prompt: fmt.Sprintf("第 %d 个问题是什么？", i),
			Answer: fmt.Sprintf("version %d: %s", version, strings.Repeat("答案的正文。", 40))}
	}
	return records
}

// exportVersion is the version a whole exported file holds, or 0.
func exportVersion(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	records, err := Read(f, FormatMessages)
	if err != nil {
		return 0, err
	}
	version := 0
	for _, r := range records {
		v, _ := strconv.Atoi(strings.TrimSuffix(strings.Fields(r.Answer)[1], ":"))
		if version != 0 && v != version {
			return 0, fmt.Errorf("%s mixes versions %d and %d", path, version, v)
		}
		version = v
	}
	return version, nil
}

// exportWork exports ever newer versions of a data set into dir,
// committing each.
func exportWork(dir string) error {
	version, _ := exportVersion(filepath.Join(dir, "faq.train.jsonl"))
	for range exportRounds {
		version++
		if _, err := Export(dir, "faq", FormatMessages, versionedRecords(version), 0.1); err != nil {
			return err
		}
		crashtest.Commit("export %d", version)
	}
	return nil
}

// Exporting killed with SIGKILL at random points, many times over: every
// file in the folder is always a whole export of one version, no older
// than the last one committed, and dataset_info.json always parses and
// names both files. The next export clears temporary files a kill left.
func TestKillDuringExportLeavesWholeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(11, 13))
	committed, kills := 0, 0
	for range 25 {
		r := crashtest.Run(t, "export", dir, 1+rng.IntN(exportRounds), time.Duration(rng.IntN(4000))*time.Microsecond)
		if n := len(r.Commits); n > 0 {
			committed, _ = strconv.Atoi(strings.TrimPrefix(r.Commits[n-1], "export "))
		}
		if !r.Finished {
			kills++
		}
		for _, file := range []string{"faq.train.jsonl", "faq.validation.jsonl"} {
			v, err := exportVersion(filepath.Join(dir, file))
			if err != nil || v < committed {
				t.Fatalf("after a kill %s holds version %d (committed %d): %v", file, v, committed, err)
			}
		}
		var info map[string]map[string]any
		data, _ := os.ReadFile(filepath.Join(dir, "dataset_info.json"))
		if err := json.Unmarshal(data, &info); err != nil || info["faq_train"]["file_name"] != "faq.train.jsonl" || info["faq_validation"] == nil {
			t.Fatalf("dataset_info.json after a kill: %v, %v", info, err)
		}
	}
	if kills < 20 {
		t.Fatalf("only %d of 25 runs were killed mid-export; the test did not test", kills)
	}
	if _, err := Export(dir, "faq", FormatMessages, versionedRecords(committed+1), 0.1); err != nil {
		t.Fatal(err)
	}
	if stale, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(stale) > 0 {
		t.Errorf("temporary files left after an export: %v", stale)
	}
	t.Logf("%d kills, up to export %d; every check passed", kills, committed)
}
