package parse

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// PDF reads a PDF page by page: one section per page, carrying its page
// number, with visual line breaks joined back into running text. A file
// whose pages hold no text but pictures (a scan) is reported as needing
// OCR, never as an empty success; one whose pages are blank has no text.
func PDF(ctx context.Context, path string, emit Emit) (Info, error) {
	info := Info{Format: "pdf"}
	pool, memory, err := pdfPool()
	if err != nil {
		return info, err
	}
	pdfEngine.inUse.Lock()
	defer pdfEngine.inUse.Unlock()
	instance, err := pool.GetInstance(time.Minute)
	if err != nil {
		return info, fmt.Errorf("get a PDF engine: %w", err)
	}
	watch := watchPDF(instance, memory)
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
	case watch.failed():
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
	if watch.failed() {
		return info, watch.reason()
	}
	if err != nil {
		return info, fmt.Errorf("count pages: %w", err)
	}

	offset, withText, pictured := 0, 0, false
	for i := range count.PageCount {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		watch.progress()
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		got, err := instance.GetPageText(&requests.GetPageText{Page: page})
		if watch.failed() {
			return info, watch.reason()
		}
		if err != nil {
			return info, fmt.Errorf("read page %d: %w", i+1, err)
		}
		text := JoinVisualLines(got.Text)
		if strings.TrimSpace(text) == "" {
			pictured = pictured || hasPicture(instance, page)
			continue
		}
		withText++
		text += "\n\n"
		if err := emit(chunk.Section{Text: text, Page: i + 1, Offset: offset}); err != nil {
			return info, err
		}
		offset += utf8.RuneCountInString(text)
	}
	if withText == 0 && pictured {
		return info, core.ErrNeedsOCR.New(nil)
	}
	return info, nil
}

// hasPicture reports whether a page draws an image, a form (which may
// hold one) or a shading: what a scanned page is made of, unlike a blank
// page or one of lines and boxes only.
func hasPicture(instance pdfium.Pdfium, page requests.Page) bool {
	objects, err := instance.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return false
	}
	for i := range objects.Count {
		obj, err := instance.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			continue
		}
		kind, err := instance.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err == nil && (kind.Type == enums.FPDF_PAGEOBJ_IMAGE || kind.Type == enums.FPDF_PAGEOBJ_FORM || kind.Type == enums.FPDF_PAGEOBJ_SHADING) {
			return true
		}
	}
	return false
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
