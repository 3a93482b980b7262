//! What time it is for the rules. Every edge (REST handler, server
//! function, page) reads the time here once and passes it to the services
//! as a value, so the rules never read the wall clock themselves.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

use chrono::{DateTime, Duration, Utc};

/// The system clock, moved forward only by tests (to reach the end of a
/// class without rewriting stored dates); nothing in the product moves it.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    advanced_seconds: Arc<AtomicI64>,
}

impl Clock {
    /// Now, as the rules see it.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.advanced_seconds.load(Ordering::Relaxed))
    }

    /// Today's date in China, as the rules see it: the day catalogues are
    /// in force from.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::domain::china_date(self.now())
    }

    /// Moves this clock (and every copy of it) forward: for tests.
    pub fn advance(&self, by: Duration) {
        self.advanced_seconds
            .fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advanced_clock_is_ahead_of_the_wall_clock_in_every_copy() {
        let clock = Clock::default();
        let copy = clock.clone();
        clock.advance(Duration::days(6));
        let ahead = copy.now() - Utc::now();
        assert!(ahead > Duration::days(6) - Duration::minutes(1), "{ahead}");
        assert!(ahead <= Duration::days(6), "{ahead}");
    }
}
