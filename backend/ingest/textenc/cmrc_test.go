package textenc

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// cmrcPath is the public CMRC 2018 set beside the repository (never copied in).
var cmrcPath = filepath.Join("..", "..", "..", "..", "shared", "data", "cmrc2018", "cmrc2018_dev.json")

// Every CMRC paragraph (real Chinese Wikipedia text) encoded as GB18030 and
// cut short must still decode to the original text: short files are where
// detection is hardest, and where a wrong guess turns a file into mojibake.
// (An ASCII-only cut decodes the same as UTF-8, which counts as right.)
func TestDetectsRealChineseTextInGB18030(t *testing.T) {
	data, err := os.ReadFile(cmrcPath)
	if err != nil {
		t.Skipf("CMRC 2018 not found at %s: %v", cmrcPath, err)
	}
	var set struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	for _, chars := range []int{4, 8, 20, 80, 400} {
		total, wrong := 0, 0
		for _, doc := range set.Data {
			for _, p := range doc.Paragraphs {
				runes := []rune(p.Context)
				if len(runes) > chars {
					runes = runes[:chars]
				}
				gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(string(runes)))
				if err != nil {
					continue
				}
				total++
				if text, d := Decode(gb); text != string(runes) {
					wrong++
					t.Logf("  first %d characters read as %s: %s", chars, d.Encoding, string(runes))
				}
			}
		}
		accuracy := 1 - float64(wrong)/float64(total)
		t.Logf("first %3d characters: %d of %d decoded right (%.1f%%)", chars, total-wrong, total, 100*accuracy)
		// Four characters are a title, not a file. Twenty may still be a
		// Japanese name in kana, which GB18030 and Big5 read alike; from
		// a few sentences on, every paragraph must be right.
		if min := map[int]float64{4: 0.9, 8: 0.95, 20: 0.99, 80: 1, 400: 1}[chars]; accuracy < min {
			t.Errorf("first %d characters: accuracy %.3f, want at least %.2f", chars, accuracy, min)
		}
	}
}
