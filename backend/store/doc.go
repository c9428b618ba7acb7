// Package store owns Zhiku's durable state: one data directory holding a
// SQLite database (WAL mode, versioned migrations), the settings file and a
// lock that keeps two processes from writing the same directory.
//
// Every write is crash-safe: SQLite transactions for the database, and
// write-to-temporary-then-rename for files, so a kill at any instant leaves
// either the old state or the new one, never a torn mix.
package store
