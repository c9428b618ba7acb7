package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/damagetest"
)

// Recovery copies every row it can still read into a new database at the
// current schema, keeps the damaged one aside byte for byte, and leaves a
// store that opens, passes the full check and indexes again what it lost.
func TestRecoverySavesWhatCanStillBeRead(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := fillSample(t, dir)
	onDamagedPages := damagetest.Table(t, dir, "chunks", 2)
	damaged, err := os.ReadFile(filepath.Join(dir, dbFileName))
	if err != nil {
		t.Fatal(err)
	}

	rec, err := Recover(ctx, dir, NewHolder("doctor", ""))
	if err != nil {
		t.Fatalf("Recover: %v", err)
	}
	if !rec.Needed || filepath.Dir(rec.DamagedCopy) != dir {
		t.Fatalf("Recover = %+v, want the damaged copy kept in the data folder", rec)
	}
	if aside, err := os.ReadFile(rec.DamagedCopy); err != nil || !bytes.Equal(aside, damaged) {
		t.Fatalf("the damaged copy differs from the damaged database (%v)", err)
	}

	st, err := Open(ctx, dir, NewHolder("test", ""))
	if err != nil {
		t.Fatalf("Open after recovery: %v", err)
	}
	defer st.Close()
	if err := st.CheckIntegrity(ctx); err != nil {
		t.Fatalf("the recovered database: %v", err)
	}
	kbs, err := st.KBs(ctx)
	if err != nil || len(kbs) != 1 || kbs[0].Name != "手册" || len(kbs[0].Sources) != 1 {
		t.Fatalf("knowledge bases after recovery: %+v, %v", kbs, err)
	}
	files, err := st.Files(ctx, kbs[0].ID)
	if err != nil || len(files) != 3 {
		t.Fatalf("files after recovery: %+v, %v", files, err)
	}
	big, err := st.Chunks(ctx, kbs[0].ID, "/docs/big.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(big) != s.chunks-onDamagedPages {
		t.Errorf("%d of %d chunks kept, with %d on the damaged pages", len(big), s.chunks, onDamagedPages)
	}
	for _, f := range files {
		// A file that lost chunks is indexed again on the next sync; the
		// others keep their content hash and are left alone.
		if wantHash := f.Path != "/docs/big.txt"; (f.Hash != "") != wantHash {
			t.Errorf("%s after recovery: hash %q", f.Path, f.Hash)
		}
	}
	if got := rec.table("chunks"); got.Kept != len(big)+5 || got.Unreadable == 0 {
		t.Errorf("recovery of chunks = %+v; %d kept in all", got, len(big)+5)
	}
	if _, found, err := st.Embedding(ctx, "m", "/docs/a.txt#0"); err != nil || !found {
		t.Errorf("embedding after recovery: found %v, %v", found, err)
	}
	chats, err := st.Chats(ctx, "")
	if err != nil || len(chats) != 1 {
		t.Fatalf("chats after recovery: %+v, %v", chats, err)
	}
	if chat, err := st.Chat(ctx, chats[0].ID); err != nil || len(chat.Turns) != 1 || len(chat.Turns[0].Answers) != 1 {
		t.Errorf("the chat after recovery: %+v, %v", chat, err)
	}
	sets, err := st.Datasets(ctx)
	if err != nil || len(sets) != 1 || sets[0].Records != s.records {
		t.Errorf("data sets after recovery: %+v, %v", sets, err)
	}
}

// A file SQLite cannot read at all is kept aside too, and an empty
// database takes its place.
func TestRecoveringAFileThatIsNoDatabaseStartsAfresh(t *testing.T) {
	dir := t.TempDir()
	garbage := bytes.Repeat([]byte("not a database "), 500)
	if err := os.WriteFile(filepath.Join(dir, dbFileName), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	rec, err := Recover(context.Background(), dir, NewHolder("doctor", ""))
	if err != nil || !rec.Needed {
		t.Fatalf("Recover = %+v, %v", rec, err)
	}
	if aside, err := os.ReadFile(rec.DamagedCopy); err != nil || !bytes.Equal(aside, garbage) {
		t.Fatalf("the file kept aside differs (%v)", err)
	}
	st, err := Open(context.Background(), dir, NewHolder("test", ""))
	if err != nil {
		t.Fatalf("Open after recovery: %v", err)
	}
	defer st.Close()
	if kbs, err := st.KBs(context.Background()); err != nil || len(kbs) != 0 {
		t.Errorf("knowledge bases = %+v, %v; want none", kbs, err)
	}
}

func TestRecoveryOnlyActsOnADamagedDatabaseNobodyUses(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
		want    core.ProblemKind // zero: Recover succeeds with nothing to do
	}{
		{"sound database", func(t *testing.T, dir string) { fillSample(t, dir) }, core.ProblemKind{}},
		{"no database yet", func(t *testing.T, dir string) {}, core.ProblemKind{}},
		{"another Zhiku uses the folder", func(t *testing.T, dir string) {
			fillSample(t, dir)
			damagetest.Table(t, dir, "chunks", 1)
			lock, _, err := acquireLock(dir, NewHolder("serve", ""))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { lock.release() })
		}, core.ErrAlreadyRunning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.prepare(t, dir)
			before, _ := os.ReadDir(dir)
			rec, err := Recover(context.Background(), dir, NewHolder("doctor", ""))
			if tt.want.Code == "" && (err != nil || rec.Needed) || tt.want.Code != "" && !tt.want.Is(err) {
				t.Fatalf("Recover = %+v, %v; want %q", rec, err, tt.want.Code)
			}
			if after, _ := os.ReadDir(dir); len(after) != len(before) {
				t.Errorf("the folder held %d files and holds %d", len(before), len(after))
			}
		})
	}
}

// A recovery cut short leaves its half-made database, which the next open
// removes: only one Zhiku uses the folder, so nothing is still making it.
func TestOpenRemovesWhatARecoveryCutShortLeft(t *testing.T) {
	dir := t.TempDir()
	left := filepath.Join(dir, recoveringFileName)
	for _, name := range []string{left, left + "-wal"} {
		if err := os.WriteFile(name, []byte("half made"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	reopen(t, dir, nil)
	for _, name := range []string{left, left + "-wal"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("%s is still there", name)
		}
	}
}

// A table read with a context that ended is an error, never a table
// found unreadable: a recovery stopped half-way must not take the place
// of the damaged database.
func TestASalvageCutShortIsNotTakenForDamage(t *testing.T) {
	dir := t.TempDir()
	fillSample(t, dir)
	damaged, err := openDamaged(filepath.Join(dir, dbFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer damaged.Close()
	fresh, err := openWriter(context.Background(), filepath.Join(t.TempDir(), dbFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := migrate(context.Background(), fresh, dir); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if tr, err := salvageTable(ctx, damaged, fresh, table{name: "chunks"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("salvageTable with a cancelled context = %+v, %v; want it cancelled", tr, err)
	}
}

// A recovery cut short by a crash or a power cut after any of its steps
// leaves either the damaged database as it was, to recover again, or the
// recovered one in its place with the damaged one kept aside with its log:
// never an empty store, never a lost recovered database.
func TestRecoveryCutShortAtAnyStepLosesNothing(t *testing.T) {
	ctx := context.Background()
	crashed := t.TempDir()
	leaveDamagedWithLog(t, crashed)
	const stamp = "20250102T030405Z"
	stepCount := 1 + len(finishingSteps(crashed, stamp))
	for crashAfter := 0; crashAfter <= stepCount; crashAfter++ {
		t.Run(fmt.Sprintf("after step %d", crashAfter), func(t *testing.T) {
			dir := t.TempDir()
			damagedFiles := copyFolder(t, crashed, dir)
			salvageBeside(t, dir)
			steps := append([]func() error{func() error { return completeRecovery(dir, stamp) }}, finishingSteps(dir, stamp)...)
			for _, step := range steps[:crashAfter] {
				if err := step(); err != nil {
					t.Fatal(err)
				}
			}

			aside := damagedCopyPath(dir, stamp)
			st, err := Open(ctx, dir, NewHolder("test", ""))
			if core.ErrStoreNeedsRecovery.Is(err) {
				// Cut short before the recovery was complete: the damaged
				// database is still there, and recovering again works.
				rec, recoverErr := Recover(ctx, dir, NewHolder("doctor", ""))
				if recoverErr != nil || !rec.Needed {
					t.Fatalf("Recover again = %+v, %v", rec, recoverErr)
				}
				aside = rec.DamagedCopy
				st, err = Open(ctx, dir, NewHolder("test", ""))
			} else {
				// Open finished the recovery: the damaged database was
				// kept aside exactly as it was, with its log. (The -shm
				// file is SQLite's index of the log, which readers write
				// to, so it is not compared.)
				for _, name := range []string{dbFileName, dbFileName + "-wal"} {
					want := damagedFiles[name]
					kept := aside + strings.TrimPrefix(name, dbFileName)
					if got, err := os.ReadFile(kept); err != nil || !bytes.Equal(got, want) {
						t.Errorf("%s is not the damaged %s (%v)", kept, name, err)
					}
				}
			}
			if err != nil {
				t.Fatalf("Open after the recovery: %v", err)
			}
			defer st.Close()
			if kbs, err := st.KBs(ctx); err != nil || len(kbs) != 1 {
				t.Fatalf("knowledge bases after the recovery: %+v, %v; want the recovered one", kbs, err)
			} else if files, err := st.Files(ctx, kbs[0].ID); err != nil || len(files) != 3 {
				t.Fatalf("files after the recovery: %+v, %v; want the 3 recovered", files, err)
			}
			if _, err := os.Stat(aside); err != nil {
				t.Errorf("the damaged database is not kept aside: %v", err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".zhiku.db.recover*")); len(left) != 0 {
				t.Errorf("left in the folder: %v", left)
			}
		})
	}
}

// leaveDamagedWithLog leaves in dir a damaged database as a Zhiku killed
// while using it leaves it: its last transaction still in its log, which
// belongs to it and to no other database.
func leaveDamagedWithLog(t *testing.T, dir string) {
	t.Helper()
	made := t.TempDir()
	fillSample(t, made)
	damagetest.Table(t, made, "chunks", 2)
	db, err := sql.Open("sqlite", dsn(filepath.Join(made, dbFileName), url.Values{}, "wal_autocheckpoint(0)"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE written_just_before_the_kill (x)`); err != nil {
		t.Fatal(err)
	}
	// Copied while still open, the files are what a kill would leave.
	copyFolder(t, made, dir)
	if _, err := os.Stat(filepath.Join(dir, dbFileName+"-wal")); err != nil {
		t.Fatalf("no log beside the damaged database: %v", err)
	}
}

// copyFolder copies the database files in from to to and returns them by
// name.
func copyFolder(t *testing.T, from, to string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		name := dbFileName + suffix
		data, err := os.ReadFile(filepath.Join(from, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(to, name), data, 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	return files
}

// salvageBeside does what Recover does before it swaps databases: saves
// what the damaged database in dir holds into a new one beside it.
func salvageBeside(t *testing.T, dir string) {
	t.Helper()
	damaged, err := openDamaged(filepath.Join(dir, dbFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer damaged.Close()
	if _, err := salvage(context.Background(), damaged, filepath.Join(dir, recoveringFileName), dir); err != nil {
		t.Fatal(err)
	}
}
