package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// scaleRows indexes a folder of 100,000 small files and a single 2 GB
// text file with the real `zhiku index`: time and peak memory, which must
// stay bounded whatever the size of the folder or the file.
func scaleRows(cfg config) ([]row, error) {
	work, err := os.MkdirTemp("", "zhiku-bench-scale-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	rng := rand.New(rand.NewPCG(3, 3))

	many := filepath.Join(work, "many")
	for i := range 100_000 {
		dir := filepath.Join(many, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
		}
		body := fmt.Sprintf("# 第%d篇\n\n%s", i, prose(rng, chineseSentences, 1200))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%06d.md", i)), []byte(body), 0o644); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(work, "data-many")
	first, firstRSS, _, err := runIndex(cfg.bin, many, data)
	if err != nil {
		return nil, err
	}
	again, _, out, err := runIndex(cfg.bin, many, data)
	if err != nil {
		return nil, err
	}
	if changed := changedCount(out); changed != 0 {
		return nil, fmt.Errorf("an unchanged folder re-indexed %d files", changed)
	}
	os.RemoveAll(many)

	big := filepath.Join(work, "big")
	size, err := writeBigText(filepath.Join(big, "big.txt"), 2<<30, rng)
	if err != nil {
		return nil, err
	}
	bigTime, bigRSS, _, err := runIndex(cfg.bin, big, filepath.Join(work, "data-big"))
	if err != nil {
		return nil, err
	}
	return []row{
		{name: "index: a folder of 100,000 small files", value: first.Seconds(), unit: "s",
			baseline: fmt.Sprintf("%.0f files/s, peak memory %.0f MiB", 100_000/first.Seconds(), float64(firstRSS)/(1<<20))},
		{name: "re-sync of the unchanged 100,000-file folder", value: again.Seconds(), unit: "s"},
		{name: fmt.Sprintf("index: one %.1f GB text file, streamed", float64(size)/(1<<30)), value: bigTime.Seconds(), unit: "s",
			baseline: fmt.Sprintf("%.0f MB/s, peak memory %.0f MiB", float64(size)/(1<<20)/bigTime.Seconds(), float64(bigRSS)/(1<<20))},
	}, nil
}

// writeBigText writes about size bytes of Chinese and English paragraphs.
func writeBigText(path string, size int64, rng *rand.Rand) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var written int64
	for written < size {
		n, _ := w.WriteString(prose(rng, chineseSentences, 4000) + prose(rng, englishSentences, 2000))
		written += int64(n)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return written, f.Close()
}
