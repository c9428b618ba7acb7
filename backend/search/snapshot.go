package search

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/keyword"
	"github.com/zhiku-app/zhiku/backend/search/vector"
	"github.com/zhiku-app/zhiku/backend/store"
)

// A snapshot file is derived data: the magic, a JSON header, the keyword
// index, the vectors (if any), and a CRC-32 of everything before it. It is
// written atomically after a build and as the index changes; a snapshot
// that is damaged, from another version or for another vector model is
// rebuilt from the store, and one older than the store is brought up to
// date from it. One of an older version is rebuilt without a word: it is
// not damaged, only older than the app.
const (
	snapshotMagic  = "ZKIX0003"
	snapshotFamily = "ZKIX"
)

type snapshotHeader struct {
	Revisions store.Revisions `json:"revisions"`
	Model     string          `json:"model"`
	Vectors   bool            `json:"vectors"`
	Files     []snapshotFile  `json:"files"`
	Roots     []string        `json:"roots,omitempty"`
}

// snapshotFile is a store.IndexedFile in the header, its path written as
// its key: JSON would replace the bytes of a name that is not UTF-8, and
// filters by folder would no longer find the file.
type snapshotFile struct {
	ID     int64
	Path   string
	Format string
	Titles []string `json:",omitempty"`
	Gone   bool     `json:",omitempty"`
}

func snapshotFiles(ix *kbIndex) []snapshotFile {
	out := make([]snapshotFile, len(ix.files))
	for i, f := range ix.files {
		out[i] = snapshotFile{ID: f.ID, Path: core.PathKey(f.Path), Format: f.Format, Titles: ix.titles[uint32(i)],
			Gone: i < len(ix.gone) && ix.gone[i]}
	}
	return out
}

func (f snapshotFile) indexed() (store.IndexedFile, error) {
	path, err := core.PathFromKey(f.Path)
	return store.IndexedFile{ID: f.ID, Path: path, Format: f.Format}, err
}

// saveSnapshot writes the entry's index, holding it for reading meanwhile.
func (e *Engine) saveSnapshot(kbID int64, en *entry) {
	en.mu.Lock()
	ix := en.current
	en.unsaved, en.savedAt = false, time.Now()
	en.mu.Unlock()
	if e.opts.Dir == "" || ix == nil {
		return
	}
	err := os.MkdirAll(e.opts.Dir, 0o700)
	if err == nil {
		err = core.WriteAtomic(e.snapshotPath(kbID), 0o600, func(w io.Writer) error {
			ix.mu.RLock()
			defer ix.mu.RUnlock()
			return writeSnapshot(w, ix)
		})
	}
	if err != nil {
		log.Printf("search index snapshot of knowledge base %d: %v", kbID, err)
		en.mu.Lock()
		en.unsaved = true
		en.mu.Unlock()
	}
}

func writeSnapshot(w io.Writer, ix *kbIndex) error {
	sum := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(w, sum), 1<<20)
	header, err := json.Marshal(snapshotHeader{Revisions: ix.rev, Model: ix.model, Vectors: ix.vectors != nil, Roots: ix.roots, Files: snapshotFiles(ix)})
	if err != nil {
		return err
	}
	bw.WriteString(snapshotMagic)
	binary.Write(bw, binary.LittleEndian, uint32(len(header)))
	bw.Write(header)
	if _, err := ix.keyword.WriteTo(bw); err != nil {
		return err
	}
	if ix.vectors != nil {
		if _, err := ix.vectors.WriteTo(bw); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return binary.Write(w, binary.LittleEndian, sum.Sum32())
}

var (
	// errOtherModel says a snapshot is sound but holds another model's vectors.
	errOtherModel = errors.New("snapshot of another vector model")
	// errOlderSnapshot says a snapshot was written by an older version.
	errOlderSnapshot = errors.New("snapshot of an older version")
)

// loadSnapshot reads kb's snapshot; it may be older than the store. A
// missing snapshot, or one for another vector model, is silently rebuilt;
// a damaged one, or something other than a regular file in its place, is
// reported.
func (e *Engine) loadSnapshot(kbID int64, model string) (*kbIndex, *core.Problem) {
	if e.opts.Dir == "" {
		return nil, nil
	}
	f, err := core.OpenRegular(e.snapshotPath(kbID), os.O_RDONLY, 0)
	if errors.Is(err, core.ErrNotRegularFile) {
		return nil, e.discardSnapshot(kbID, err)
	}
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	ix, err := readSnapshot(f, model)
	switch {
	case err == nil:
		return ix, nil
	case errors.Is(err, errOtherModel), errors.Is(err, errOlderSnapshot):
		return nil, nil
	}
	f.Close()
	return nil, e.discardSnapshot(kbID, err)
}

// discardSnapshot removes an unusable snapshot, so the rebuilt index's
// snapshot takes its place, and says why.
func (e *Engine) discardSnapshot(kbID int64, why error) *core.Problem {
	log.Printf("search index snapshot of knowledge base %d: %v", kbID, why)
	os.Remove(e.snapshotPath(kbID))
	return core.ErrIndexRebuilt.New(why)
}

func readSnapshot(f *os.File, model string) (*kbIndex, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() < int64(len(snapshotMagic))+8 {
		return nil, fmt.Errorf("%d bytes is too short", info.Size())
	}
	sum := crc32.NewIEEE()
	body := io.LimitReader(f, info.Size()-4)
	r := bufio.NewReaderSize(io.TeeReader(body, sum), 1<<20)
	magic := make([]byte, len(snapshotMagic))
	var headerLen uint32
	if _, err := io.ReadFull(r, magic); err != nil || !strings.HasPrefix(string(magic), snapshotFamily) {
		return nil, errors.New("not a search index snapshot")
	}
	if string(magic) < snapshotMagic {
		return nil, errOlderSnapshot
	}
	if string(magic) != snapshotMagic {
		return nil, errors.New("a search index snapshot of a newer version")
	}
	if err := binary.Read(r, binary.LittleEndian, &headerLen); err != nil || headerLen > 1<<30 {
		return nil, fmt.Errorf("header length %d: %v", headerLen, err)
	}
	raw := make([]byte, headerLen)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	var h snapshotHeader
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if h.Model != model {
		return nil, errOtherModel
	}
	ix := &kbIndex{rev: h.Revisions, model: h.Model, fileNum: map[int64]uint32{}, titles: map[uint32][]string{},
		roots: h.Roots, gone: make([]bool, len(h.Files))}
	for _, file := range h.Files {
		indexed, err := file.indexed()
		if err != nil {
			return nil, fmt.Errorf("header: %w", err)
		}
		n := ix.fileNumber(indexed)
		ix.gone[n] = file.Gone
		if len(file.Titles) > 0 {
			ix.titles[n] = file.Titles
		}
	}
	if ix.keyword, err = keyword.ReadIndex(r, info.Size()); err != nil {
		return nil, err
	}
	if h.Vectors {
		if ix.vectors, err = vector.ReadIndex(r); err != nil {
			return nil, err
		}
	}
	if err := drainAndCheck(r, f, sum); err != nil {
		return nil, err
	}
	ix.fileOf = make(map[int64]uint32, ix.keyword.Len())
	ix.keyword.EachChunk(func(chunkID int64, file uint32) {
		ix.fileOf[chunkID] = file
	})
	for _, n := range ix.fileOf {
		if int(n) >= len(ix.files) {
			return nil, fmt.Errorf("chunk of file %d of %d", n, len(ix.files))
		}
	}
	ix.indexNames()
	return ix, nil
}

// drainAndCheck reads what is left of the body (nothing, in a sound file)
// and compares the checksum that follows it.
func drainAndCheck(r io.Reader, f *os.File, sum hash.Hash32) error {
	if n, _ := io.Copy(io.Discard, r); n != 0 {
		return fmt.Errorf("%d unexpected bytes at the end", n)
	}
	var want uint32
	if err := binary.Read(f, binary.LittleEndian, &want); err != nil {
		return fmt.Errorf("checksum: %w", err)
	}
	if got := sum.Sum32(); got != want {
		return fmt.Errorf("checksum %08x, want %08x", got, want)
	}
	return nil
}
