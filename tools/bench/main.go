// Command bench prints Zhiku's benchmark table for `make bench`: each row is
// a figure with its unit and, where one applies, a baseline measured in the
// same run on the same machine, so figures from different machines compare
// through their baselines. Dev-only.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
)

// row is one line of the table.
type row struct {
	name     string
	value    float64
	unit     string
	baseline string // the same figure for the reference, or "" when none applies
}

// probe measures a group of rows.
type probe struct {
	name string
	run  func(cfg config) ([]row, error)
}

type config struct {
	bin             string
	windowcheck     string
	webviewBaseline string
	searchbench     string
	dist            string
	runs            int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "build/bin/zhiku", "the release binary")
	flag.StringVar(&cfg.windowcheck, "windowcheck", "build/devtools/windowcheck", "the built tools/windowcheck")
	flag.StringVar(&cfg.webviewBaseline, "webview-baseline", "build/devtools/webviewbaseline", "the built tools/webviewbaseline")
	flag.StringVar(&cfg.searchbench, "searchbench", "build/devtools/searchbench", "the built tools/searchbench")
	flag.StringVar(&cfg.dist, "dist", "dist", "the folder make dist writes the packages to")
	only := flag.String("only", "", "run only these probes, comma-separated (e.g. retrieval,evaluation)")
	flag.IntVar(&cfg.runs, "runs", 5, "runs per start-up figure; the median is shown")
	flag.Parse()

	fmt.Println("Zhiku benchmarks")
	fmt.Println(describeMachine())
	fmt.Println()

	probes := []probe{
		{"binary", binaryRows},
		{"desktop window", windowRows},
		{"packages", packageRows},
		{"zhiku serve", serveRows},
		{"indexing", indexRows},
		{"re-sync", resyncRows},
		{"scale", scaleRows},
		{"embedding", embeddingRows},
		{"retrieval", retrievalRows},
		{"reranker", rerankRows},
		{"evaluation", evalRows},
		{"static embedding", staticEvalRows},
		{"self-test", selfTestRows},
		{"chat view", chatViewRows},
		{"load", loadRows},
		{"hostile", hostileRows},
	}
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\tunit\tbaseline (same run)")
	fmt.Fprintln(tw, "------\t-----\t----\t-------------------")
	failed := false
	for _, p := range probes {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), p.name) {
			continue
		}
		rows, err := p.run(cfg)
		if err != nil {
			fmt.Fprintf(tw, "%s\tfailed\t\t%v\n", p.name, err)
			failed = true
			continue
		}
		for _, r := range rows {
			baseline := r.baseline
			if baseline == "" {
				baseline = "—"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.name, formatValue(r.value), r.unit, baseline)
		}
	}
	tw.Flush()
	if failed {
		os.Exit(1)
	}
}

func formatValue(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}
