import ConcordFormats
import ConcordDomain
import ConcordStore
import GRDB

/// The database schema as a sequence of versioned migrations. Append new migrations at the end;
/// never edit one that has shipped. A database that carries a migration this build does not know
/// was written by a newer Concord and is refused (see `ProjectStore.init` and its read-only `preflight`).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-annotation-log", migrate: createAnnotationLog)
        migrator.registerMigration("v2-answer-details-and-predictions", migrate: addAnswerDetailsAndPredictions)
        migrator.registerMigration("v3-assignment", migrate: addAssignment)
        migrator.registerMigration("v4-review", migrate: addReview)
        migrator.registerMigration("v5-schema-changes", migrate: addSchemaChanges)
        migrator.registerMigration("v6-cheaper-log-writes", migrate: makeLogWritesCheaper)
        migrator.registerMigration("v7-import-sizes", migrate: addImportSizes)
        migrator.registerMigration("v8-audit-and-named-models", migrate: addAuditAndNamedModels)
        migrator.registerMigration("v9-accounts-and-role-log", migrate: addAccountsAndRoleLog)
        migrator.registerMigration("v10-retests", migrate: addRetests)
        migrator.registerMigration("v11-adaptive-overlap-and-live-retests", migrate: addAdaptiveOverlapAndLiveRetests)
        return migrator
    }

    /// Items, people, labels, guideline versions, imports, the append-only annotation log,
    /// the current answer of each labeler (derived from the log by triggers) and adjudications.
    private static func createAnnotationLog(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE items (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                payload TEXT NOT NULL,
                group_key TEXT,
                metadata TEXT NOT NULL DEFAULT '{}',   -- JSON object of strings
                created_at INTEGER NOT NULL            -- unix milliseconds
            );
            CREATE TABLE labelers (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL DEFAULT 'labeler' CHECK (role IN ('labeler', 'reviewer', 'admin')),
                created_at INTEGER NOT NULL
            );
            -- Interned label names: the log stores small integers, the config owns the meaning.
            CREATE TABLE labels (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            );
            CREATE TABLE guideline_versions (
                id INTEGER PRIMARY KEY,
                hash TEXT NOT NULL UNIQUE,              -- SHA-256 of the file's bytes
                path TEXT,
                content TEXT NOT NULL,
                first_seen INTEGER NOT NULL
            );
            CREATE TABLE imports (
                id INTEGER PRIMARY KEY,
                file TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                rows INTEGER NOT NULL,
                items_added INTEGER NOT NULL,
                events_added INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX imports_by_hash ON imports(sha256);

            CREATE TABLE annotation_events (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES items(id),
                labeler_id INTEGER NOT NULL REFERENCES labelers(id),
                kind TEXT NOT NULL CHECK (kind IN ('label', 'retract', 'skip')),
                label_id INTEGER REFERENCES labels(id),
                note TEXT,
                seconds REAL,                            -- time the labeler took; NULL when unknown
                guideline_version_id INTEGER REFERENCES guideline_versions(id),
                import_id INTEGER REFERENCES imports(id),
                created_at INTEGER NOT NULL,
                CHECK ((kind = 'label') = (label_id IS NOT NULL))
            );
            CREATE INDEX annotation_events_by_item ON annotation_events(item_id);
            CREATE TRIGGER annotation_events_are_never_updated BEFORE UPDATE ON annotation_events
            BEGIN SELECT RAISE(ABORT, 'the annotation log is append-only'); END;
            CREATE TRIGGER annotation_events_are_never_deleted BEFORE DELETE ON annotation_events
            BEGIN SELECT RAISE(ABORT, 'the annotation log is append-only'); END;

            -- Current answer of each labeler for each item = their latest 'label' event, unless a
            -- later 'retract' took it back. Derived from the log (by the triggers below) so that
            -- every writer keeps it right and full scans read one small row per answer.
            CREATE TABLE answers (
                item_id INTEGER NOT NULL,
                labeler_id INTEGER NOT NULL,
                label_id INTEGER NOT NULL,
                event_id INTEGER NOT NULL,
                PRIMARY KEY (item_id, labeler_id)
            ) WITHOUT ROWID;
            CREATE TRIGGER annotation_events_set_answer AFTER INSERT ON annotation_events
            WHEN NEW.kind = 'label'
            BEGIN
                INSERT OR REPLACE INTO answers (item_id, labeler_id, label_id, event_id)
                VALUES (NEW.item_id, NEW.labeler_id, NEW.label_id, NEW.id);
            END;
            CREATE TRIGGER annotation_events_retract_answer AFTER INSERT ON annotation_events
            WHEN NEW.kind = 'retract'
            BEGIN
                DELETE FROM answers WHERE item_id = NEW.item_id AND labeler_id = NEW.labeler_id;
            END;

            -- A reviewer's final label for an item. Append-only as well: the latest row is in force,
            -- and a row with label_id NULL reverts the item to "not adjudicated".
            CREATE TABLE adjudications (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES items(id),
                reviewer_id INTEGER NOT NULL REFERENCES labelers(id),
                label_id INTEGER REFERENCES labels(id),
                reason TEXT,
                note TEXT,
                guideline_version_id INTEGER REFERENCES guideline_versions(id),
                created_at INTEGER NOT NULL
            );
            CREATE INDEX adjudications_by_item ON adjudications(item_id);
            """)
    }

    /// Agreement reads every current answer with its time and guideline version: keep both on the
    /// answer row so a full scan never joins the log. Also a table for model predictions.
    private static func addAnswerDetailsAndPredictions(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE answers ADD COLUMN seconds REAL;
            ALTER TABLE answers ADD COLUMN guideline_version_id INTEGER;
            UPDATE answers SET
                seconds = (SELECT seconds FROM annotation_events e WHERE e.id = answers.event_id),
                guideline_version_id = (SELECT guideline_version_id FROM annotation_events e WHERE e.id = answers.event_id);
            DROP TRIGGER annotation_events_set_answer;
            CREATE TRIGGER annotation_events_set_answer AFTER INSERT ON annotation_events
            WHEN NEW.kind = 'label'
            BEGIN
                INSERT OR REPLACE INTO answers (item_id, labeler_id, label_id, event_id, seconds, guideline_version_id)
                VALUES (NEW.item_id, NEW.labeler_id, NEW.label_id, NEW.id, NEW.seconds, NEW.guideline_version_id);
            END;

            -- A model's prediction per item (the latest import wins), for the gap-to-HLP table.
            CREATE TABLE predictions (
                item_id INTEGER PRIMARY KEY REFERENCES items(id),
                label_id INTEGER NOT NULL REFERENCES labels(id),
                import_id INTEGER REFERENCES imports(id),
                created_at INTEGER NOT NULL
            );
            """)
    }

    /// What assignment needs at a million items: each item's answer count, indexed so "fewest
    /// labels first" is one index seek, and claims, so that labelers working at once never take an
    /// item past k. Counts are kept by triggers on `answers`; the log's trigger now upserts, so a
    /// changed answer is not counted twice. (A per-labeler count was tried too: rewriting the
    /// labeler's row on every answer cost 15% of import time, for a figure one query gives.)
    private static func addAssignment(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE item_counts (
                item_id INTEGER PRIMARY KEY REFERENCES items(id),
                answers INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX item_counts_by_answers ON item_counts(answers, item_id);
            INSERT INTO item_counts (item_id, answers)
                SELECT id, (SELECT count(*) FROM answers WHERE item_id = items.id) FROM items;
            CREATE TRIGGER items_are_counted AFTER INSERT ON items
            BEGIN INSERT INTO item_counts (item_id, answers) VALUES (NEW.id, 0); END;

            DROP TRIGGER annotation_events_set_answer;
            CREATE TRIGGER annotation_events_set_answer AFTER INSERT ON annotation_events
            WHEN NEW.kind = 'label'
            BEGIN
                INSERT INTO answers (item_id, labeler_id, label_id, event_id, seconds, guideline_version_id)
                VALUES (NEW.item_id, NEW.labeler_id, NEW.label_id, NEW.id, NEW.seconds, NEW.guideline_version_id)
                ON CONFLICT (item_id, labeler_id) DO UPDATE SET
                    label_id = excluded.label_id, event_id = excluded.event_id,
                    seconds = excluded.seconds, guideline_version_id = excluded.guideline_version_id;
            END;
            CREATE TRIGGER answers_are_counted AFTER INSERT ON answers
            BEGIN
                UPDATE item_counts SET answers = answers + 1 WHERE item_id = NEW.item_id;
            END;
            CREATE TRIGGER answers_are_uncounted AFTER DELETE ON answers
            BEGIN
                UPDATE item_counts SET answers = answers - 1 WHERE item_id = OLD.item_id;
            END;

            -- An item being shown to a labeler. It counts toward k until it is answered, skipped,
            -- released, or expires (a labeler who vanished without quitting).
            CREATE TABLE claims (
                item_id INTEGER NOT NULL REFERENCES items(id),
                labeler_id INTEGER NOT NULL REFERENCES labelers(id),
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (item_id, labeler_id)
            ) WITHOUT ROWID;
            """)
    }

    /// Reviewers' "guideline unclear" notes, collected next to the guideline file.
    private static func addReview(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE guideline_notes (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES items(id),
                reviewer_id INTEGER NOT NULL REFERENCES labelers(id),
                note TEXT NOT NULL,
                guideline_version_id INTEGER REFERENCES guideline_versions(id),
                created_at INTEGER NOT NULL
            );
            """)
    }

    /// Merges and renames of labels, applied when labels are read (annotations are never
    /// rewritten). A revert is a change too: it switches an earlier one off.
    private static func addSchemaChanges(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE schema_changes (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('merge', 'rename', 'revert')),
                sources TEXT NOT NULL DEFAULT '[]',     -- JSON array of label names
                target TEXT,
                reverts INTEGER REFERENCES schema_changes(id),
                made_by TEXT,
                created_at INTEGER NOT NULL
            );
            """)
    }

    /// Rebuilds the annotation log with the same columns and rules, minus two costs measured on a
    /// 2.4M-row import (`concord-bench import`):
    /// - `CHECK (kind IN ('label', 'retract', 'skip'))` cost SQLite 3.40 about 0.9 µs per row
    ///   (2.2 s of the import); the same rule written with `=` and `OR` costs nothing measurable.
    /// - The index on `item_id` (0.9 s) served no query: an item's current answers are read from
    ///   `answers`, whose key starts with the item. A feature that needs an item's history can add
    ///   an index in a migration of its own.
    /// The log's triggers go with the old table and are created again unchanged (as of v3).
    /// Every statement is written out here: a shipped migration must not change with other code.
    private static func makeLogWritesCheaper(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE annotation_events_v6 (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES items(id),
                labeler_id INTEGER NOT NULL REFERENCES labelers(id),
                kind TEXT NOT NULL CHECK (kind = 'label' OR kind = 'retract' OR kind = 'skip'),
                label_id INTEGER REFERENCES labels(id),
                note TEXT,
                seconds REAL,
                guideline_version_id INTEGER REFERENCES guideline_versions(id),
                import_id INTEGER REFERENCES imports(id),
                created_at INTEGER NOT NULL,
                CHECK ((kind = 'label') = (label_id IS NOT NULL))
            );
            INSERT INTO annotation_events_v6 SELECT * FROM annotation_events ORDER BY id;
            DROP TABLE annotation_events;
            ALTER TABLE annotation_events_v6 RENAME TO annotation_events;
            CREATE TRIGGER annotation_events_are_never_updated BEFORE UPDATE ON annotation_events
            BEGIN SELECT RAISE(ABORT, 'the annotation log is append-only'); END;
            CREATE TRIGGER annotation_events_are_never_deleted BEFORE DELETE ON annotation_events
            BEGIN SELECT RAISE(ABORT, 'the annotation log is append-only'); END;
            CREATE TRIGGER annotation_events_retract_answer AFTER INSERT ON annotation_events
            WHEN NEW.kind = 'retract'
            BEGIN
                DELETE FROM answers WHERE item_id = NEW.item_id AND labeler_id = NEW.labeler_id;
            END;
            CREATE TRIGGER annotation_events_set_answer AFTER INSERT ON annotation_events
            WHEN NEW.kind = 'label'
            BEGIN
                INSERT INTO answers (item_id, labeler_id, label_id, event_id, seconds, guideline_version_id)
                VALUES (NEW.item_id, NEW.labeler_id, NEW.label_id, NEW.id, NEW.seconds, NEW.guideline_version_id)
                ON CONFLICT (item_id, labeler_id) DO UPDATE SET
                    label_id = excluded.label_id, event_id = excluded.event_id,
                    seconds = excluded.seconds, guideline_version_id = excluded.guideline_version_id;
            END;
            """)
    }

    /// The size of each imported file: a file can have been imported before only if an import
    /// of its size exists, and only then is it worth hashing before reading it (the importer
    /// otherwise hashes while it parses). NULL for imports made before v7 (size unknown).
    private static func addImportSizes(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE imports ADD COLUMN bytes INTEGER")
    }

    /// The audit sample (items drawn uniformly at random, labeled blind by a reviewer: the only
    /// unbiased reference for HLP), and predictions kept per named model so that several models
    /// can be evaluated side by side. Predictions made before v8 belong to the model `model`.
    private static func addAuditAndNamedModels(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_samples (
                id INTEGER PRIMARY KEY,                  -- the order of the draw
                item_id INTEGER NOT NULL UNIQUE REFERENCES items(id),
                seed INTEGER NOT NULL,
                drawn_by TEXT,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE models (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            );
            CREATE TABLE predictions_v8 (
                model_id INTEGER NOT NULL REFERENCES models(id),
                item_id INTEGER NOT NULL REFERENCES items(id),
                label_id INTEGER NOT NULL REFERENCES labels(id),
                import_id INTEGER REFERENCES imports(id),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (model_id, item_id)
            ) WITHOUT ROWID;
            INSERT INTO models (name) SELECT 'model' WHERE EXISTS (SELECT 1 FROM predictions);
            INSERT INTO predictions_v8 (model_id, item_id, label_id, import_id, created_at)
                SELECT (SELECT id FROM models WHERE name = 'model'), item_id, label_id, import_id, created_at
                FROM predictions ORDER BY item_id;
            DROP TABLE predictions;
            ALTER TABLE predictions_v8 RENAME TO predictions;
            """)
    }

    /// Who is who: a labeler name can be mapped to the operating-system account (or database
    /// login) that acts as it, and every role change is logged with who made it. When an admin
    /// acts on someone's behalf (`--as`), events and adjudications record the admin too
    /// (`entered_by_id`; NULL when people act as themselves).
    private static func addAccountsAndRoleLog(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE labelers ADD COLUMN account TEXT;
            CREATE UNIQUE INDEX labelers_by_account ON labelers(account) WHERE account IS NOT NULL;
            CREATE TABLE role_changes (
                id INTEGER PRIMARY KEY,
                labeler_id INTEGER NOT NULL REFERENCES labelers(id),
                role TEXT NOT NULL CHECK (role IN ('labeler', 'reviewer', 'admin')),
                previous_role TEXT,
                account TEXT,                            -- the account mapped by this change, if any
                changed_by TEXT NOT NULL,                -- the account that made the change
                created_at INTEGER NOT NULL
            );
            CREATE TRIGGER role_changes_are_never_updated BEFORE UPDATE ON role_changes
            BEGIN SELECT RAISE(ABORT, 'the role log is append-only'); END;
            CREATE TRIGGER role_changes_are_never_deleted BEFORE DELETE ON role_changes
            BEGIN SELECT RAISE(ABORT, 'the role log is append-only'); END;
            ALTER TABLE annotation_events ADD COLUMN entered_by_id INTEGER REFERENCES labelers(id);
            ALTER TABLE adjudications ADD COLUMN entered_by_id INTEGER REFERENCES labelers(id);
            """)
    }

    /// Retests: a labeler's second answer to an item they answered before, made to measure how
    /// consistent they are with themselves. Kept apart from the log's answers: a retest never
    /// replaces the first answer in agreement, HLP, the queue or export. Append-only.
    private static func addRetests(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE retests (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES items(id),
                labeler_id INTEGER NOT NULL REFERENCES labelers(id),
                label_id INTEGER NOT NULL REFERENCES labels(id),
                seconds REAL,
                import_id INTEGER REFERENCES imports(id),
                created_at INTEGER NOT NULL
            );
            CREATE INDEX retests_by_item ON retests(item_id, labeler_id);
            CREATE TRIGGER retests_are_never_updated BEFORE UPDATE ON retests
            BEGIN SELECT RAISE(ABORT, 'retests are append-only'); END;
            CREATE TRIGGER retests_are_never_deleted BEFORE DELETE ON retests
            BEGIN SELECT RAISE(ABORT, 'retests are append-only'); END;
            """)
    }

    /// Adaptive overlap and retests while labeling.
    /// - `disagreements`: the items whose current answers disagree, with their answer count, where
    ///   assignment finds tie-breakers in one index seek. Kept by the labeling sessions of adaptive
    ///   projects, not by triggers: they bring it up to date from the log (the items of every event
    ///   after `derived_marks.disagreements`) before they choose an item, so imports and projects
    ///   with a fixed k pay nothing for it.
    /// - Each answer keeps the log entry that first gave it (`first_event_id`: kept when the
    ///   labeler changes their answer, gone with the answer when they take it back), so the
    ///   order in which an item's labelers first answered it is on the row. NULL means "the same
    ///   as `event_id`": bulk imports leave it so (one value less to sort), and a change of
    ///   answer fixes it first. Answers from before v11 are taken as first given by their
    ///   latest entry (for imported answers, the same).
    /// - A retest answered while labeling records what an answer records (note, guideline,
    ///   who entered it); undoing it appends to `retest_retractions` (retests stay append-only).
    private static func addAdaptiveOverlapAndLiveRetests(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE answers ADD COLUMN first_event_id INTEGER;
            DROP TRIGGER annotation_events_set_answer;
            CREATE TRIGGER annotation_events_set_answer AFTER INSERT ON annotation_events
            WHEN NEW.kind = 'label'
            BEGIN
                INSERT INTO answers (item_id, labeler_id, label_id, event_id, seconds, guideline_version_id, first_event_id)
                VALUES (NEW.item_id, NEW.labeler_id, NEW.label_id, NEW.id, NEW.seconds, NEW.guideline_version_id, NEW.id)
                ON CONFLICT (item_id, labeler_id) DO UPDATE SET
                    first_event_id = ifnull(answers.first_event_id, answers.event_id),
                    label_id = excluded.label_id, event_id = excluded.event_id,
                    seconds = excluded.seconds, guideline_version_id = excluded.guideline_version_id;
            END;
            CREATE TABLE disagreements (
                item_id INTEGER PRIMARY KEY REFERENCES items(id),
                answers INTEGER NOT NULL
            );
            CREATE INDEX disagreements_by_answers ON disagreements(answers, item_id);
            CREATE TABLE derived_marks (
                name TEXT PRIMARY KEY,
                event_id INTEGER NOT NULL               -- the log entry the table is up to date with
            );
            ALTER TABLE retests ADD COLUMN note TEXT;
            ALTER TABLE retests ADD COLUMN guideline_version_id INTEGER REFERENCES guideline_versions(id);
            ALTER TABLE retests ADD COLUMN entered_by_id INTEGER REFERENCES labelers(id);
            CREATE TABLE retest_retractions (
                retest_id INTEGER PRIMARY KEY REFERENCES retests(id),
                created_at INTEGER NOT NULL
            );
            CREATE TRIGGER retest_retractions_are_never_updated BEFORE UPDATE ON retest_retractions
            BEGIN SELECT RAISE(ABORT, 'retests are append-only'); END;
            CREATE TRIGGER retest_retractions_are_never_deleted BEFORE DELETE ON retest_retractions
            BEGIN SELECT RAISE(ABORT, 'retests are append-only'); END;
            """)
    }
}
