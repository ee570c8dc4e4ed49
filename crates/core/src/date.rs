//! Article dates that keep the precision their source gave.
//!
//! A press clipping dated `2020-04` is "April 2020", not "1 April 2020": Kiosque never invents a day
//! (or a month) the source does not give. Dates order chronologically with the less precise date
//! first among equals, so a month-dated article sorts before the days of that month.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::locale::Locale;

/// How much of a date the source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Precision {
    /// Only the year: `2019`.
    Year,
    /// Year and month: `2020-04`.
    Month,
    /// A calendar day: `2021-03-10`.
    Day,
}

/// A time of day attached to a day-precision date, as written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TimeOfDay {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60 (a leap second is accepted).
    pub second: u8,
    /// Offset from UTC in minutes when the source gave one (`Z` is 0).
    pub offset_minutes: Option<i16>,
}

/// A calendar date at year, month or day precision, with an optional time of day.
///
/// Fields below the precision are zero: a `Month` date has `day == 0`, a `Year` date has
/// `month == 0` too. The derived ordering therefore puts `2020-04` before `2020-04-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArticleDate {
    /// Four-digit year.
    pub year: u16,
    /// Month 1–12, or 0 at year precision.
    pub month: u8,
    /// Day 1–31, or 0 at month or year precision.
    pub day: u8,
    /// Time of day, only ever present at day precision.
    pub time: Option<TimeOfDay>,
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not shaped like `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO 8601 date-time.
    #[error("`{0}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")]
    Malformed(String),
    /// The month is outside 1–12.
    #[error("`{text}` has month {month}, which does not exist; months run from 01 to 12")]
    BadMonth {
        /// The date as written.
        text: String,
        /// The month number found.
        month: u32,
    },
    /// The day does not exist in that month (`2021-02-30`).
    #[error("`{text}` names day {day}, but that month has {max} days")]
    BadDay {
        /// The date as written.
        text: String,
        /// The day number found.
        day: u32,
        /// How many days the month has.
        max: u32,
    },
    /// The time of day is out of range.
    #[error("`{0}` has a time of day that does not exist")]
    BadTime(String),
}

impl ArticleDate {
    /// A date known only to the year.
    pub fn year(year: u16) -> Self {
        Self {
            year,
            month: 0,
            day: 0,
            time: None,
        }
    }

    /// The precision the source gave.
    pub fn precision(&self) -> Precision {
        if self.month == 0 {
            Precision::Year
        } else if self.day == 0 {
            Precision::Month
        } else {
            Precision::Day
        }
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and `YYYY-MM-DD[T ]HH:MM[:SS][.frac][Z|±HH:MM]`.
    ///
    /// Impossible dates (`2020-13`, `2021-02-30`) are errors, not silently corrected.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let malformed = || DateError::Malformed(text.to_owned());
        let (date_part, time_part) = match text.find(['T', 't', ' ']) {
            Some(at) => (&text[..at], Some(text[at + 1..].trim())),
            None => (text, None),
        };
        let mut parts = date_part.split('-');
        let year = parse_digits(parts.next(), 4).ok_or_else(malformed)?;
        let month = match parts.next() {
            Some(m) => Some(parse_digits(Some(m), 2).ok_or_else(malformed)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_digits(Some(d), 2).ok_or_else(malformed)?),
            None => None,
        };
        if parts.next().is_some() {
            return Err(malformed());
        }
        let mut date = Self::year(year as u16);
        if let Some(month) = month {
            if !(1..=12).contains(&month) {
                return Err(DateError::BadMonth {
                    text: text.to_owned(),
                    month,
                });
            }
            date.month = month as u8;
        }
        if let Some(day) = day {
            let max = days_in_month(year, date.month as u32);
            if day == 0 || day > max {
                return Err(DateError::BadDay {
                    text: text.to_owned(),
                    day,
                    max,
                });
            }
            date.day = day as u8;
        }
        if let Some(time) = time_part.filter(|t| !t.is_empty()) {
            if date.precision() != Precision::Day {
                return Err(malformed());
            }
            date.time = Some(parse_time(time).ok_or_else(|| DateError::BadTime(text.to_owned()))?);
        }
        Ok(date)
    }

    /// The first and last day this date covers, as `(year, month, day)` triples.
    ///
    /// `2020-04` covers 2020-04-01 to 2020-04-30; a filter keeps an article whenever its span
    /// overlaps the filter's span.
    pub fn span(&self) -> ((u16, u8, u8), (u16, u8, u8)) {
        match self.precision() {
            Precision::Year => ((self.year, 1, 1), (self.year, 12, 31)),
            Precision::Month => {
                let last = days_in_month(self.year as u32, self.month as u32) as u8;
                ((self.year, self.month, 1), (self.year, self.month, last))
            }
            Precision::Day => (
                (self.year, self.month, self.day),
                (self.year, self.month, self.day),
            ),
        }
    }

    /// The machine-readable form for `<time datetime=…>`: `2020`, `2020-04`, `2020-04-28`.
    pub fn iso(&self) -> String {
        self.to_string()
    }

    /// The date as a reader of `locale` writes it, at the source's precision:
    /// "avril 2020" / "April 2020", "28 avril 2020" / "28 April 2020", "2019".
    pub fn display(&self, locale: Locale) -> String {
        match self.precision() {
            Precision::Year => self.year.to_string(),
            Precision::Month => format!("{} {}", locale.month_name(self.month), self.year),
            Precision::Day => match locale {
                Locale::Fr if self.day == 1 => {
                    format!("1er {} {}", locale.month_name(self.month), self.year)
                }
                Locale::Fr => format!(
                    "{} {} {}",
                    self.day,
                    locale.month_name(self.month),
                    self.year
                ),
                Locale::En => format!(
                    "{} {} {}",
                    self.day,
                    locale.month_name(self.month),
                    self.year
                ),
            },
        }
    }
}

impl fmt::Display for ArticleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

/// Number of days in `month` of `year` (Gregorian calendar).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn parse_digits(part: Option<&str>, len: usize) -> Option<u32> {
    let part = part?;
    if part.len() != len || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn parse_time(text: &str) -> Option<TimeOfDay> {
    // Split off the zone: `Z`, `+02:00`, `-0500`, or nothing.
    let (clock, offset_minutes) = if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        (clock, Some(0))
    } else if let Some(at) = text.rfind(['+', '-']) {
        let (clock, zone) = text.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let hours: i16 = digits[..2].parse().ok()?;
        let minutes: i16 = digits[2..].parse().ok()?;
        if hours > 14 || minutes > 59 {
            return None;
        }
        (clock.trim_end(), Some(sign * (hours * 60 + minutes)))
    } else {
        (text, None)
    };
    // Fractions of a second are dropped: no article list needs them.
    let clock = clock.split('.').next()?;
    let mut fields = clock.split(':');
    let hour = parse_digits(fields.next(), 2)?;
    let minute = parse_digits(fields.next(), 2)?;
    let second = match fields.next() {
        Some(s) => parse_digits(Some(s), 2)?,
        None => 0,
    };
    if fields.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(TimeOfDay {
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        offset_minutes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            ArticleDate::parse("2019").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            ArticleDate::parse("2020-04").unwrap().precision(),
            Precision::Month
        );
        let day = ArticleDate::parse("2021-03-10").unwrap();
        assert_eq!((day.year, day.month, day.day), (2021, 3, 10));
        assert_eq!(day.precision(), Precision::Day);
    }

    #[test]
    fn keeps_the_time_and_zone() {
        let d = ArticleDate::parse("2021-12-10T08:30:00+01:00").unwrap();
        let t = d.time.unwrap();
        assert_eq!(
            (t.hour, t.minute, t.second, t.offset_minutes),
            (8, 30, 0, Some(60))
        );
        let z = ArticleDate::parse("2021-12-10 08:30Z").unwrap();
        assert_eq!(z.time.unwrap().offset_minutes, Some(0));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(matches!(
            ArticleDate::parse("2020-13"),
            Err(DateError::BadMonth { .. })
        ));
        assert!(matches!(
            ArticleDate::parse("2021-02-30"),
            Err(DateError::BadDay { max: 28, .. })
        ));
        assert!(ArticleDate::parse("2020-02-29").is_ok());
        assert!(matches!(
            ArticleDate::parse("avril"),
            Err(DateError::Malformed(_))
        ));
        assert!(ArticleDate::parse("2020-04-01T25:00").is_err());
    }

    #[test]
    fn displays_at_the_source_precision() {
        let april = ArticleDate::parse("2020-04").unwrap();
        assert_eq!(april.display(Locale::Fr), "avril 2020");
        assert_eq!(april.display(Locale::En), "April 2020");
        assert_eq!(
            ArticleDate::parse("2021-03-01")
                .unwrap()
                .display(Locale::Fr),
            "1er mars 2021"
        );
        assert_eq!(
            ArticleDate::parse("2021-03-10")
                .unwrap()
                .display(Locale::En),
            "10 March 2021"
        );
        assert_eq!(
            ArticleDate::parse("2019").unwrap().display(Locale::En),
            "2019"
        );
        assert_eq!(april.iso(), "2020-04");
    }

    #[test]
    fn month_sorts_before_its_days_and_spans_them() {
        let april = ArticleDate::parse("2020-04").unwrap();
        let first = ArticleDate::parse("2020-04-01").unwrap();
        assert!(april < first);
        assert_eq!(april.span(), ((2020, 4, 1), (2020, 4, 30)));
    }
}
