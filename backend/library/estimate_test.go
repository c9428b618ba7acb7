package library

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// fakeClock is the time an estimator reads; the test moves it.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) advance(seconds float64) {
	c.t = c.t.Add(time.Duration(seconds * float64(time.Second)))
}
func (c *fakeClock) since(start time.Time) float64 { return c.t.Sub(start).Seconds() }

// readFile is one file of a simulated folder and the time reading it takes.
type readFile struct {
	path    string
	size    int64
	seconds float64
}

// shownFigure is one time left a person is shown, with the truth then.
type shownFigure struct {
	at, shown, truth float64
}

// finish is when the figure says the work ends.
func (f shownFigure) finish() float64 { return f.at + f.shown }

// reportSeconds is how often the syncer reports, as reportEvery does.
const reportSeconds = 0.25

// timeLeft is an estimate of the time left, as the syncer drives it: told
// when each file starts and ends, and asked when it reports.
type timeLeft interface {
	begin(f readFile)
	end()
	estimate() (float64, bool)
}

// simulate reads files one after another on a fake clock and asks for
// the time left as the syncer reports: as each file starts, at most every
// reportSeconds.
func simulate(files []readFile, newTimeLeft func(clock *fakeClock) timeLeft) []shownFigure {
	clock := &fakeClock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	left := newTimeLeft(clock)
	total := 0.0
	for _, f := range files {
		total += f.seconds
	}
	var shown []shownFigure
	elapsed, lastReport := 0.0, math.Inf(-1)
	for _, f := range files {
		left.begin(f)
		if elapsed-lastReport >= reportSeconds {
			lastReport = elapsed
			if s, ok := left.estimate(); ok {
				shown = append(shown, shownFigure{at: elapsed, shown: s, truth: total - elapsed})
			}
		}
		clock.advance(f.seconds)
		elapsed += f.seconds
		left.end()
	}
	return shown
}

// syncerEstimate is the estimator the syncer uses, planned with files.
type syncerEstimate struct{ *estimator }

func (e syncerEstimate) begin(f readFile) { e.estimator.begin(f.path, f.size) }
func (e syncerEstimate) end()             { e.estimator.end(true) }

func withEstimator(files []readFile) []shownFigure {
	return simulate(files, func(clock *fakeClock) timeLeft {
		e := newEstimator(clock.now)
		for _, f := range files {
			e.plan(f.path, f.size)
		}
		return syncerEstimate{e}
	})
}

// bytesSoFar is how the time left was estimated before: the bytes left at
// the average rate so far.
type bytesSoFar struct {
	clock       *fakeClock
	start       time.Time
	done, total int64
	current     int64
}

func (b *bytesSoFar) begin(f readFile) { b.current = f.size }
func (b *bytesSoFar) end()             { b.done += b.current }
func (b *bytesSoFar) estimate() (float64, bool) {
	elapsed := b.clock.since(b.start)
	if b.done == 0 || elapsed == 0 {
		return 0, false
	}
	return float64(b.total-b.done) / (float64(b.done) / elapsed), true
}

func withBytesSoFar(files []readFile) []shownFigure {
	return simulate(files, func(clock *fakeClock) timeLeft {
		b := &bytesSoFar{clock: clock, start: clock.now()}
		for _, f := range files {
			b.total += f.size
		}
		return b
	})
}

// folder makes count files named like pattern, of size bytes, each read
// in seconds.
func folder(pattern string, count int, size int64, seconds float64) []readFile {
	files := make([]readFile, count)
	for i := range files {
		files[i] = readFile{path: fmt.Sprintf(pattern, i), size: size, seconds: seconds}
	}
	return files
}

func concat(parts ...[]readFile) []readFile {
	var out []readFile
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// interleave puts one of b after every len(a)/len(b) of a, as a folder
// sorted by name mixes its formats.
func interleave(a, b []readFile) []readFile {
	var out []readFile
	every := len(a) / len(b)
	for i, f := range a {
		out = append(out, f)
		if (i+1)%every == 0 && len(b) > 0 {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(out, b...)
}

// withEngineStart makes the first file take seconds more, as the PDF
// engine starts on the first PDF.
func withEngineStart(files []readFile, seconds float64) []readFile {
	files[0].seconds += seconds
	return files
}

// spread is the latest finish a run of figures promised over the
// earliest: 1 for an estimate that never moved.
func spread(figures []shownFigure) float64 {
	earliest, latest := math.Inf(1), 0.0
	for _, f := range figures {
		earliest, latest = min(earliest, f.finish()), max(latest, f.finish())
	}
	return latest / earliest
}

// A course folder of Markdown notes and a dozen PDF reports, read at the
// speeds measured on a laptop: Markdown at about 3 MB/s, PDF pages at
// about 400 KB/s after the engine's start.
var (
	notes   = folder("/课程/笔记/%03d.md", 400, 30<<10, 0.01)
	reports = withEngineStart(folder("/课程/报告/%02d.pdf", 12, 500<<10, 1.2), 3)
)

func TestTheTimeLeftHoldsStillOnMixedFolders(t *testing.T) {
	slowNotes := folder("/慢/笔记/%03d.md", 400, 30<<10, 0.03)
	slowReports := withEngineStart(folder("/慢/报告/%02d.pdf", 12, 500<<10, 3.6), 6)
	tests := []struct {
		name  string
		files []readFile
		// before is the spread of the old estimate on the same folder,
		// at least: what a person saw.
		before float64
		// spread is how far the promised finish may move; accurateAfter
		// the share of the time after which the figure is within 40%.
		spread, accurateAfter float64
	}{
		{"Markdown first, PDFs last", concat(notes, reports), 2.5, 1.35, 0},
		{"PDFs first, Markdown last", concat(reports, notes), 1.5, 1.35, 0},
		{"PDFs among the Markdown", interleave(notes, reports), 1.3, 1.35, 0},
		{"a machine three times slower", concat(slowNotes, slowReports), 2.5, 1.35, 0},
		// Measurement corrects priors that are wrong, slowly enough not
		// to jump.
		{"PDFs three times slower than thought", concat(notes, slowReports), 5, 3, 0.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := withBytesSoFar(tt.files)
			if s := spread(before); s < tt.before {
				t.Fatalf("the old estimate's finish moved by %.2f×, the folder shows too little", s)
			}
			figures := withEstimator(tt.files)
			if len(figures) == 0 {
				t.Fatal("no time left was ever shown")
			}
			if first := figures[0]; first.at < estimateAfter.Seconds() {
				t.Errorf("a figure was shown at %.1f s, before anything meant something", first.at)
			}
			for i := 1; i < len(figures); i++ {
				prev, cur := figures[i-1], figures[i]
				if bound := prev.shown * (1 + maxRisePerSecond*(cur.at-prev.at)); cur.shown > bound+1e-9 {
					t.Errorf("at %.2f s the time left rose from %.1f s to %.1f s, over the %.1f s bound", cur.at, prev.shown, cur.shown, bound)
				}
			}
			if s := spread(figures); s > tt.spread {
				t.Errorf("the promised finish moved by %.2f× (the old estimate's by %.2f×)", s, spread(before))
			}
			for _, f := range figures {
				if f.at >= tt.accurateAfter*figures[len(figures)-1].at && f.truth > 5 && math.Abs(f.shown-f.truth) > 0.4*f.truth {
					t.Errorf("at %.1f s: %.1f s shown, %.1f s true", f.at, f.shown, f.truth)
				}
			}
			t.Logf("finish spread %.2f× (before %.2f×); first %+v, last %+v", spread(figures), spread(before), figures[0], figures[len(figures)-1])
		})
	}
}

func TestTheTimeLeftWaitsUntilItMeansSomething(t *testing.T) {
	tests := []struct {
		name     string
		after    float64 // seconds
		filesOf  int     // files done of planned equal ones
		planned  int
		wantShow bool
	}{
		{"nothing done yet", 10, 0, 100, false},
		{"nothing to read, every file unchanged", 0, 0, 0, true},
		{"half done in two seconds", 2, 50, 100, false},
		{"4% done in ten seconds", 10, 4, 100, false},
		{"5% done in three seconds", 3, 5, 100, true},
		{"a tenth done in four seconds", 4, 10, 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
			e := newEstimator(clock.now)
			for i := range tt.planned {
				e.plan(fmt.Sprintf("/笔记/%d.md", i), 64<<10)
			}
			for i := range tt.filesOf {
				e.begin(fmt.Sprintf("/笔记/%d.md", i), 64<<10)
				clock.advance(tt.after / float64(tt.filesOf))
				e.end(true)
			}
			clock.t = e.started.Add(time.Duration(tt.after * float64(time.Second)))
			if _, shown := e.estimate(); shown != tt.wantShow {
				t.Errorf("shown = %v, want %v", shown, tt.wantShow)
			}
		})
	}
}

func TestTheTimeLeftRisesAtOnceOnlyWhenTheWorkGrew(t *testing.T) {
	tests := []struct {
		name     string
		moreWork bool
		// atMost is how many times the last figure the next may be.
		atMost float64
	}{
		{"the same work, a slow file", false, 1 + maxRisePerSecond*reportSeconds},
		{"five hundred files more", true, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
			e := newEstimator(clock.now)
			for i := range 100 {
				e.plan(fmt.Sprintf("/笔记/%d.md", i), 64<<10)
			}
			for i := range 50 {
				e.begin(fmt.Sprintf("/笔记/%d.md", i), 64<<10)
				clock.advance(0.1)
				e.end(true)
			}
			before, ok := e.estimate()
			if !ok {
				t.Fatal("no time left after half the work")
			}
			// One file takes ten times longer than the others.
			e.begin("/笔记/50.md", 64<<10)
			clock.advance(1)
			e.end(true)
			if tt.moreWork {
				for i := range 500 {
					e.plan(fmt.Sprintf("/新笔记/%d.md", i), 64<<10)
				}
			}
			clock.advance(reportSeconds)
			after, _ := e.estimate()
			if after > before*tt.atMost {
				t.Errorf("the time left went from %.1f s to %.1f s", before, after)
			}
			if tt.moreWork && after < before*5 {
				t.Errorf("five hundred files more than fifty left only moved the time left from %.1f s to %.1f s", before, after)
			}
		})
	}
}
