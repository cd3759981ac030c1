//! Units parsed once, at the edge: durations (`20s`, `6m`, `1h30m`), service
//! levels (`80/20`), fractions (`0.88` or `88%`), day sets (`mon-fri`), times of
//! day (`08:00`) and time ranges (`22:00-06:00`, may cross midnight).
//!
//! Each type parses from a string with [`std::str::FromStr`]; the error says
//! what would be valid. The serde impls accept the same text (and numbers where
//! a number is unambiguous), so a YAML error carries that message too.
//!
//! One file per family: durations, windows after a shift start and the
//! shortest handle time (`duration.rs`), service levels
//! (`service_level.rs`), fractions (`fraction.rs`), weekdays and day sets
//! (`days.rs`), times of day, time ranges and shift start times
//! (`clock.rs`), time zones (`timezone.rs`) and rounding for people
//! (`rounding.rs`).

/// Deserialize any `FromStr` unit from a YAML string; a bare number is only
/// accepted by `from_number` (for fractions), otherwise it is an error that
/// asks for the unit.
macro_rules! deserialize_from_str {
    ($ty:ty, $expecting:expr, $from_number:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$ty, E> {
                        let from_number: fn(f64) -> Result<$ty, String> = $from_number;
                        from_number(v).map_err(E::custom)
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$ty, E> {
                        self.visit_f64(v as f64)
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$ty, E> {
                        self.visit_f64(v as f64)
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

mod clock;
mod days;
mod duration;
mod fraction;
mod rounding;
mod service_level;
mod timezone;

pub use clock::{LocalClock, StartTimes, TimeOfDay, TimeRange};
pub use days::{parse_weekday, weekday_name, DaySet};
pub use duration::{
    check_handle_time, forecast_interval_s, Duration, DurationRange, MIN_HANDLE_TIME_S,
};
pub use fraction::{Fraction, Share};
pub use rounding::{round, round_parts, round_to_total};
pub use service_level::{Over, ServiceLevel, Window};
pub use timezone::parse_timezone;

#[cfg(test)]
mod tests;
