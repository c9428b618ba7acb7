package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
)

// salvageBatch is how many rows go into the new database per transaction,
// so its log stays small however big the damaged database is.
const salvageBatch = 5000

// salvage fills a new database at path, at the current schema, with every
// row of damaged that can still be read, table by table, parents first.
// Afterwards files that lost chunks are marked to be indexed again, and
// every search index is made stale, since the chunks it was built from
// may be gone.
func salvage(ctx context.Context, damaged *sql.DB, path, dir string) (Recovery, error) {
	fresh, err := openWriter(ctx, path)
	if err != nil {
		return Recovery{}, err
	}
	rec, err := fill(ctx, damaged, fresh, dir)
	// Closing folds the new database's log into it, leaving one file.
	return rec, errors.Join(err, fresh.Close())
}

func fill(ctx context.Context, damaged, fresh *sql.DB, dir string) (Recovery, error) {
	if err := migrate(ctx, fresh, dir); err != nil {
		return Recovery{}, err
	}
	tables, err := freshTables(ctx, fresh)
	if err != nil {
		return Recovery{}, err
	}
	var rec Recovery
	for _, t := range tables {
		tr, err := salvageTable(ctx, damaged, fresh, t)
		if err != nil {
			return rec, fmt.Errorf("recover %s: %w", t.name, err)
		}
		rec.Tables = append(rec.Tables, tr)
	}
	if err := carryOverSequences(ctx, damaged, fresh); err != nil {
		return rec, err
	}
	_, err = fresh.ExecContext(ctx, `
		UPDATE files SET mtime_ns = 0, hash = '', chunks = (SELECT count(*) FROM chunks WHERE file_id = files.id)
			WHERE chunks != (SELECT count(*) FROM chunks WHERE file_id = files.id);
		UPDATE knowledge_bases SET revision = revision + 1;
		UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'embeddings_revision'`)
	if err != nil {
		return rec, fmt.Errorf("mark what was lost for indexing again: %w", err)
	}
	return rec, nil
}

// table is one table of the current schema.
type table struct {
	name         string
	withoutRowid bool
}

// freshTables lists the new database's tables in the order the
// migrations made them, which puts every table after those it refers to.
func freshTables(ctx context.Context, db *sql.DB) ([]table, error) {
	rows, err := db.QueryContext(ctx, `SELECT m.name, l.wr FROM sqlite_master m
		JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main'
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY m.rowid`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var tables []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.name, &t.withoutRowid); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, rows.Err()
}

// salvageTable copies the rows of t that damaged can still read into
// fresh, in the columns both have (an older database lacks newer columns,
// which take their defaults). A damaged stretch of a table is skipped and
// reading goes on after it; a WITHOUT ROWID table (the embeddings cache,
// which is recomputed when missing) is read up to its first damage.
func salvageTable(ctx context.Context, damaged, fresh *sql.DB, t table) (TableRecovery, error) {
	tr := TableRecovery{Table: t.name}
	columns, err := sharedColumns(ctx, damaged, fresh, t.name)
	if err != nil {
		tr.Unreadable++
		return tr, ctx.Err()
	}
	if len(columns) == 0 {
		return tr, nil // a table this database's version did not have
	}
	out := newBatchInsert(fresh, t.name, columns, &tr)
	scan := &tableScan{db: damaged, table: t.name, columns: columns, withoutRowid: t.withoutRowid}
	from := int64(math.MinInt64)
	for {
		next, err := scan.copyFrom(ctx, from, out)
		var unreadable unreadableError
		if err == nil || !errors.As(err, &unreadable) {
			return tr, errors.Join(err, out.flush())
		}
		tr.Unreadable++
		if t.withoutRowid {
			return tr, out.flush()
		}
		var ok bool
		if from, ok = scan.nextReadable(ctx, next); !ok {
			return tr, errors.Join(ctx.Err(), out.flush())
		}
	}
}

// sharedColumns lists the columns of the new table that the damaged
// database's table has too.
func sharedColumns(ctx context.Context, damaged, fresh *sql.DB, name string) ([]string, error) {
	want, err := columnNames(ctx, fresh, name)
	if err != nil {
		return nil, err
	}
	have, err := columnNames(ctx, damaged, name)
	if err != nil {
		return nil, err
	}
	var shared []string
	for _, c := range want {
		if slices.Contains(have, c) {
			shared = append(shared, c)
		}
	}
	return shared, nil
}

func columnNames(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// carryOverSequences keeps the AUTOINCREMENT counters of the damaged
// database where they can be read, so ids of rows deleted before the
// damage never come back (a window may still show one).
func carryOverSequences(ctx context.Context, damaged, fresh *sql.DB) error {
	rows, err := damaged.QueryContext(ctx, `SELECT name, seq FROM sqlite_sequence`)
	if err != nil {
		return nil // unreadable: the counters restart after the highest id kept
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var seq int64
		if rows.Scan(&name, &seq) != nil {
			return nil
		}
		_, err := fresh.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq)
			SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)`, name, seq)
		if err == nil {
			_, err = fresh.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?`, seq, name)
		}
		if err != nil {
			return fmt.Errorf("keep the id counter of %s: %w", name, err)
		}
	}
	return nil
}
