package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

// indexReport is how a sync of `zhiku index` ended: the knowledge base's
// counts, this run's changes, and every file not indexed with its reason,
// so nobody has to open the window to learn why a file is missing.
type indexReport struct {
	KnowledgeBase string          `json:"knowledgeBase"`
	Phase         core.IndexPhase `json:"phase"`
	Files         int             `json:"files"`
	Indexed       int             `json:"indexed"`
	Chunks        int             `json:"chunks"`
	Bytes         int64           `json:"bytes"`
	Changed       int             `json:"changed"`
	Unchanged     int             `json:"unchanged"`
	Removed       int             `json:"removed"`
	// Skipped are files read but not indexed (not text, empty, a scan
	// that needs OCR…); Failed could not be read.
	Skipped []fileNote    `json:"skipped"`
	Failed  []fileNote    `json:"failed"`
	Problem *core.Problem `json:"problem,omitempty"`
}

// fileNote is one file left out of the index and why: Reason is the
// problem's code, Message says it in the person's language.
type fileNote struct {
	Path    string          `json:"path"`
	State   core.FileStatus `json:"state"`
	Reason  string          `json:"reason"`
	Message string          `json:"message"`
}

// newIndexReport gathers the report of kb's sync, which ended as final.
func newIndexReport(ctx context.Context, lib *service.Library, kb core.KnowledgeBase, final core.IndexProgress, locale core.Locale) (indexReport, error) {
	files, err := lib.Files(ctx, kb.ID)
	if err != nil {
		return indexReport{}, err
	}
	r := indexReport{
		KnowledgeBase: kb.Name, Phase: final.Phase, Files: kb.Stats.Files, Indexed: kb.Stats.Indexed,
		Chunks: kb.Stats.Chunks, Bytes: kb.Stats.Bytes, Changed: final.Changed,
		Unchanged: final.FilesTotal - final.Changed, Removed: final.Removed,
		Skipped: []fileNote{}, Failed: []fileNote{}, Problem: final.Problem,
	}
	for _, f := range files {
		note := fileNote{Path: f.Path, State: f.Status}
		if f.Reason != nil {
			note.Reason, note.Message = f.Reason.Code, describe(f.Reason, locale)
		}
		switch f.Status {
		case core.FileSkipped, core.FileNeedsOCR:
			r.Skipped = append(r.Skipped, note)
		case core.FileFailed:
			r.Failed = append(r.Failed, note)
		}
	}
	return r, nil
}

// print writes the report for a person: the counts, then each file not
// indexed with its reason.
func (r indexReport) print(w io.Writer, locale core.Locale) {
	fmt.Fprintln(w, txtIndexSummary.in(locale, r.KnowledgeBase, txtFilesIndexed.in(locale, r.Indexed), txtChunkCount.in(locale, r.Chunks),
		core.FormatBytes(uint64(r.Bytes)), r.Changed, r.Unchanged, r.Removed))
	list := func(heading counted, mark string, notes []fileNote) {
		if len(notes) == 0 {
			return
		}
		fmt.Fprintln(w, heading.in(locale, len(notes)))
		for _, n := range notes {
			fmt.Fprintf(w, "  %s %s\n    %s\n", mark, n.Path, indentLines(n.Message, "    "))
		}
	}
	list(txtFilesSkipped, "–", r.Skipped)
	list(txtFilesFailed, "✗", r.Failed)
}

// indentLines indents every line of s after the first by indent.
func indentLines(s, indent string) string {
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}
