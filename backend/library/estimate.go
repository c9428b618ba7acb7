package library

import (
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/ingest/parse"
)

// formatFamily groups formats read at about the same speed per byte: a
// megabyte of PDF pages takes far longer than a megabyte of Markdown, so
// a folder's time left depends on what is left of each.
type formatFamily int

const (
	familyText     formatFamily = iota // Markdown, plain text, source code, HTML
	familyNotebook                     // notebooks, whose embedded outputs are dropped unread
	familyOffice                       // zipped XML: Word, PowerPoint, Excel, OpenDocument, EPUB
	familyPDF
	familyUnread // formats Zhiku does not read: only hashed
	familyCount
)

// priorBytesPerSecond is how fast each family is read on a modest laptop:
// the estimate starts from these and measurement replaces them.
var priorBytesPerSecond = [familyCount]float64{
	familyText:     4 << 20,
	familyNotebook: 4 << 20,
	familyOffice:   1 << 20,
	familyPDF:      400 << 10,
	familyUnread:   200 << 20,
}

// startSeconds is what a family's reader takes to start, once per run:
// the PDF engine is compiled or loaded on the first PDF. The first file of
// such a family is not measured, its time being mostly the start.
var startSeconds = [familyCount]float64{familyPDF: 2}

// fileOverheadBytes is what every file costs whatever its size (opening,
// hashing, one transaction), counted as that many bytes of its family: a
// folder of many tiny files takes longer than its bytes alone say.
const fileOverheadBytes = 16 << 10

const (
	// priorSeconds is how many seconds of measurement the priors weigh:
	// a family's own measured rate outweighs them after about a second.
	priorSeconds = 0.5
	// The time left is shown once this much time has passed and this
	// share of the work is done; before, it would be a guess.
	estimateAfter     = 3 * time.Second
	estimateAfterDone = 0.05
	// smoothingSeconds is the time constant the shown figure follows the
	// computed one with.
	smoothingSeconds = 2.0
	// maxRisePerSecond bounds how fast the shown figure may grow when the
	// work did not: by at most this share of itself per second.
	maxRisePerSecond = 0.2
)

var officeExtensions = map[string]bool{".docx": true, ".pptx": true, ".xlsx": true, ".xlsm": true,
	".odt": true, ".ods": true, ".odp": true, ".epub": true}

func familyOf(path string) formatFamily {
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case ext == ".pdf":
		return familyPDF
	case ext == ".ipynb":
		return familyNotebook
	case officeExtensions[ext]:
		return familyOffice
	}
	if _, ok := parse.For(path); !ok {
		return familyUnread
	}
	return familyText
}

// estimator says how long the files left will take to read, from their
// bytes and the rate measured so far for each family of formats. The
// figure it gives is smoothed and rises only slowly, so a person sees it
// count down rather than jump.
type estimator struct {
	now     func() time.Time
	started time.Time

	// planned and done count the work, in bytes plus each file's
	// overhead; left holds what is still to do, per family.
	planned, done float64
	left          [familyCount]float64
	// readBytes and readSeconds are what each family took so far; met
	// says whose reader has started.
	readBytes, readSeconds [familyCount]float64
	met                    [familyCount]bool

	current struct {
		family  formatFamily
		work    float64
		started time.Time
		active  bool
	}

	shown        float64
	shownAt      time.Time
	shownPlanned float64
	hasShown     bool
}

func newEstimator(now func() time.Time) *estimator {
	return &estimator{now: now, started: now()}
}

// workOf is the work of one file, in bytes.
func workOf(size int64) float64 {
	return float64(max(size, 0)) + fileOverheadBytes
}

// plan adds a file that will be read to the work.
func (e *estimator) plan(path string, size int64) {
	w := workOf(size)
	e.planned += w
	e.left[familyOf(path)] += w
}

// begin marks the start of reading a planned file.
func (e *estimator) begin(path string, size int64) {
	e.current.family, e.current.work, e.current.started, e.current.active = familyOf(path), workOf(size), e.now(), true
}

// end marks the file begun last as done. measured says whether its time
// tells how fast its format reads: a file found unchanged by its hash, or
// moved, was not read and its time says nothing.
func (e *estimator) end(measured bool) {
	if !e.current.active {
		return
	}
	c := &e.current
	c.active = false
	e.left[c.family] = max(e.left[c.family]-c.work, 0)
	e.done += c.work
	warmingUp := !e.met[c.family] && startSeconds[c.family] > 0
	e.met[c.family] = true
	if measured && !warmingUp {
		e.readBytes[c.family] += c.work
		e.readSeconds[c.family] += e.now().Sub(c.started).Seconds()
	}
}

// expected is the time a family's work takes at rate, with its reader's
// start when it has not started yet.
func (e *estimator) expected(f formatFamily, work, rate float64) float64 {
	if work <= 0 {
		return 0
	}
	if e.met[f] {
		return work / rate
	}
	return work/rate + startSeconds[f]
}

// speedFactor is how much faster than the priors this machine reads,
// from every file measured: it scales the priors of families not yet met.
func (e *estimator) speedFactor() float64 {
	predicted, actual := priorSeconds, priorSeconds
	for f := range familyCount {
		predicted += e.readBytes[f] / priorBytesPerSecond[f]
		actual += e.readSeconds[f]
	}
	return predicted / actual
}

// rate is a family's bytes per second: its prior, scaled to this machine,
// weighed against what the family took so far.
func (e *estimator) rate(f formatFamily, speed float64) float64 {
	return (priorBytesPerSecond[f]*speed*priorSeconds + e.readBytes[f]) / (priorSeconds + e.readSeconds[f])
}

// remaining is the time the work left takes at the rates measured so far,
// less what the file being read has already taken.
func (e *estimator) remaining() float64 {
	speed := e.speedFactor()
	total := 0.0
	for f := range familyCount {
		total += e.expected(f, e.left[f], e.rate(f, speed))
	}
	if c := e.current; c.active {
		total -= min(e.now().Sub(c.started).Seconds(), e.expected(c.family, c.work, e.rate(c.family, speed)))
	}
	return max(total, 0)
}

// estimate returns the seconds left to show, or false while too little is
// done for any figure to mean something.
func (e *estimator) estimate() (float64, bool) {
	if e.done >= e.planned {
		return 0, true // all read, or nothing to read: a re-sync of unchanged files
	}
	now := e.now()
	if now.Sub(e.started) < estimateAfter || e.done < estimateAfterDone*e.planned {
		return 0, false
	}
	raw := e.remaining()
	if !e.hasShown || e.planned > e.shownPlanned {
		// The first figure, or more work than when the last was shown:
		// a jump up is then the truth.
		e.shown, e.shownAt, e.shownPlanned, e.hasShown = raw, now, e.planned, true
		return raw, true
	}
	dt := now.Sub(e.shownAt).Seconds()
	expected := max(e.shown-dt, 0)
	ceiling := expected + e.shown*maxRisePerSecond*dt
	follow := 1 - math.Exp(-dt/smoothingSeconds)
	e.shown = expected + follow*(min(raw, ceiling)-expected)
	e.shownAt = now
	return e.shown, true
}
