//! A small connection pool: at most `size` connections, opened on demand, a bounded wait for a
//! free one, and a broken connection dropped instead of returned.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use postgres::{Client, Config, NoTls};

use super::failure::{Phase, store};
use crate::{Error, StoreFailure, TimeoutKind};

pub(super) struct Pool {
    config: Config,
    /// Run on every new connection (search_path).
    setup: String,
    size: usize,
    wait: Duration,
    state: Mutex<State>,
    freed: Condvar,
}

struct State {
    idle: Vec<Client>,
    open: usize,
}

/// A connection lent by the pool; returned when dropped unless marked broken.
pub(super) struct Lease<'p> {
    pool: &'p Pool,
    client: Option<Client>,
    broken: bool,
}

impl Lease<'_> {
    pub(super) fn client(&mut self) -> Result<&mut Client, Error> {
        self.client
            .as_mut()
            .ok_or(Error::Store(StoreFailure::Unavailable))
    }

    /// Not to be reused: the connection failed (or its state is unknown).
    pub(super) fn discard(&mut self) {
        self.broken = true;
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let Ok(mut state) = self.pool.state.lock() else {
            return;
        };
        match self.client.take() {
            Some(c) if !self.broken && !c.is_closed() => state.idle.push(c),
            _ => state.open = state.open.saturating_sub(1),
        }
        self.pool.freed.notify_one();
    }
}

impl Pool {
    pub(super) fn new(config: Config, setup: String, size: usize, wait: Duration) -> Self {
        Self {
            config,
            setup,
            size: size.max(1),
            wait,
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// An idle connection, or a new one while fewer than `size` are open, or the first one
    /// freed within the wait.
    pub(super) fn get(&self) -> Result<Lease<'_>, Error> {
        let deadline = Instant::now() + self.wait;
        let mut state = self
            .state
            .lock()
            .map_err(|_| Error::Store(StoreFailure::Poisoned))?;
        loop {
            while let Some(c) = state.idle.pop() {
                if c.is_closed() {
                    state.open = state.open.saturating_sub(1);
                    continue;
                }
                return Ok(self.lease(c));
            }
            if state.open < self.size {
                state.open += 1;
                drop(state);
                return match self.connect() {
                    Ok(c) => Ok(self.lease(c)),
                    Err(e) => {
                        if let Ok(mut s) = self.state.lock() {
                            s.open = s.open.saturating_sub(1);
                        }
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::Store(StoreFailure::Timeout(TimeoutKind::Pool)));
            }
            state = self
                .freed
                .wait_timeout(state, left)
                .map_err(|_| Error::Store(StoreFailure::Poisoned))?
                .0;
        }
    }

    fn lease(&self, client: Client) -> Lease<'_> {
        Lease {
            pool: self,
            client: Some(client),
            broken: false,
        }
    }

    fn connect(&self) -> Result<Client, Error> {
        let mut c = self
            .config
            .connect(NoTls)
            .map_err(|e| store(&e, Phase::Connect))?;
        c.batch_execute(&self.setup)
            .map_err(|e| store(&e, Phase::Connect))?;
        Ok(c)
    }
}
