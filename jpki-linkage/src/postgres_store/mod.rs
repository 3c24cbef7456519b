//! The linkage store on a PostgreSQL server (feature `postgres`), for several application
//! servers sharing one database.
//!
//! - Transactions run SERIALIZABLE; a serialization failure (40001), a deadlock (40P01) or a
//!   unique-key race (23505) rolls back and runs the whole closure again (bounded, with a
//!   randomised backoff): the serializable snapshot makes concurrent enrolments of one card
//!   give one ID, and the primary key on (issuer, serial) is the last line of defence.
//! - Writes are buffered and flushed at commit with one statement per table; the sweep streams
//!   the active certificates once, loads the revoked ones with COPY into a temporary table and
//!   reads their records with one join (see `txn.rs`).
//! - The schema is versioned (`jpki_linkage_schema`); migrations run on open inside a
//!   transaction holding an advisory lock, so two servers opening at once apply them once.
//! - Connections: a pool of at most `pool_size`, a connect timeout, a server-side statement
//!   timeout, TCP keepalives; every failure is a typed [`StoreFailure`], the retryable ones
//!   say so ([`Error::is_retryable`]).

mod failure;
mod migrations;
mod pool;
mod txn;

use std::sync::Arc;
use std::time::Duration;

use postgres::IsolationLevel;

use self::failure::{Phase, store};
use self::pool::Pool;
use self::txn::PgTxn;
use crate::store::{LinkageStore, LinkageTxn};
use crate::{AuditEvent, ConflictKind, Error, PrivateId, StoreFailure, codec};

/// How a [`PostgresStore`] connects and retries.
///
/// ```
/// use std::time::Duration;
/// use jpki_linkage::PostgresSettings;
/// let settings = PostgresSettings {
///     pool_size: 32,
///     schema: Some("linkage".into()),
///     ..PostgresSettings::default()
/// };
/// assert_eq!(settings.connect_timeout, Duration::from_secs(5));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostgresSettings {
    /// Connections at most (default 16).
    pub pool_size: usize,
    /// How long to wait for the server to accept a connection (default 5 s).
    pub connect_timeout: Duration,
    /// How long to wait for a free connection of the pool (default 10 s).
    pub pool_timeout: Duration,
    /// The server cancels a statement running longer (default 30 s); also the idle time after
    /// which the server ends a transaction a client left open.
    pub statement_timeout: Duration,
    /// How many times a transaction that conflicted with a concurrent one runs again before
    /// [`StoreFailure::Conflict`] is returned (default 30).
    pub max_retries: u32,
    /// The schema holding the tables (created if missing); `None`: the connection's default
    /// search path (usually `public`).
    pub schema: Option<String>,
}

impl Default for PostgresSettings {
    fn default() -> Self {
        Self {
            pool_size: 16,
            connect_timeout: Duration::from_secs(5),
            pool_timeout: Duration::from_secs(10),
            statement_timeout: Duration::from_secs(30),
            max_retries: 30,
            schema: None,
        }
    }
}

/// Linkage records and the audit log in PostgreSQL, shared by any number of processes.
/// Cloning is cheap (the pool is shared).
///
/// Connections are made without TLS: use a unix socket, a private network or a local TLS
/// tunnel.
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
/// use jpki_linkage::{Error, IdStatus, Lifecycle, PostgresSettings, PostgresStore, StoreFailure};
/// // The tests' server (see the README's "Linkage on PostgreSQL"), if there is one.
/// if let Ok(url) = std::env::var("JPKI_TEST_POSTGRES_URL") {
///     let ca = TestCa::new(1);
///     let pair = ca.issue_pair(&HolderSpec::example());
///     let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
///     let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
///     let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
///     let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
///     let settings = PostgresSettings { schema: Some("doc_store".into()), ..PostgresSettings::default() };
///     let store = PostgresStore::open_with(&url, settings)?;
///     let life = Lifecycle::new(store.clone(), [7; 32]);
///     let id = life.enroll(&signing, Some(&auth), at)?;
///     assert_eq!(life.login(&auth, at)?, (id, IdStatus::Active));
///     store.drop_schema()?;
/// }
/// // No server behind this socket directory: a typed, retryable error.
/// let err = PostgresStore::open("host=/nonexistent-jpki-socket-dir user=x connect_timeout=1");
/// assert_eq!(err.err(), Some(Error::Store(StoreFailure::Unavailable)));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone)]
pub struct PostgresStore {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool,
    schema: Option<String>,
    max_retries: u32,
}

/// A plain lowercase identifier: safe to write into SQL between double quotes.
fn schema_name(s: &str) -> Result<&str, Error> {
    let ok = !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .enumerate()
            .all(|(i, b)| b == b'_' || b.is_ascii_lowercase() || (i > 0 && b.is_ascii_digit()));
    ok.then_some(s)
        .ok_or(Error::Store(StoreFailure::BadSchemaName))
}

/// The advisory lock that serialises migrations (the bytes of "jpkilink").
const MIGRATION_LOCK: i64 = 0x6a70_6b69_6c69_6e6b;

impl PostgresStore {
    /// Connects with the default [`PostgresSettings`] and applies the migrations this release
    /// needs. `url`: `postgresql://user@host:port/db` or `host=… user=… dbname=…`.
    ///
    /// ```
    /// use jpki_linkage::{Error, PostgresStore, StoreFailure};
    /// assert_eq!(
    ///     PostgresStore::open("postgresql://[bad").err(),
    ///     Some(Error::Store(StoreFailure::BadConnectionString))
    /// );
    /// if let Ok(url) = std::env::var("JPKI_TEST_POSTGRES_URL") {
    ///     use jpki_linkage::{LinkageStore, PrivateId};
    ///     let store = PostgresStore::open(&url)?;
    ///     assert!(store.audit_trail(PrivateId::random())?.is_empty());
    /// }
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn open(url: &str) -> Result<Self, Error> {
        Self::open_with(url, PostgresSettings::default())
    }

    /// Connects with `settings` and applies the migrations this release needs (creating the
    /// schema first when one is named). Safe when several processes open at once.
    ///
    /// ```
    /// use jpki_linkage::{Error, PostgresSettings, PostgresStore, StoreFailure};
    /// let bad = PostgresSettings { schema: Some("Robert'); DROP TABLE".into()), ..PostgresSettings::default() };
    /// assert_eq!(
    ///     PostgresStore::open_with("host=/nonexistent user=x", bad).err(),
    ///     Some(Error::Store(StoreFailure::BadSchemaName))
    /// );
    /// if let Ok(url) = std::env::var("JPKI_TEST_POSTGRES_URL") {
    ///     let settings = PostgresSettings { schema: Some("doc_open_with".into()), ..PostgresSettings::default() };
    ///     let store = PostgresStore::open_with(&url, settings.clone())?;
    ///     // Opening again finds the schema current: nothing to apply.
    ///     drop(PostgresStore::open_with(&url, settings)?);
    ///     assert!(store.drop_schema()?);
    /// }
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn open_with(url: &str, settings: PostgresSettings) -> Result<Self, Error> {
        let schema = settings
            .schema
            .as_deref()
            .map(schema_name)
            .transpose()?
            .map(str::to_owned);
        let mut config: postgres::Config = url
            .parse()
            .map_err(|_| Error::Store(StoreFailure::BadConnectionString))?;
        config
            .connect_timeout(settings.connect_timeout)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(30))
            .tcp_user_timeout(settings.statement_timeout + Duration::from_secs(10));
        if config.get_application_name().is_none() {
            config.application_name("jpki-linkage");
        }
        let ms = settings.statement_timeout.as_millis();
        let mut setup = format!(
            "SET statement_timeout = {ms}; SET idle_in_transaction_session_timeout = {ms};"
        );
        if let Some(s) = &schema {
            setup.push_str(&format!(" SET search_path TO \"{s}\";"));
        }
        let pool = Pool::new(config, setup, settings.pool_size, settings.pool_timeout);
        let store = Self {
            inner: Arc::new(Inner {
                pool,
                schema,
                max_retries: settings.max_retries,
            }),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Drops this store's schema with everything in it (tests, examples); `false` when the
    /// store has no schema of its own (then nothing is dropped).
    ///
    /// ```
    /// use jpki_linkage::{PostgresSettings, PostgresStore};
    /// if let Ok(url) = std::env::var("JPKI_TEST_POSTGRES_URL") {
    ///     let settings = PostgresSettings { schema: Some("doc_drop".into()), ..PostgresSettings::default() };
    ///     assert!(PostgresStore::open_with(&url, settings)?.drop_schema()?);
    /// }
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn drop_schema(&self) -> Result<bool, Error> {
        let Some(schema) = &self.inner.schema else {
            return Ok(false);
        };
        let mut lease = self.inner.pool.get()?;
        let sql = format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        let r = lease.client()?.batch_execute(&sql);
        r.map_err(|e| {
            lease.discard();
            store(&e, Phase::Statement)
        })?;
        Ok(true)
    }

    /// The schema name given in the settings (tests look at the tables directly).
    #[cfg(test)]
    pub(crate) fn schema_for_tests(&self) -> &str {
        self.inner.schema.as_deref().unwrap_or("public")
    }

    fn migrate(&self) -> Result<(), Error> {
        let mut lease = self.inner.pool.get()?;
        let outcome = (|| {
            let client = lease.client()?;
            let mut tx = client
                .transaction()
                .map_err(|e| store(&e, Phase::Statement))?;
            let run = |tx: &mut postgres::Transaction<'_>| -> Result<(), postgres::Error> {
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
                if let Some(s) = &self.inner.schema {
                    tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{s}\""))?;
                }
                tx.batch_execute(
                    "CREATE TABLE IF NOT EXISTS jpki_linkage_schema (\
                     version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                )
            };
            run(&mut tx).map_err(|e| store(&e, Phase::Statement))?;
            let current: Option<i32> = tx
                .query_one("SELECT max(version) FROM jpki_linkage_schema", &[])
                .map_err(|e| store(&e, Phase::Statement))?
                .try_get(0)
                .map_err(|_| Error::Store(StoreFailure::Protocol))?;
            let current = current.unwrap_or(0);
            if current > migrations::latest() {
                return Err(Error::Store(StoreFailure::SchemaVersion {
                    found: u64::try_from(current).unwrap_or(0),
                    supported: u64::try_from(migrations::latest()).unwrap_or(0),
                }));
            }
            for (version, sql) in migrations::MIGRATIONS.iter().filter(|m| m.0 > current) {
                tx.batch_execute(sql)
                    .and_then(|()| {
                        tx.execute(
                            "INSERT INTO jpki_linkage_schema (version) VALUES ($1)",
                            &[version],
                        )
                    })
                    .map_err(|e| store(&e, Phase::Statement))?;
            }
            tx.commit().map_err(|e| store(&e, Phase::Statement))
        })();
        if matches!(outcome, Err(Error::Store(StoreFailure::Unavailable))) {
            lease.discard();
        }
        outcome
    }

    /// One run of `f` in a SERIALIZABLE transaction; `Err(Ok(kind))`: a conflict, run again.
    fn attempt<R>(
        &self,
        f: &mut impl FnMut(&mut dyn LinkageTxn) -> Result<R, Error>,
    ) -> Result<R, Result<ConflictKind, Error>> {
        // A pooled connection may have died with a server restart: nothing has happened yet,
        // so one fresh connection is tried before giving up.
        for fresh in [false, true] {
            let mut lease = self.inner.pool.get().map_err(Err)?;
            let mut begun = false;
            let outcome = {
                let client = lease.client().map_err(Err)?;
                let started = client
                    .build_transaction()
                    .isolation_level(IsolationLevel::Serializable)
                    .start();
                match started {
                    Err(e) => Err(Err(store(&e, Phase::Statement))),
                    Ok(tx) => {
                        begun = true;
                        let mut t = PgTxn::new(tx);
                        let out = f(&mut t).and_then(|r| match (t.conflict, &t.failed) {
                            (None, None) => t.flush().map(|()| r),
                            _ => Err(Error::Store(StoreFailure::Protocol)),
                        });
                        match (t.conflict, t.failed.clone(), out) {
                            (Some(kind), _, _) => {
                                let _ = t.tx.rollback();
                                Err(Ok(kind))
                            }
                            (None, Some(failed), _) => {
                                let _ = t.tx.rollback();
                                Err(Err(Error::Store(failed)))
                            }
                            (None, None, Err(e)) => {
                                let _ = t.tx.rollback();
                                Err(Err(e))
                            }
                            (None, None, Ok(r)) => match t.tx.commit() {
                                Ok(()) => Ok(r),
                                Err(e) => match failure::conflict(&e) {
                                    Some(kind) => Err(Ok(kind)),
                                    None => Err(Err(store(&e, Phase::Statement))),
                                },
                            },
                        }
                    }
                }
            };
            if matches!(&outcome, Err(Err(e)) if e.is_retryable()) {
                lease.discard();
                // Nothing ran yet when BEGIN itself failed on a dead pooled connection.
                if !fresh && !begun {
                    continue;
                }
            }
            return outcome;
        }
        Err(Err(Error::Store(StoreFailure::Unavailable)))
    }
}

impl LinkageStore for PostgresStore {
    /// Runs `f` in a SERIALIZABLE transaction, running it again (up to `max_retries` times)
    /// when the server aborts it for a conflict with a concurrent transaction.
    fn transaction<R>(
        &self,
        mut f: impl FnMut(&mut dyn LinkageTxn) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let mut retries = 0;
        loop {
            match self.attempt(&mut f) {
                Ok(r) => return Ok(r),
                Err(Err(e)) => return Err(e),
                Err(Ok(kind)) if retries >= self.inner.max_retries => {
                    return Err(Error::Store(StoreFailure::Conflict(kind)));
                }
                Err(Ok(_)) => {
                    retries += 1;
                    // Randomised, growing backoff: conflicting transactions spread out.
                    let cap = 1u64 << retries.min(7);
                    std::thread::sleep(Duration::from_millis(rand::random_range(1..=cap)));
                }
            }
        }
    }

    fn audit_trail(&self, id: PrivateId) -> Result<Vec<AuditEvent>, Error> {
        let mut lease = self.inner.pool.get()?;
        let key = id.to_bytes().to_vec();
        let r = lease.client()?.query(
            "SELECT event FROM audit_events WHERE id = $1 ORDER BY seq",
            &[&key],
        );
        let rows = r.map_err(|e| {
            lease.discard();
            store(&e, Phase::Statement)
        })?;
        rows.iter()
            .map(|row| {
                let bytes: &[u8] = row
                    .try_get(0)
                    .map_err(|_| Error::Store(StoreFailure::Protocol))?;
                codec::decode_event(bytes)
            })
            .collect()
    }
}
