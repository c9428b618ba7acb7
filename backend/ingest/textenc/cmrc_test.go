package textenc

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhiku-app/zhiku/backend/squad"
)

// Every CMRC paragraph (real Chinese Wikipedia text) encoded as GB18030 and
// cut short must still decode to the original text: short files are where
// detection is hardest, and where a wrong guess turns a file into mojibake.
// (An ASCII-only cut decodes the same as UTF-8, which counts as right.)
func TestDetectsRealChineseTextInGB18030(t *testing.T) {
	path, ok := squad.FindCMRC()
	if !ok {
		t.Skip("CMRC 2018 is not beside the repository (../shared/data/cmrc2018)")
	}
	set, err := squad.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, chars := range []int{4, 8, 20, 80, 400} {
		total, wrong := 0, 0
		for _, context := range set.Contexts() {
			runes := []rune(context)
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
