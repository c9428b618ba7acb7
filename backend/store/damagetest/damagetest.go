// Package damagetest damages a data folder's database the way a failing
// disk or a stray write would, for tests of how Zhiku notices and recovers.
package damagetest

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Table flips the first bytes of count leaf pages of table, taken
// from the middle of the table, in the database of the data folder dir,
// which must not be open. The flipped bytes are the page's header and
// cell pointers, so SQLite can read nothing on those pages. It returns how
// many rows the damaged pages held.
func Table(t testing.TB, dir, table string, count int) (rowsOnDamagedPages int) {
	t.Helper()
	path := filepath.Join(dir, "zhiku.db")
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pageSize int64
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	// dbstat lists every page of the table's b-tree with its cell count.
	rows, err := db.Query(`SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`, table)
	if err != nil {
		t.Fatal(err)
	}
	type leaf struct{ page, cells int64 }
	var leaves []leaf
	for rows.Next() {
		var l leaf
		if err := rows.Scan(&l.page, &l.cells); err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(leaves) < count+2 {
		t.Fatalf("%s has %d leaf pages; give it more rows to damage %d in its middle", table, len(leaves), count)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, l := range leaves[len(leaves)/2 : len(leaves)/2+count] {
		offset := (l.page - 1) * pageSize
		header := make([]byte, 64)
		if _, err := f.ReadAt(header, offset); err != nil {
			t.Fatal(err)
		}
		for i := range header {
			header[i] ^= 0xFF
		}
		if _, err := f.WriteAt(header, offset); err != nil {
			t.Fatal(err)
		}
		rowsOnDamagedPages += int(l.cells)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	return rowsOnDamagedPages
}
