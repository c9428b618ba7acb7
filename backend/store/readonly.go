package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/zhiku-app/zhiku/backend/core"
)

// OpenReadOnly opens the database in dir for reading only, beside the
// process that holds the folder (the window, or zhiku serve): it takes no
// lock and writes nothing, so it creates, migrates, vacuums and recovers
// nothing either. SQLite's WAL lets it read while the holder writes, each
// read seeing the last committed state. Writes through it fail, and so
// does SaveSettings, with ErrStoreReadOnly.
func OpenReadOnly(ctx context.Context, dir string) (*Store, error) {
	path := filepath.Join(dir, dbFileName)
	if info, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) || err == nil && info.Size() == 0 {
		return nil, core.ErrNoDataYet.New(nil, "dir", dir)
	}
	if err := checkDatabaseFiles(path); err != nil {
		return nil, err
	}
	// mode=ro opens the file read-only; query_only refuses writes even
	// where SQLite could make them.
	readers, err := sql.Open("sqlite", "file:"+path+"?"+readOnlyOptions().Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	var version int
	if err := readers.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		readers.Close()
		return nil, core.ErrStoreDamaged.New(fmt.Errorf("read %s: %w", path, err), "dir", dir)
	}
	switch {
	case version > SchemaVersion:
		readers.Close()
		return nil, core.ErrStoreTooNew.New(nil, "dir", dir, "found", strconv.Itoa(version), "known", strconv.Itoa(SchemaVersion))
	case version < SchemaVersion:
		readers.Close()
		return nil, core.ErrStoreNeedsUpdate.New(nil, "dir", dir)
	}
	return &Store{dir: dir, db: readers, writer: readers, readOnly: true}, nil
}

func readOnlyOptions() url.Values {
	options := url.Values{"mode": {"ro"}}
	options.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	options.Add("_pragma", "query_only(1)")
	return options
}

// ReadOnly reports a store opened by OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }
