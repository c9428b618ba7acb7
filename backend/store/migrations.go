package store

// migrations build the schema one version at a time. Each runs in its own
// transaction together with the version bump (PRAGMA user_version), so a crash
// mid-migration leaves the previous version intact. Never edit a released
// migration; append a new one.
var migrations = []string{
	// 1: facts about the data directory itself.
	`CREATE TABLE meta (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) STRICT;
	INSERT INTO meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));`,
}

// SchemaVersion is the database version this build reads and writes.
var SchemaVersion = len(migrations)
