package library

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/parse"
	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
	"github.com/zhiku-app/zhiku/backend/store"
)

// hostileFile is one generated attack on the indexer and what may become
// of it: one of the statuses, and the problem code when it fails.
type hostileFile struct {
	name     string
	data     func() []byte
	statuses []core.FileStatus
	code     string
}

const (
	growingFile      = "growing.log"
	hugeLineBytes    = 100 << 20
	hostileMemGrowth = 256 << 20 // over the process's peak before it indexes
)

func hostileFiles() []hostileFile {
	failed := []core.FileStatus{core.FileFailed}
	anyEnd := []core.FileStatus{core.FileIndexed, core.FileSkipped, core.FileFailed, core.FileNeedsOCR}
	indexed := []core.FileStatus{core.FileIndexed}
	bomb := strings.Repeat("\x00", 64<<20) // 64 MB that compresses to 64 kB
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;">]>`
	wordNS := `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	return []hostileFile{
		{"bomb.docx", zipOf("word/document.xml", bomb), failed, core.ErrArchiveBomb.Code},
		{"bomb.xlsx", zipOf("xl/workbook.xml", bomb, "xl/sharedStrings.xml", bomb, "xl/worksheets/sheet1.xml", bomb), failed, core.ErrArchiveBomb.Code},
		{"bomb.pptx", zipOf("ppt/presentation.xml", bomb, "ppt/slides/slide1.xml", bomb), failed, core.ErrArchiveBomb.Code},
		{"bomb.epub", zipOf("META-INF/container.xml", bomb, "content.opf", bomb), failed, core.ErrArchiveBomb.Code},
		{"bomb.odt", zipOf("content.xml", bomb), failed, core.ErrArchiveBomb.Code},
		{"laughs.docx", zipOf("word/document.xml", laughs+`<w:document `+wordNS+`><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`), anyEnd, ""},
		{"laughs.html", func() []byte { return []byte(laughs + "<html><body><p>&lol9;</p></body></html>") }, anyEnd, ""},
		{"nested.docx", zipOf("word/document.xml", `<w:document `+wordNS+`><w:body>`+nested("w:p", 300000)+`</w:body></w:document>`), anyEnd, ""},
		{"nested.html", func() []byte {
			return []byte(strings.Repeat("<div>", 500000) + "deep" + strings.Repeat("</div>", 500000))
		}, anyEnd, ""},
		{"nested.odt", zipOf("content.xml", nested("text:p", 300000)), anyEnd, ""},
		{"cyclic.pdf", cyclicPDF, anyEnd, ""},
		{"huge-line.txt", hugeLine, indexed, ""},
		{"random-bytes.txt", randomBytes, anyEnd, ""},
		{"mixed-encodings.txt", mixedEncodings, indexed, ""},
		{"truncated.docx", func() []byte { return zipOf("word/document.xml", "<w:document>")()[:40] }, failed, ""},
	}
}

// nested opens depth elements, each with an id that keeps the file from
// compressing like a bomb, and closes them all.
func nested(tag string, depth int) string {
	var b strings.Builder
	for i := range depth {
		fmt.Fprintf(&b, `<%s id="%x">`, tag, uint32(i)*2654435761)
	}
	return b.String() + strings.Repeat("</"+tag+">", depth)
}

func zipOf(nameContent ...string) func() []byte {
	return func() []byte {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		for i := 0; i < len(nameContent); i += 2 {
			f, _ := w.Create(nameContent[i])
			f.Write([]byte(nameContent[i+1]))
		}
		w.Close()
		return b.Bytes()
	}
}

// cyclicPDF has a page tree that holds itself and a form that draws
// itself, with no cross-reference table, so the reader must repair it.
func cyclicPDF() []byte {
	form := "/X Do\n"
	return []byte("%PDF-1.4\n" +
		"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /X 4 0 R >> >> /Contents 4 0 R >> endobj\n" +
		"4 0 obj << /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 4 0 R >> >> /Length " + strconv.Itoa(len(form)) + " >>\nstream\n" + form + "endstream\nendobj\n" +
		"trailer << /Root 1 0 R /Size 5 /Prev 99999 >>\n%%EOF\n")
}

// hugeLine is 100 MB of distinct words with no line break.
func hugeLine() []byte {
	b := bytes.NewBuffer(make([]byte, 0, hugeLineBytes+64))
	for i := 0; b.Len() < hugeLineBytes; i++ {
		fmt.Fprintf(b, "word%d 数据%d ", i, i*7)
	}
	return b.Bytes()
}

func randomBytes() []byte {
	b := make([]byte, 1<<20)
	state := uint32(1)
	for i := range b {
		state = state*1664525 + 1013904223
		b[i] = byte(state >> 24)
	}
	return b
}

// mixedEncodings is UTF-8, then GB18030, then invalid bytes, in one file.
func mixedEncodings() []byte {
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.Repeat("国标编码的段落。", 200)))
	return append(append([]byte(strings.Repeat("UTF-8 的段落。", 200)), gb...), 0xff, 0xfe, 0xc0, '\n')
}

// hostileReport is what the child indexing process prints.
type hostileReport struct {
	First, Second   map[string]fileOutcome
	BaseKiB         int
	PeakKiB         int
	InvalidUTF8     []string
	GrowingComplete bool
}

type fileOutcome struct {
	Status core.FileStatus
	Code   string
}

// A folder of hostile files indexes in a process whose memory stays
// bounded, measured as its peak resident set: each file ends with its own
// status, and the good files beside them and the batch are unharmed. A
// file appended to while it is read is not kept half-read, and is indexed
// whole once it stops changing. Run without the race detector, which
// multiplies memory; make test-go runs it so.
func TestAHostileFolderIndexesInBoundedMemory(t *testing.T) {
	if raceDetector || testing.Short() || runtime.GOOS != "linux" {
		t.Skip("measures peak memory from /proc without the race detector; make test-go runs it so")
	}
	source := filepath.Join(t.TempDir(), "hostile")
	for _, f := range hostileFiles() {
		write(t, filepath.Join(source, f.name), f.data())
	}
	for i := range 20 {
		write(t, filepath.Join(source, fmt.Sprintf("good/note-%02d.md", i)), []byte(fmt.Sprintf("# 笔记 %d\n\n正常的文件 %d 被索引。", i, i)))
	}
	write(t, filepath.Join(source, growingFile), []byte(strings.Repeat("日志行 log line\n", 1<<20)))

	self, _ := os.Executable()
	cmd := exec.Command(self, "-test.run=^$")
	warm := pdftest.Write(t, filepath.Join(t.TempDir(), "warm.pdf"), []pdftest.Page{{Latin: []string{"An ordinary page."}}})
	cmd.Env = append(os.Environ(), "ZHIKU_HOSTILE_CHILD="+t.TempDir(), "ZHIKU_HOSTILE_SOURCE="+source, "ZHIKU_HOSTILE_WARM_PDF="+warm)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the indexing process failed: %v\n%s", err, out)
	}
	var r hostileReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("child report %q: %v", out, err)
	}
	for _, f := range hostileFiles() {
		got, ok := r.First[f.name]
		switch {
		case !ok:
			t.Errorf("%s has no record", f.name)
		case !containsStatus(f.statuses, got.Status):
			t.Errorf("%s ended %s (%s), want one of %v", f.name, got.Status, got.Code, f.statuses)
		case f.code != "" && got.Code != f.code:
			t.Errorf("%s failed with %s, want %s", f.name, got.Code, f.code)
		}
	}
	for i := range 20 {
		if name := fmt.Sprintf("good/note-%02d.md", i); r.First[name].Status != core.FileIndexed {
			t.Errorf("good file %s ended %+v beside the hostile ones", name, r.First[name])
		}
	}
	if got := r.First[growingFile]; got.Status != core.FileFailed || got.Code != core.ErrFileChanging.Code {
		t.Errorf("the file appended to while read ended %+v, want failed with %s", got, core.ErrFileChanging.Code)
	}
	if got := r.Second[growingFile]; got.Status != core.FileIndexed || !r.GrowingComplete {
		t.Errorf("once it stopped changing the growing file ended %+v (chunks cover its final text: %v)", got, r.GrowingComplete)
	}
	if len(r.InvalidUTF8) > 0 {
		t.Errorf("chunks that are not valid UTF-8 in %v", r.InvalidUTF8)
	}
	grown := (r.PeakKiB - r.BaseKiB) << 10
	t.Logf("peak resident memory grew %d MiB (from %d MiB with the PDF engine started) for %d hostile files, among them %d MB on one line",
		grown>>20, r.BaseKiB>>10, len(hostileFiles()), hugeLineBytes>>20)
	if grown > hostileMemGrowth {
		t.Errorf("peak resident memory grew %d MiB, over %d MiB", grown>>20, hostileMemGrowth>>20)
	}
}

func containsStatus(list []core.FileStatus, s core.FileStatus) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hostileChild indexes source twice, appending to its growing file all
// through the first run, and prints a hostileReport.
func hostileChild(dataDir, source string) int {
	ctx := context.Background()
	st, err := store.Open(ctx, dataDir, store.NewHolder("hostile-test", ""))
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 1
	}
	defer st.Close()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "hostile", Sources: []string{source}, Chunking: core.ChunkSettings{MaxTokens: 512, OverlapTokens: 50}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "create:", err)
		return 1
	}
	// The PDF engine's one-time start is the baseline, not the files' cost.
	parse.PDF(ctx, os.Getenv("ZHIKU_HOSTILE_WARM_PDF"), func(chunk.Section) error { return nil })
	debug.FreeOSMemory()
	resetPeakResident()
	r := hostileReport{BaseKiB: peakResidentKiB()}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go appendUntil(filepath.Join(source, growingFile), stop, stopped)
	sync := func() map[string]fileOutcome {
		if _, err := Sync(ctx, st, kb, Options{}); err != nil {
			fmt.Fprintln(os.Stderr, "sync:", err)
			os.Exit(1)
		}
		return outcomes(ctx, st, kb.ID, source)
	}
	r.First = sync()
	close(stop)
	<-stopped
	r.Second = sync()
	r.PeakKiB = peakResidentKiB()

	files, _ := st.Files(ctx, kb.ID)
	for _, f := range files {
		chunks, _ := st.Chunks(ctx, kb.ID, f.Path)
		for _, c := range chunks {
			if !utf8.ValidString(c.Text) {
				r.InvalidUTF8 = append(r.InvalidUTF8, filepath.Base(f.Path))
				break
			}
		}
		if filepath.Base(f.Path) == growingFile && len(chunks) > 0 {
			final, _ := os.ReadFile(f.Path)
			r.GrowingComplete = strings.HasSuffix(strings.TrimSpace(string(final)), strings.TrimSpace(chunks[len(chunks)-1].Text))
		}
	}
	json.NewEncoder(os.Stdout).Encode(r)
	return 0
}

func appendUntil(path string, stop <-chan struct{}, stopped chan<- struct{}) {
	defer close(stopped)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer f.Close()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
			fmt.Fprintf(f, "appended line %d\n", i)
		}
	}
}

func outcomes(ctx context.Context, st *store.Store, kbID int64, root string) map[string]fileOutcome {
	files, _ := st.Files(ctx, kbID)
	out := map[string]fileOutcome{}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f.Path)
		o := fileOutcome{Status: f.Status}
		if f.Reason != nil {
			o.Code = f.Reason.Code
		}
		out[filepath.ToSlash(rel)] = o
	}
	return out
}

// resetPeakResident sets the process's peak resident set to its current
// one, so what follows is measured alone.
func resetPeakResident() {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		fmt.Fprintln(os.Stderr, "reset the peak resident set:", err)
		os.Exit(1)
	}
}

// peakResidentKiB is the process's peak resident set so far (VmHWM).
func peakResidentKiB() int {
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}
