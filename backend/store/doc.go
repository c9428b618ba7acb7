// Package store owns Zhiku's durable state: one data directory holding a
// SQLite database (WAL mode, versioned migrations), the settings file and a
// lock that keeps two processes from writing the same directory.
//
// Every write is crash-safe: SQLite transactions for the database, and
// write-to-temporary-then-rename for files, so a kill at any instant leaves
// either the old state or the new one, never a torn mix. Writes queue for
// one writer connection, so none fails because another holds the lock.
//
// A database found damaged at open is never written to; Recover saves what
// can still be read into a new one and keeps the damaged one aside. Space
// freed by large deletions is given back to the file system.
package store
