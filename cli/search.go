package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

func runSearch(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "search", "search QUERY… [--kb NAME[,NAME…]] [-n 10] [--mode hybrid|keyword|vector] [--type pdf,md] [--folder DIR] [--path TEXT] [--json]")
	kbNames := fs.String("kb", "", "knowledge bases to search, comma-separated (default: all)")
	limit := fs.Int("n", core.DefaultSearchLimit, "number of results")
	mode := fs.String("mode", "", "hybrid, keyword or vector (default: as in Settings)")
	types := fs.String("type", "", "keep only these file types, comma-separated (pdf, md, docx…)")
	folder := fs.String("folder", "", "keep only files under this folder")
	path := fs.String("path", "", "keep only files whose path contains this")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(query) == "" {
		fs.Usage()
		return exitError{2}
	}
	backend, err := openReader(ctx, *dataDir, nil, false)
	if err != nil {
		return err
	}
	defer backend.Close()

	q := core.SearchQuery{Text: query, Limit: *limit, Mode: core.RetrievalMode(*mode), Folder: *folder, Path: *path, Types: splitList(*types)}
	if q.KBIDs, err = kbIDs(ctx, backend.Library, splitList(*kbNames)); err != nil {
		return err
	}
	res, err := backend.Search.Query(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(env.Stdout, res)
	}
	printResults(env, res)
	return nil
}

// printJSON prints v as indented JSON, for scripts.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// kbIDs resolves knowledge base names, case-insensitively.
func kbIDs(ctx context.Context, lib *service.Library, names []string) ([]int64, error) {
	if len(names) == 0 {
		return nil, nil
	}
	kbs, err := lib.List(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, name := range names {
		found := false
		for _, kb := range kbs {
			if strings.EqualFold(kb.Name, name) {
				ids, found = append(ids, kb.ID), true
			}
		}
		if !found {
			return nil, core.ErrKBNotFound.New(nil)
		}
	}
	return ids, nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func printResults(env *Env, res core.SearchResult) {
	for _, n := range res.Notices {
		fmt.Fprintln(env.Stderr, n.In(env.Locale))
	}
	if res.VectorProblem != nil {
		fmt.Fprintln(env.Stderr, res.VectorProblem.In(env.Locale))
	}
	if res.RerankProblem != nil {
		fmt.Fprintln(env.Stderr, res.RerankProblem.In(env.Locale))
	}
	if res.CatchingUp {
		fmt.Fprintln(env.Stderr, txtCatchingUp.in(env.Locale))
	}
	if len(res.Hits) == 0 {
		fmt.Fprintln(env.Stdout, txtNoResults.in(env.Locale))
		return
	}
	mark := func(s string) string { return "【" + s + "】" }
	if isTerminal(env.Stdout) {
		mark = func(s string) string { return "\x1b[1;33m" + s + "\x1b[0m" }
	}
	for i, h := range res.Hits {
		printHit(env.Stdout, env.Locale, i+1, h, mark)
	}
	fmt.Fprintln(env.Stdout, txtResultsSummary.in(env.Locale, len(res.Hits), res.Mode, res.Millis))
	if len(res.NamedFiles) > 0 {
		names := make([]string, len(res.NamedFiles))
		for i, n := range res.NamedFiles {
			names[i] = filepath.Base(n.Path)
		}
		separator := ", "
		if env.Locale == core.LocaleChinese {
			separator = "、"
		}
		fmt.Fprintln(env.Stdout, txtNamedFiles.in(env.Locale, strings.Join(names, separator)))
	}
}

func printHit(w io.Writer, locale core.Locale, n int, h core.SearchHit, mark func(string) string) {
	where := h.Path
	if h.Page > 0 {
		where += "  " + txtPage.in(locale, h.Page)
	}
	if len(h.Headings) > 0 {
		where += "  › " + strings.Join(h.Headings, " › ")
	}
	fmt.Fprintf(w, "%2d. %s  [%s]\n", n, where, h.KBName)
	snippet := strings.Join(strings.Fields(core.SnippetText(h.Snippet, mark)), " ")
	fmt.Fprintf(w, "    %s\n\n", snippet)
}
