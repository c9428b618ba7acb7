package models

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

const gb = 1 << 30

var qwen7b = Spec{Name: "qwen2.5:7b", WeightsBytes: 4_683_000_000, Layers: 28, Embedding: 3584, Heads: 28, KVHeads: 4, Vocabulary: 152064, ContextLength: 32768}

func TestEstimate(t *testing.T) {
	cases := []struct {
		name    string
		spec    Spec
		context int
		machine core.Machine
		kv      int64
		device  core.FitDevice
		verdict core.FitVerdict
	}{
		// 2 × 28 layers × 8192 × (3584 × 4/28 = 512) × 2 bytes = 448 MiB.
		{"7B on 16 GB, CPU", qwen7b, 8192, core.Machine{RAMBytes: 16 * gb}, 469_762_048, core.DeviceCPU, core.FitYes},
		{"7B on 8 GB, CPU", qwen7b, 8192, core.Machine{RAMBytes: 8 * gb}, 469_762_048, core.DeviceCPU, core.FitTight},
		{"7B on 4 GB, CPU", qwen7b, 8192, core.Machine{RAMBytes: 4 * gb}, 469_762_048, core.DeviceCPU, core.FitNo},
		{"7B at its full 32k on a 24 GB GPU", qwen7b, 32768, core.Machine{RAMBytes: 64 * gb, GPUs: []core.GPU{{Name: "RTX 4090", VRAMBytes: 24 * gb}}}, 4 * 469_762_048, core.DeviceGPU, core.FitYes},
		{"7B on a 4 GB GPU spills to RAM", qwen7b, 8192, core.Machine{RAMBytes: 32 * gb, GPUs: []core.GPU{{VRAMBytes: 4 * gb}}}, 469_762_048, core.DeviceGPUAndCPU, core.FitTight},
		{"7B on Apple silicon with 8 GB", qwen7b, 8192, core.Machine{RAMBytes: 8 * gb, Unified: true}, 469_762_048, core.DeviceUnified, core.FitTight},
		{"past the model's limit uses the limit", qwen7b, 1 << 20, core.Machine{RAMBytes: 64 * gb}, 4 * 469_762_048, core.DeviceCPU, core.FitYes},
		{"from parameters and bits", Spec{Parameters: 7_000_000_000, BitsPerWeight: 16, Layers: 32, Embedding: 4096, Heads: 32, ContextLength: 4096},
			4096, core.Machine{RAMBytes: 16 * gb}, 2 * 32 * 4096 * 4096 * 2, core.DeviceCPU, core.FitNo},
	}
	for _, c := range cases {
		r := Estimate(c.spec, c.context, c.machine)
		if r.KVBytes != c.kv || r.Device != c.device || r.Verdict != c.verdict {
			t.Errorf("%s: kv %d device %s verdict %s, want %d %s %s", c.name, r.KVBytes, r.Device, r.Verdict, c.kv, c.device, c.verdict)
		}
		if r.TotalBytes != r.WeightsBytes+r.KVBytes+r.OverheadBytes || len(r.Steps) != 5 || r.Steps[3].Bytes != r.TotalBytes {
			t.Errorf("%s: the arithmetic does not add up: %+v", c.name, r)
		}
	}
	// 7B in 16-bit floats: about 14 GB of weights before any context.
	if r := Estimate(Spec{Parameters: 7e9, BitsPerWeight: 16}, 2048, core.Machine{}); r.WeightsBytes != 14_000_000_000 {
		t.Errorf("7B F16 weights = %d", r.WeightsBytes)
	}
}

func TestMachine(t *testing.T) {
	cases := []struct {
		name    string
		probe   Probe
		gpus    int
		vram    int64
		unified bool
	}{
		{"no nvidia-smi", Probe{OS: "linux", Run: fail}, 0, 0, false},
		{"two NVIDIA cards", Probe{OS: "linux", Run: output("NVIDIA GeForce RTX 4090, 24564\nNVIDIA T4, 15360\n")}, 2, 24564 * mib, false},
		{"garbage from nvidia-smi", Probe{OS: "windows", Run: output("No devices were found")}, 0, 0, false},
		{"Apple silicon", Probe{OS: "darwin", Arch: "arm64", Run: fail}, 0, 0, true},
	}
	for _, c := range cases {
		c.probe.Memory = func() (int64, int64) { return 16 * gb, 9 * gb }
		m := c.probe.Machine(context.Background())
		if len(m.GPUs) != c.gpus || m.Unified != c.unified || m.RAMBytes != 16*gb || (c.gpus > 0 && m.GPUs[0].VRAMBytes != c.vram) {
			t.Errorf("%s: %+v", c.name, m)
		}
	}
	total, avail := parseMeminfo("MemTotal:       24576000 kB\nMemFree: 1 kB\nMemAvailable:   12288000 kB\n")
	if total != 24576000*1024 || avail != 12288000*1024 {
		t.Errorf("meminfo = %d, %d", total, avail)
	}
}

func fail(context.Context, string, ...string) ([]byte, error) { return nil, errors.New("not found") }

func output(s string) func(context.Context, string, ...string) ([]byte, error) {
	return func(context.Context, string, ...string) ([]byte, error) { return []byte(s), nil }
}

// englishWord is a lower-case Latin word standing alone.
var englishWord = regexp.MustCompile(`(^|[^\w.:/-])[a-z]{3,}([^\w.:/-]|$)`)

func TestCatalogAndRecommendations(t *testing.T) {
	c, err := LoadCatalog(filepath.Join(t.TempDir(), "none.json"))
	if err != nil || len(c.Models) < 20 {
		t.Fatalf("built-in catalogue: %d models, %v", len(c.Models), err)
	}
	for _, e := range c.Models {
		if e.Layers == 0 || e.Embedding == 0 || e.Heads == 0 || e.Context == 0 || e.SizeBytes == 0 || e.Notes[core.LocaleEnglish] == "" || e.Notes[core.LocaleChinese] == "" {
			t.Errorf("entry %s is incomplete: %+v", e.Name, e)
		}
		// The page says "Licence: {name}" in each language: an English
		// "licence" inside the name would show in the Chinese page.
		if name := strings.ToLower(e.Licence); e.Licence == "" || strings.Contains(name, "licen") {
			t.Errorf("entry %s has the licence %q, want the licence's name alone", e.Name, e.Licence)
		}
		// A lower-case Latin word in the Chinese note or the family is an
		// English word ("token", "distill"): names start with a capital or
		// hold digits.
		for _, text := range []string{e.Notes[core.LocaleChinese], e.Family} {
			if word := englishWord.FindString(text); word != "" {
				t.Errorf("entry %s: %q holds the English %q", e.Name, text, strings.TrimSpace(word))
			}
		}
	}
	const (
		smallReranker = "hf.co/JonathanMiddleton/Qwen3-Reranker-0.6B:Q8_0"
		largeReranker = "AuditAid/Qwen3_Reranker:4B_Q5_K_M"
	)
	cases := []struct {
		machine                    core.Machine
		chineseFirst               bool
		chat, embeddings, reranker string
	}{
		{core.Machine{RAMBytes: 8 * gb}, true, "qwen3:4b", "bge-m3", smallReranker},
		// Without a GPU, nothing over 9B parameters: glm4:9b and qwen3:14b
		// fit in 24 GiB but answer too slowly; and only a small reranker.
		{core.Machine{RAMBytes: 24 * gb}, true, "qwen3:8b", "bge-m3", smallReranker},
		{core.Machine{RAMBytes: 64 * gb, GPUs: []core.GPU{{VRAMBytes: 24 * gb}}}, true, "qwen3:14b", "bge-m3", largeReranker},
		// On an 8 GB card glm4:9b fits where qwen3:8b does too: its KV
		// cache is a quarter of the size.
		{core.Machine{RAMBytes: 64 * gb, GPUs: []core.GPU{{VRAMBytes: 8 * gb}}}, true, "glm4:9b", "bge-m3", largeReranker},
		{core.Machine{RAMBytes: 2 * gb}, true, "", "", ""},
	}
	for _, tc := range cases {
		recommended := map[Kind]string{}
		for _, r := range Recommend(c, tc.machine, 8192, tc.chineseFirst) {
			if r.Recommended {
				recommended[r.Kind] = r.Name
			}
		}
		chat, emb, reranker := recommended[KindChat], recommended[KindEmbedding], recommended[KindReranker]
		if chat != tc.chat || emb != tc.embeddings || reranker != tc.reranker {
			t.Errorf("%d GiB RAM, GPUs %v, Chinese first %v: recommended %q, %q and %q, want %q, %q and %q",
				tc.machine.RAMBytes/gb, tc.machine.GPUs, tc.chineseFirst, chat, emb, reranker, tc.chat, tc.embeddings, tc.reranker)
		}
	}

	broken := filepath.Join(t.TempDir(), "catalog.json")
	os.WriteFile(broken, []byte("{not json"), 0o644)
	if c, err := LoadCatalog(broken); err == nil || len(c.Models) == 0 {
		t.Errorf("a broken override: %d models, err %v", len(c.Models), err)
	}
}

func TestSpecFromGGUFRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{"text.gguf": []byte(strings.Repeat("not a model ", 100)), "empty.gguf": nil}
	for name, data := range cases {
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o644)
		if _, err := SpecFromGGUF(path); !core.ErrGGUFUnreadable.Is(err) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := SpecFromGGUF(filepath.Join(dir, "missing.gguf")); !core.ErrGGUFUnreadable.Is(err) {
		t.Errorf("missing file: err = %v", err)
	}
}

// The arithmetic reads in Chinese too: no "layers", "bytes" or "for the
// system" inside the Chinese page, on any kind of machine.
func TestFitArithmeticInChinese(t *testing.T) {
	spec := Spec{Name: "qwen3:4b", Parameters: 4_000_000_000, BitsPerWeight: 4.5, Layers: 36, Embedding: 2560, Heads: 32, KVHeads: 8, ContextLength: 32768}
	english := regexp.MustCompile(`[A-Za-z]{2,}`)
	namesAndUnits := map[string]bool{"GPU": true, "KiB": true, "MiB": true, "GiB": true, "TiB": true}
	tests := []struct {
		name    string
		machine core.Machine
	}{
		{"GPU", core.Machine{RAMBytes: 32 << 30, GPUs: []core.GPU{{Name: "RTX", VRAMBytes: 8 << 30}}}},
		{"unified memory", core.Machine{RAMBytes: 16 << 30, Unified: true}},
		{"CPU only", core.Machine{RAMBytes: 16 << 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, step := range Estimate(spec, 8192, tt.machine).Steps {
				zh := step.Formula.In(core.LocaleChinese)
				for _, word := range english.FindAllString(zh, -1) {
					if !namesAndUnits[word] {
						t.Errorf("%s: %q holds the English %q", step.Term, zh, word)
					}
				}
				if step.Formula.In(core.LocaleEnglish) == "" {
					t.Errorf("%s: no English formula", step.Term)
				}
			}
		})
	}
}
