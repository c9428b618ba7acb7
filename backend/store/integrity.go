package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// quickCheckBudget bounds the check at open, so that a huge database
// never holds up start-up by more than this. A check cut short counts as
// sound: the damage it could have found is still found by the doctor's
// full check, or by the first read of a damaged page.
var quickCheckBudget = 2 * time.Second

// checkAtOpen runs SQLite's quick check (page structure and record
// formats, without comparing indexes to their tables) before anything is
// written, so a damaged database is never written to: writing into a
// damaged b-tree can spread the damage to pages that were sound.
func checkAtOpen(ctx context.Context, db *sql.DB, dir string) error {
	checkCtx, cancel := context.WithTimeout(ctx, quickCheckBudget)
	defer cancel()
	findings, err := runCheck(checkCtx, db, `PRAGMA quick_check(20)`)
	if err != nil && checkCtx.Err() != nil && ctx.Err() == nil {
		return nil
	}
	return damageProblem(findings, err, dir)
}

// CheckIntegrity runs SQLite's full integrity check and returns a Problem
// listing what it found, or nil when the database is sound.
func (s *Store) CheckIntegrity(ctx context.Context) error {
	findings, err := runCheck(ctx, s.db, `PRAGMA integrity_check(100)`)
	return damageProblem(findings, err, s.dir)
}

// runCheck runs an integrity pragma and returns the lines other than "ok".
func runCheck(ctx context.Context, db *sql.DB, pragma string) ([]error, error) {
	rows, err := db.QueryContext(ctx, pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var findings []error
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return findings, err
		}
		if line != "ok" {
			findings = append(findings, errors.New(line))
		}
	}
	return findings, rows.Err()
}

// damageProblem turns what a check found into the problem that says how
// to recover; a check that failed because it met a damaged page counts as
// a finding.
func damageProblem(findings []error, err error, dir string) error {
	if err != nil && !isDamage(err) {
		return fmt.Errorf("check the database in %s: %w", dir, err)
	}
	if err != nil {
		findings = append(findings, err)
	}
	if len(findings) == 0 {
		return nil
	}
	return core.ErrStoreNeedsRecovery.New(errors.Join(findings...), "dir", dir)
}

// isDamage says whether err is SQLite finding the file malformed or not a
// database at all.
func isDamage(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	code := e.Code() & 0xFF // the primary code, without the extended part
	return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
}
