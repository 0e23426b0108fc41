"""Append-only, named schema migrations. Never edit one that has shipped: add the next."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_initial",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- The selection buffer: only the kept turns are stored (the device has little room).
        CREATE TABLE buffer (
            id INTEGER PRIMARY KEY,
            seq INTEGER NOT NULL,            -- position in the stream of observed turns
            arrived_at REAL NOT NULL,        -- unix time
            question TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            reply TEXT NOT NULL DEFAULT '',
            reference TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            speaker TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{}',
            domain TEXT NOT NULL,
            n_tokens INTEGER NOT NULL,
            eoe REAL NOT NULL,
            dss REAL NOT NULL,
            idd REAL NOT NULL,               -- at arrival (the live value is recomputed on read)
            embedding BLOB NOT NULL,         -- float32, little-endian
            annotated INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX buffer_domain ON buffer(domain);
        -- What happened, for `pockettune status` and audits: insert, evict, skip, reset.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            kind TEXT NOT NULL,
            item_id INTEGER,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        -- How far each input file has been ingested, so an interrupted ingest resumes.
        CREATE TABLE ingest_progress (
            source_key TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            done INTEGER NOT NULL,
            updated_at REAL NOT NULL
        );
        """,
    ),
    (
        "m002_annotations_synth_adapters",
        """
        -- A user's preferred response to a buffered turn. Copied out of the buffer, so an
        -- annotation outlives the eviction or clearing of the item it came from.
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            buffer_id INTEGER,
            created_at REAL NOT NULL,
            kind TEXT NOT NULL,              -- accept | edit | new | simulated
            question TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            model_reply TEXT NOT NULL DEFAULT '',
            response TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            domain TEXT NOT NULL DEFAULT '',
            synth_done INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX annotations_buffer ON annotations(buffer_id);
        -- LLM-written look-alikes of an annotation that passed the ROUGE-1 band check.
        CREATE TABLE synth (
            id INTEGER PRIMARY KEY,
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            created_at REAL NOT NULL,
            question TEXT NOT NULL,
            response TEXT NOT NULL,
            rouge1 REAL NOT NULL,
            prompt_version TEXT NOT NULL
        );
        CREATE INDEX synth_annotation ON synth(annotation_id);
        -- Adapter versions; the files live under <home>/adapters/vNNNN with a manifest.
        CREATE TABLE adapters (
            version INTEGER PRIMARY KEY,
            created_at REAL NOT NULL,
            path TEXT NOT NULL,
            base_fingerprint TEXT NOT NULL,
            n_annotations INTEGER NOT NULL,
            n_synth INTEGER NOT NULL,
            final_loss REAL,
            note TEXT NOT NULL DEFAULT ''
        );
        """,
    ),
    (
        "m003_forget",
        """
        -- Which annotations each adapter learned from, so forgetting them marks it stale.
        CREATE TABLE adapter_annotations (
            version INTEGER NOT NULL,
            annotation_id INTEGER NOT NULL,
            PRIMARY KEY (version, annotation_id)
        );
        ALTER TABLE adapters ADD COLUMN stale TEXT NOT NULL DEFAULT '';
        """,
    ),
    (
        "m004_feedback_profile",
        """
        -- What the user said about a reply: accept, edit (the edit is also an annotation),
        -- rating (value 1..5), regenerate. The turn's text is kept with it (redacted).
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            created_at REAL NOT NULL,
            kind TEXT NOT NULL,
            value REAL,
            question TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            reply TEXT NOT NULL DEFAULT '',
            edited TEXT NOT NULL DEFAULT '',
            domain TEXT NOT NULL DEFAULT '',
            adapter_version INTEGER,
            annotation_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL
        );
        CREATE INDEX feedback_time ON feedback(created_at);
        -- The turn's embedding, to find annotated examples similar to a new question.
        ALTER TABLE annotations ADD COLUMN embedding BLOB;
        """,
    ),
    (
        "m005_annotation_weight",
        """
        -- How much an annotation counts in training: a repeat count (train/data.py). 1 for
        -- an answer; a rating of the reply it came from sets it (annotate/feedback.py), 0
        -- takes it out of training and verification.
        ALTER TABLE annotations ADD COLUMN weight REAL NOT NULL DEFAULT 1;
        """,
    ),
    (
        "m006_adapter_rounds",
        """
        -- What the adaptation round that made an adapter did (JSON, adapt/record.py):
        -- annotations, synthesized pairs, steps, the verification verdict, seconds per stage.
        ALTER TABLE adapters ADD COLUMN round_info TEXT NOT NULL DEFAULT '{}';
        """,
    ),
]
