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

	// 2: knowledge bases, their sources, the file manifest and the chunks.
	// Deleting a knowledge base or a file deletes what hangs off it.
	`CREATE TABLE knowledge_bases (
		id                   INTEGER PRIMARY KEY,
		name                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
		created_at           TEXT NOT NULL,
		embed_model          TEXT NOT NULL DEFAULT '',
		chunk_max_tokens     INTEGER NOT NULL,
		chunk_overlap_tokens INTEGER NOT NULL,
		include_patterns     TEXT NOT NULL DEFAULT '[]',
		exclude_patterns     TEXT NOT NULL DEFAULT '[]'
	) STRICT;
	CREATE TABLE sources (
		id    INTEGER PRIMARY KEY,
		kb_id INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
		path  TEXT NOT NULL,
		UNIQUE (kb_id, path)
	) STRICT;
	CREATE TABLE files (
		id         INTEGER PRIMARY KEY,
		kb_id      INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
		path       TEXT NOT NULL,
		size       INTEGER NOT NULL,
		mtime_ns   INTEGER NOT NULL,
		hash       TEXT NOT NULL,
		status     TEXT NOT NULL,
		reason     TEXT NOT NULL DEFAULT '',
		format     TEXT NOT NULL DEFAULT '',
		encoding   TEXT NOT NULL DEFAULT '',
		chunks     INTEGER NOT NULL DEFAULT 0,
		UNIQUE (kb_id, path)
	) STRICT;
	CREATE TABLE chunks (
		id       INTEGER PRIMARY KEY,
		file_id  INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
		ordinal  INTEGER NOT NULL,
		text     TEXT NOT NULL,
		hash     TEXT NOT NULL,
		page     INTEGER NOT NULL,
		headings TEXT NOT NULL,
		start    INTEGER NOT NULL,
		end      INTEGER NOT NULL,
		tokens   INTEGER NOT NULL,
		UNIQUE (file_id, ordinal)
	) STRICT;
	CREATE INDEX chunks_by_hash ON chunks(hash);`,

	// 3: embeddings, cached by model and chunk content, so identical text
	// is embedded once whatever file or knowledge base it is in. Vectors
	// are little-endian float32.
	`CREATE TABLE embeddings (
		model  TEXT NOT NULL,
		hash   TEXT NOT NULL,
		dim    INTEGER NOT NULL,
		vector BLOB NOT NULL,
		PRIMARY KEY (model, hash)
	) STRICT, WITHOUT ROWID;`,

	// 4: revisions, so search indexes held in memory or in snapshot files
	// know when they are stale. A knowledge base's revision moves whenever
	// one of its files gains, loses or changes chunks, or moves; the
	// embeddings revision whenever vectors are added.
	//
	// vector_model is the model whose vectors answer queries: a new
	// embedding model takes over only once every chunk has its vector, so
	// search never mixes two models' vectors or loses its vector side
	// while a knowledge base is embedded again.
	`ALTER TABLE knowledge_bases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE knowledge_bases ADD COLUMN vector_model TEXT NOT NULL DEFAULT '';
	CREATE TRIGGER files_added AFTER INSERT ON files BEGIN
		UPDATE knowledge_bases SET revision = revision + 1 WHERE id = NEW.kb_id;
	END;
	CREATE TRIGGER files_changed AFTER UPDATE OF path, hash, status, chunks ON files BEGIN
		UPDATE knowledge_bases SET revision = revision + 1 WHERE id = NEW.kb_id;
	END;
	CREATE TRIGGER files_removed AFTER DELETE ON files BEGIN
		UPDATE knowledge_bases SET revision = revision + 1 WHERE id = OLD.kb_id;
	END;
	INSERT INTO meta (key, value) VALUES ('embeddings_revision', '0');`,

	// 5: paused keeps a knowledge base from syncing on its own (on
	// start-up, on file changes) until the person resumes it.
	`ALTER TABLE knowledge_bases ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;`,

	// 6: chats. A turn is a question and the answers generated for it;
	// chosen is the answer the conversation continues from. Sources and
	// the prompt report are JSON: they are read whole, never queried.
	// AUTOINCREMENT keeps ids of deleted rows from coming back, so a
	// window still showing a deleted turn can never act on a new one.
	`CREATE TABLE chats (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		title      TEXT NOT NULL,
		kb_ids     TEXT NOT NULL DEFAULT '[]',
		settings   TEXT NOT NULL DEFAULT '{}',
		pinned     INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL
	) STRICT;
	CREATE TABLE chat_turns (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		chat_id    INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
		question   TEXT NOT NULL,
		chosen     INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL
	) STRICT;
	CREATE INDEX chat_turns_by_chat ON chat_turns(chat_id, id);
	CREATE TABLE chat_answers (
		id          INTEGER PRIMARY KEY AUTOINCREMENT,
		turn_id     INTEGER NOT NULL REFERENCES chat_turns(id) ON DELETE CASCADE,
		content     TEXT NOT NULL DEFAULT '',
		status      TEXT NOT NULL,
		problem     TEXT NOT NULL DEFAULT '',
		model       TEXT NOT NULL DEFAULT '',
		sources     TEXT NOT NULL DEFAULT '[]',
		report      TEXT NOT NULL DEFAULT '',
		rating      INTEGER NOT NULL DEFAULT 0,
		created_at  TEXT NOT NULL,
		finished_at TEXT NOT NULL DEFAULT ''
	) STRICT;
	CREATE INDEX chat_answers_by_turn ON chat_answers(turn_id, id);`,

	// 7: assistants of the prompt studio, and preference records: one
	// input with the output marked best and the others, for reward-model
	// and DPO data. Both are read whole, so their bodies are JSON.
	`CREATE TABLE assistants (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		body       TEXT NOT NULL,
		updated_at TEXT NOT NULL
	) STRICT;
	CREATE TABLE preferences (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		body       TEXT NOT NULL,
		created_at TEXT NOT NULL
	) STRICT;`,

	// 8: data sets of fine-tuning records; a record's fields depend on its
	// kind, so its body is JSON.
	`CREATE TABLE datasets (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
		created_at TEXT NOT NULL
	) STRICT;
	CREATE TABLE dataset_records (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
		body       TEXT NOT NULL
	) STRICT;
	CREATE INDEX dataset_records_by_set ON dataset_records(dataset_id, id);`,

	// 9: when a file that failed for a reason that can pass (permissions,
	// a full disk, a file still being written) is read again, though it
	// has not changed; and what it was like then, to retry at once when
	// that changes.
	`CREATE TABLE file_retries (
		file_id     INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
		attempts    INTEGER NOT NULL,
		retry_at_ns INTEGER NOT NULL,
		mode        INTEGER NOT NULL,
		free_bytes  INTEGER NOT NULL
	) STRICT;`,

	// 10: rerank has a reranker model order the first passages each
	// search of the knowledge base finds.
	`ALTER TABLE knowledge_bases ADD COLUMN rerank INTEGER NOT NULL DEFAULT 0;`,

	// 11: retrieval check-ups of a knowledge base, kept as its history.
	// A run is read whole, so its body is JSON.
	`CREATE TABLE selftest_runs (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		kb_id      INTEGER NOT NULL REFERENCES knowledge_bases(id) ON DELETE CASCADE,
		body       TEXT NOT NULL,
		created_at TEXT NOT NULL
	) STRICT;
	CREATE INDEX selftest_runs_by_kb ON selftest_runs(kb_id, id);`,
}

// SchemaVersion is the database version this build reads and writes.
var SchemaVersion = len(migrations)
