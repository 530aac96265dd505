//! A date in front matter: the text as written and the instant it names.

/// A date as written (`2023-07-18` or RFC 3339), and the instant it names for sorting.
#[derive(Clone, Debug, PartialEq)]
pub struct Date {
    pub text: String,
    pub instant: chrono::DateTime<chrono::FixedOffset>,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        // Times without a zone are read as UTC; Obsidian writes `2024-01-09T14:43` and
        // `2024-01-09 14:43`, with or without seconds.
        let naive = [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
        ]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok());
        let instant = if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            d.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset()
        } else if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
            dt
        } else if let Some(dt) = naive {
            dt.and_utc().fixed_offset()
        } else {
            return None;
        };
        Some(Date {
            text: text.to_string(),
            instant,
        })
    }

    /// RFC 3339, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        self.instant
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}
