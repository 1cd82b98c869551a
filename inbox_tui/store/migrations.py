"""Schema migrations, applied in order; `PRAGMA user_version` records the last one applied.

Never edit a released migration: add a new one. A store written by a newer inbox-tui
(user_version beyond this list) is refused untouched rather than guessed at.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the foundation schema.
    """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'sms'))
    );
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        sla TEXT,
        urgent INTEGER NOT NULL DEFAULT 0,
        receipts TEXT,
        auto_ack INTEGER NOT NULL DEFAULT 1,
        provisional INTEGER NOT NULL DEFAULT 0,
        unread_count INTEGER NOT NULL DEFAULT 0,
        last_ts INTEGER NOT NULL DEFAULT 0,
        last_out_ts INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE addresses (
        kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
        value TEXT NOT NULL,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (kind, value)
    ) WITHOUT ROWID;
    CREATE INDEX addresses_contact ON addresses(contact_id);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        account TEXT NOT NULL,
        ts INTEGER NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        sender TEXT NOT NULL DEFAULT '',
        remote_id TEXT,
        thread_key TEXT,
        unread INTEGER NOT NULL DEFAULT 0,
        flagged INTEGER NOT NULL DEFAULT 0,
        awaiting INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'received',
        state_reason TEXT,
        fts_key INTEGER
    );
    -- One index per timeline view, each ending in (ts, id) so every view pages by keyset.
    CREATE INDEX messages_all ON messages(ts DESC, id DESC);
    CREATE INDEX messages_channel ON messages(channel, ts DESC, id DESC);
    CREATE INDEX messages_contact ON messages(contact_id, ts DESC, id DESC);
    CREATE INDEX messages_unread ON messages(ts DESC, id DESC) WHERE unread = 1;
    CREATE INDEX messages_awaiting ON messages(ts DESC, id DESC) WHERE awaiting = 1;
    CREATE UNIQUE INDEX messages_remote ON messages(account, remote_id)
        WHERE remote_id IS NOT NULL;
    CREATE UNIQUE INDEX messages_fts_key ON messages(fts_key);
    CREATE INDEX messages_thread ON messages(thread_key) WHERE thread_key IS NOT NULL;

    -- FTS5 keeps its own copy of the text: contentless tables need SQLite 3.43 for deletes,
    -- and the contact name lives in another table anyway. Its rowid is messages.fts_key,
    -- (ts << 21 | id & 0x1fffff), so "newest matches first" is FTS5's native descending
    -- rowid walk that stops after LIMIT rows (≈5 ms at 100k) instead of sorting every match
    -- by a joined timestamp (≈140 ms).
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        subject, body, name, tokenize='unicode61 remove_diacritics 2'
    );

    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
        account TEXT NOT NULL,
        payload BLOB NOT NULL,
        created_ts INTEGER NOT NULL,
        not_before_ts INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    );

    -- What the user is writing, saved on every pause and on close: never lost.
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        reply_to INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
        subject TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        updated_ts INTEGER NOT NULL
    );

    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 2: the email channel — IMAP positions, threading headers, attachments, a durable
    # outbox with explicit states, and leases so only one process sends at a time.
    """
    ALTER TABLE messages ADD COLUMN message_id TEXT;
    ALTER TABLE messages ADD COLUMN in_reply_to TEXT;
    ALTER TABLE messages ADD COLUMN refs TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN folder TEXT;
    ALTER TABLE messages ADD COLUMN uidvalidity INTEGER;
    ALTER TABLE messages ADD COLUMN uid INTEGER;
    ALTER TABLE messages ADD COLUMN modseq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN body_loaded INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE messages ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN recipients TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN flags_dirty INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX messages_msgid ON messages(message_id) WHERE message_id IS NOT NULL;
    CREATE UNIQUE INDEX messages_imap ON messages(account, folder, uid)
        WHERE uid IS NOT NULL;
    CREATE INDEX messages_flags_dirty ON messages(account) WHERE flags_dirty = 1;

    CREATE TABLE imap_folders (
        account TEXT NOT NULL,
        folder TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        uidvalidity INTEGER NOT NULL DEFAULT 0,
        uidnext INTEGER NOT NULL DEFAULT 0,
        highestmodseq INTEGER NOT NULL DEFAULT 0,
        -- the lowest UID fetched so far: first sync walks down from the newest
        lowest_uid INTEGER NOT NULL DEFAULT 0,
        complete INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account, folder)
    ) WITHOUT ROWID;

    CREATE TABLE attachments (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        part_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (message_id, part_id)
    ) WITHOUT ROWID;

    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'email';
    ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'queued';
    ALTER TABLE outbox ADD COLUMN header_message_id TEXT;
    ALTER TABLE outbox ADD COLUMN envelope_from TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox ADD COLUMN recipients TEXT NOT NULL DEFAULT '';
    ALTER TABLE outbox ADD COLUMN next_attempt_ts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN server_response TEXT;
    ALTER TABLE outbox ADD COLUMN accepted_ts INTEGER;
    ALTER TABLE outbox ADD COLUMN sent_ts INTEGER;
    CREATE INDEX outbox_due ON outbox(state, next_attempt_ts);

    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        until_ts REAL NOT NULL
    ) WITHOUT ROWID;
    """,
    # 3: nothing queries by thread_key (conversations are per contact): its index only
    # cost every insert of a first sync.
    """
    DROP INDEX messages_thread;
    """,
    # 4: delivery and read state. Every signal about an outgoing message is kept as an
    # event (the details view shows them); delivery reports and read receipts are stored
    # like any mail but linked to the message they report on (`report_of`), which hides
    # them from the timeline: `report_of` is the original's id, 0 while the report's body
    # is still to be read, NULL for every visible row (a report that matched nothing is
    # shown). The timeline's own indexes only hold visible rows, so hiding costs no query
    # time. Incoming read-receipt requests keep what the consent policy needs and what
    # became of them (`mdn`: asked | sent | declined | queued).
    """
    CREATE TABLE delivery_events (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        ts INTEGER NOT NULL,
        state TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT,
        code TEXT,
        changed INTEGER NOT NULL,
        note TEXT
    );
    CREATE INDEX delivery_events_message ON delivery_events(message_id, id);

    ALTER TABLE messages ADD COLUMN report TEXT;
    ALTER TABLE messages ADD COLUMN report_of INTEGER;
    ALTER TABLE messages ADD COLUMN mdn_to TEXT;
    ALTER TABLE messages ADD COLUMN return_path TEXT;
    ALTER TABLE messages ADD COLUMN mdn TEXT;
    CREATE INDEX messages_report_pending ON messages(account) WHERE report_of = 0;
    DROP INDEX messages_all;
    DROP INDEX messages_channel;
    CREATE INDEX messages_all ON messages(ts DESC, id DESC) WHERE report_of IS NULL;
    CREATE INDEX messages_channel ON messages(channel, ts DESC, id DESC)
        WHERE report_of IS NULL;
    CREATE INDEX messages_report_of ON messages(report_of) WHERE report_of IS NOT NULL;
    CREATE INDEX messages_undelivered ON messages(ts DESC, id DESC)
        WHERE direction = 'out' AND state IN ('failed', 'queued', 'sending');

    ALTER TABLE contacts ADD COLUMN request_read INTEGER;
    ALTER TABLE contacts ADD COLUMN request_delivery INTEGER;

    ALTER TABLE outbox ADD COLUMN dsn INTEGER;
    """,
    # 5: work hours. Held items remember whether the user chose their time (`scheduled`:
    # do-not-disturb changes leave those alone); incoming messages get the time a reply
    # is due (the contact's SLA on the work calendar) and whether a machine wrote them
    # (no auto-acknowledgement, no draft); one auto-acknowledgement per contact per
    # quiet period is recorded.
    """
    ALTER TABLE outbox ADD COLUMN scheduled INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN due_ts INTEGER;
    ALTER TABLE messages ADD COLUMN automated INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE auto_acks (
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        period_start INTEGER NOT NULL,
        channel TEXT NOT NULL,
        sent_ts INTEGER NOT NULL,
        PRIMARY KEY (contact_id, period_start)
    ) WITHOUT ROWID;
    """,
    # 6: the Awaiting-reply view sorts by due time, promised replies first; machines'
    # mail (newsletters, notifications) and delivery reports never await a reply.
    """
    UPDATE messages SET awaiting = 0
        WHERE awaiting = 1 AND (automated = 1 OR report_of IS NOT NULL);
    CREATE INDEX messages_awaiting_due ON messages(due_ts IS NULL, due_ts, ts, id)
        WHERE awaiting = 1;
    """,
    # 7: local, private counters of the reply drafts (issue 7): when drafts were offered,
    # accepted and sent, with the draft's intent, kind and language, and how much an
    # accepted draft was edited before it left (0 = sent as proposed, 1 = rewritten).
    # Only labels and ratios: never a word of any message.
    """
    CREATE TABLE suggest_events (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('shown', 'accepted', 'sent')),
        intent TEXT,
        kind TEXT,
        language TEXT,
        edit_ratio REAL CHECK (edit_ratio IS NULL OR (edit_ratio >= 0 AND edit_ratio <= 1))
    );
    """,
    # 8: per-contact settings made in the contact screen (issue 8). The config file is the
    # user's and is never rewritten, so what the screen sets lives here and wins over the
    # config's values (mirrored in `contacts`) for that contact. A row means "set here",
    # no row "as the config says"; value '' is an explicit "none". Keys are checked by
    # the code, not a CHECK: a new setting must not need a table rebuild. Every merge
    # (the screen, `contacts merge`, a vCard import, the config sync) moves the dropped
    # contact's addresses first: the trigger carries its settings over then, the kept
    # contact's own winning, before deleting it cascades.
    """
    CREATE TABLE contact_settings (
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_ts INTEGER NOT NULL,
        PRIMARY KEY (contact_id, key)
    ) WITHOUT ROWID;
    CREATE TRIGGER contact_settings_follow_merge AFTER UPDATE OF contact_id ON addresses
    WHEN NEW.contact_id != OLD.contact_id
    BEGIN
        INSERT OR IGNORE INTO contact_settings (contact_id, key, value, updated_ts)
            SELECT NEW.contact_id, key, value, updated_ts FROM contact_settings
            WHERE contact_id = OLD.contact_id;
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
