package store

import (
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/core"
)

// checkDatabaseFiles refuses a database whose file, or a journal beside
// it, is not a regular file: SQLite would block reading a named pipe, or
// later writing to one once its buffer is full.
func checkDatabaseFiles(path string) error {
	for _, file := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := core.CheckRegular(file); err != nil {
			return core.ErrStoreDamaged.New(err, "dir", filepath.Dir(path))
		}
	}
	return nil
}
