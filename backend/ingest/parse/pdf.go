package parse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// PDFium, compiled to WebAssembly and run by wazero, reads PDFs in pure Go
// correctly where Go-native readers fail: Chinese text in non-embedded
// fonts, browser-made PDFs, AES-256 encryption. Compiling its module takes
// seconds, so the pool starts on the first PDF and, once ConfigurePDF has
// named a cache folder, later starts reuse the compiled code.
var pdfEngine struct {
	mu       sync.Mutex
	pool     pdfium.Pool
	cacheDir string
}

// ConfigurePDF sets the folder where PDFium's compiled code is cached.
func ConfigurePDF(cacheDir string) {
	pdfEngine.mu.Lock()
	pdfEngine.cacheDir = cacheDir
	pdfEngine.mu.Unlock()
}

func pdfPool() (pdfium.Pool, error) {
	pdfEngine.mu.Lock()
	defer pdfEngine.mu.Unlock()
	if pdfEngine.pool != nil {
		return pdfEngine.pool, nil
	}
	// PDFium's module uses WebAssembly exceptions; go-pdfium's default
	// config enables them, and a custom one (for the cache) must too.
	// Closing on context done lets Kill interrupt PDFium when a malformed
	// file sends it into an endless loop.
	runtime := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true)
	if pdfEngine.cacheDir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(pdfEngine.cacheDir); err == nil {
			runtime = runtime.WithCompilationCache(cache)
		}
	}
	// Two instances at most: PDFs parse one per worker, and each instance
	// holds its own memory.
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 0, MaxIdle: 1, MaxTotal: 2, RuntimeConfig: runtime,
		Stdout: discard{}, Stderr: discard{}})
	if err != nil {
		return nil, fmt.Errorf("start the PDF engine: %w", err)
	}
	pdfEngine.pool = pool
	return pool, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// PDF reads a PDF page by page: one section per page, carrying its page
// number, with visual line breaks joined back into running text. A file
// whose pages hold no text at all (a scan) is reported as needing OCR,
// never as an empty success.
func PDF(ctx context.Context, path string, emit Emit) (Info, error) {
	info := Info{Format: "pdf"}
	pool, err := pdfPool()
	if err != nil {
		return info, err
	}
	instance, err := pool.GetInstance(time.Minute)
	if err != nil {
		return info, fmt.Errorf("get a PDF engine: %w", err)
	}
	watch := watchPDF(instance)
	defer watch.stop()

	f, err := os.Open(path)
	if err != nil {
		return info, err
	}
	defer f.Close()
	stat, err := f.Stat()
	if err != nil {
		return info, err
	}
	doc, err := instance.OpenDocument(&requests.OpenDocument{FileReader: f, FileReaderSize: stat.Size()})
	switch {
	case watch.killed():
		return info, watch.reason()
	case errors.Is(err, pdferrors.ErrPassword):
		return info, core.ErrFileEncrypted.New(err)
	case err != nil:
		return info, fmt.Errorf("open PDF: %w", err)
	}
	defer func() {
		if !watch.killed() {
			instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
		}
	}()
	count, err := instance.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if watch.killed() {
		return info, watch.reason()
	}
	if err != nil {
		return info, fmt.Errorf("count pages: %w", err)
	}

	offset, withText := 0, 0
	for i := range count.PageCount {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		watch.progress()
		page, err := instance.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if watch.killed() {
			return info, watch.reason()
		}
		if err != nil {
			return info, fmt.Errorf("read page %d: %w", i+1, err)
		}
		text := JoinVisualLines(page.Text)
		if strings.TrimSpace(text) == "" {
			continue // an image-only page
		}
		withText++
		text += "\n\n"
		if err := emit(chunk.Section{Text: text, Page: i + 1, Offset: offset}); err != nil {
			return info, err
		}
		offset += utf8.RuneCountInString(text)
	}
	if count.PageCount > 0 && withText == 0 {
		return info, core.ErrNeedsOCR.New(nil)
	}
	return info, nil
}

// pdfStall is how long one PDFium call may run before the file is given
// up as one that sends PDFium into an endless loop.
var pdfStall = 2 * time.Minute

// pdfWatch kills a PDFium instance that stops making progress: the call
// in flight returns, the instance is replaced in the pool, and the file
// fails on its own. Killing interrupts PDFium mid-call, which go-pdfium
// offers as a last resort only, so cancelling is left to the page loop.
type pdfWatch struct {
	instance pdfium.Pdfium
	stall    time.Duration
	last     atomic.Int64 // unix nanoseconds of the last progress
	dead     atomic.Bool
	done     chan struct{}
}

func watchPDF(instance pdfium.Pdfium) *pdfWatch {
	w := &pdfWatch{instance: instance, stall: pdfStall, done: make(chan struct{})}
	w.progress()
	go func() {
		tick := time.NewTicker(max(min(w.stall/4, time.Second), time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-tick.C:
				if time.Since(time.Unix(0, w.last.Load())) > w.stall {
					w.kill()
					return
				}
			}
		}
	}()
	return w
}

func (w *pdfWatch) progress() { w.last.Store(time.Now().UnixNano()) }

func (w *pdfWatch) kill() {
	w.dead.Store(true)
	w.instance.Kill()
}

func (w *pdfWatch) killed() bool { return w.dead.Load() }

// reason says why the instance was killed.
func (w *pdfWatch) reason() error {
	return core.ErrFileUnreadable.New(nil, "reason", fmt.Sprintf("the PDF engine made no progress on it for %s", w.stall))
}

// stop ends the watch and returns the instance to the pool, unless it was
// killed (a killed instance is already replaced).
func (w *pdfWatch) stop() {
	close(w.done)
	if !w.killed() {
		w.instance.Close()
	}
}

// JoinVisualLines turns the lines a PDF lays text out in back into running
// text: a break between two CJK characters disappears (Chinese has no
// spaces), a hyphen that split an English word at a line end is removed,
// other breaks become spaces, and blank lines stay paragraph breaks.
func JoinVisualLines(text string) string {
	// PDFium joins a word it finds hyphenated across a line end itself
	// and marks the spot with U+0002; the word reads whole without it.
	text = strings.ReplaceAll(text, "\x02", "")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var b strings.Builder
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString("\n\n")
		}
		lines := strings.Split(para, "\n")
		var out []rune
		for j, line := range lines {
			line = strings.TrimRight(line, " \t")
			if j > 0 && len(out) > 0 {
				out = joinAt(out, []rune(strings.TrimLeft(line, " \t")))
				continue
			}
			out = append(out, []rune(line)...)
		}
		b.WriteString(string(out))
	}
	return b.String()
}

// joinAt appends next to prev across a visual line break.
func joinAt(prev, next []rune) []rune {
	if len(next) == 0 {
		return prev
	}
	last, first := prev[len(prev)-1], next[0]
	switch {
	case isCJKRune(last) || isCJKRune(first) && (isCJKRune(last) || unicode.IsPunct(last)):
		return append(prev, next...)
	case last == '-' && len(prev) > 1 && unicode.IsLetter(prev[len(prev)-2]) && unicode.IsLower(first):
		return append(prev[:len(prev)-1], next...)
	default:
		return append(append(prev, ' '), next...)
	}
}

func isCJKRune(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}
