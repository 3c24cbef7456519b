//! The versioned schema. Each migration runs once, in order, inside the transaction that holds
//! the advisory lock taken on open, and records its version in `jpki_linkage_schema`; a
//! database with a version this release does not know is refused.

/// `(version, SQL)`, oldest first. Never edit a released migration: add the next one.
pub(super) const MIGRATIONS: &[(i32, &str)] = &[(
    1,
    "
    -- One row per private ID. identity: the basic four items (DER, kept on opt-in) or their
    -- keyed digest; NULL once deleted (delete_personal_data).
    CREATE TABLE private_ids (
        id bytea PRIMARY KEY CHECK (length(id) = 16),
        status smallint NOT NULL CHECK (status BETWEEN 1 AND 3),
        identity_kind smallint NOT NULL CHECK (identity_kind BETWEEN 1 AND 3),
        identity bytea,
        updated_at bigint NOT NULL,
        CHECK ((identity_kind = 3) = (identity IS NULL))
    );
    -- Every certificate ever linked, by issuer and serial: the primary key is the rule that a
    -- certificate belongs to one ID (the last line of defence under concurrency).
    CREATE TABLE certificates (
        issuer bytea NOT NULL CHECK (length(issuer) = 32),
        serial bytea NOT NULL CHECK (length(serial) BETWEEN 1 AND 20),
        id bytea NOT NULL REFERENCES private_ids (id),
        position integer NOT NULL,
        kind smallint NOT NULL CHECK (kind BETWEEN 1 AND 2),
        status smallint NOT NULL CHECK (status BETWEEN 1 AND 4),
        revoked_at bigint,
        reason smallint,
        linked_at bigint NOT NULL,
        PRIMARY KEY (issuer, serial),
        CHECK ((status = 2) = (revoked_at IS NOT NULL))
    );
    CREATE INDEX certificates_by_id ON certificates (id, position);
    CREATE TABLE supersessions (
        old_issuer bytea NOT NULL,
        old_serial bytea NOT NULL,
        new_issuer bytea NOT NULL,
        new_serial bytea NOT NULL,
        PRIMARY KEY (old_issuer, old_serial)
    );
    -- Append-only; event: the same DER encoding as the redb store's.
    CREATE TABLE audit_events (
        seq bigserial PRIMARY KEY,
        id bytea NOT NULL,
        at bigint NOT NULL,
        event bytea NOT NULL
    );
    CREATE INDEX audit_events_by_id ON audit_events (id, seq);
    ",
)];

/// The version this release writes.
pub(super) fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}
