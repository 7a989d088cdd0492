//! `--group-by company|domain|month|reason`: the report rows summed into a table for stdout.
//! One line per group (rejections, "maybe" messages, rejections per reason) and a total.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{html::month_of, sanitize, Row, Status};
use crate::classify::Reason;

/// What the summary table groups rows by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// The buyer's company (display name or non-free-mail domain).
    Company,
    /// The domain of the buyer's address.
    Domain,
    /// The month of the buyer's message (YYYY-MM).
    Month,
    /// The rejection reason.
    Reason,
}

impl GroupBy {
    fn as_str(self) -> &'static str {
        match self {
            GroupBy::Company => "company",
            GroupBy::Domain => "domain",
            GroupBy::Month => "month",
            GroupBy::Reason => "reason",
        }
    }

    /// The group `row` falls in (terminal-safe).
    fn key(self, row: &Row) -> String {
        let key = match self {
            GroupBy::Company => row.company.clone(),
            GroupBy::Domain => row
                .email
                .as_deref()
                .and_then(|e| e.rsplit_once('@'))
                .map(|(_, d)| d.to_ascii_lowercase()),
            GroupBy::Month => row
                .date
                .as_deref()
                .and_then(month_of)
                .map(|(y, m)| format!("{y:04}-{m:02}")),
            GroupBy::Reason => row.reason.clone(),
        };
        key.map(|k| sanitize(&k))
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "(none)".to_string())
    }
}

#[derive(Default)]
struct Counts {
    rejections: u64,
    maybe: u64,
    reasons: BTreeMap<Reason, u64>,
}

impl Counts {
    fn add(&mut self, row: &Row) {
        match row.status {
            Status::Rejection => {
                self.rejections += 1;
                let reason = row
                    .reason
                    .as_deref()
                    .and_then(Reason::parse)
                    .unwrap_or(Reason::Unspecified);
                *self.reasons.entry(reason).or_default() += 1;
            }
            Status::Maybe => self.maybe += 1,
            // Answers in the conversation: the rejection they answer has its own row.
            Status::PermissionGranted | Status::PermissionDeclined | Status::BuyerAnswered => {}
        }
    }

    fn reasons(&self) -> String {
        self.reasons
            .iter()
            .map(|(r, n)| format!("{} {n}", r.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The table: months in calendar order, other groups most rejections first.
pub fn table(by: GroupBy, rows: &[Row]) -> String {
    let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
    let mut total = Counts::default();
    for row in rows {
        groups.entry(by.key(row)).or_default().add(row);
        total.add(row);
    }
    let mut lines: Vec<(String, Counts)> = groups.into_iter().collect();
    if by != GroupBy::Month {
        lines.sort_by(|a, b| {
            (b.1.rejections, b.1.maybe)
                .cmp(&(a.1.rejections, a.1.maybe))
                .then_with(|| a.0.cmp(&b.0))
        });
    }
    let width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .chain([by.as_str().len(), "total".len()])
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let mut line = |key: &str, rejections: &str, maybe: &str, reasons: &str| {
        let pad = width - key.chars().count();
        let _ = writeln!(
            out,
            "{key}{:pad$}  {rejections:>10}  {maybe:>5}  {reasons}",
            ""
        );
    };
    line(by.as_str(), "rejections", "maybe", "reasons");
    for (key, c) in &lines {
        line(
            key,
            &c.rejections.to_string(),
            &c.maybe.to_string(),
            &c.reasons(),
        );
    }
    line(
        "total",
        &total.rejections.to_string(),
        &total.maybe.to_string(),
        &total.reasons(),
    );
    // No trailing spaces when a group has no reasons.
    out.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(company: Option<&str>, email: &str, date: &str, reason: &str, status: Status) -> Row {
        Row {
            date: Some(date.into()),
            buyer_name: None,
            email: Some(email.into()),
            company: company.map(String::from),
            subject: None,
            reason: Some(reason.into()).filter(|r: &String| !r.is_empty()),
            confidence: 0.9,
            evidence: None,
            draft: None,
            status,
            language: None,
            draft_text: None,
            account: None,
        }
    }

    fn rows() -> Vec<Row> {
        vec![
            row(
                Some("Acme"),
                "a@Acme.example",
                "2025-06-02T08:00:00+02:00",
                "price",
                Status::Rejection,
            ),
            row(
                Some("Acme"),
                "b@acme.example",
                "2025-05-02T08:00:00+02:00",
                "timing",
                Status::Rejection,
            ),
            row(
                None,
                "c@gmail.example",
                "2025-06-03T08:00:00Z",
                "price",
                Status::Rejection,
            ),
            row(
                Some("Globex\x1b[31m"),
                "d@globex.example",
                "2025-04-30T23:00:00Z",
                "",
                Status::Maybe,
            ),
        ]
    }

    #[test]
    fn by_company_most_first_with_a_total() {
        assert_eq!(
            table(GroupBy::Company, &rows()),
            "company     rejections  maybe  reasons\n\
             Acme                 2      0  price 1, timing 1\n\
             (none)               1      0  price 1\n\
             Globex[31m           0      1\n\
             total                3      1  price 2, timing 1\n"
        );
    }

    #[test]
    fn by_month_in_calendar_order_and_by_domain_lowercased() {
        let months = table(GroupBy::Month, &rows());
        let keys: Vec<&str> = months
            .lines()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(keys, ["month", "2025-04", "2025-05", "2025-06", "total"]);
        let domains = table(GroupBy::Domain, &rows());
        assert!(
            domains.contains("\nacme.example             2      0  price 1, timing 1\n"),
            "{domains}"
        );
    }

    #[test]
    fn by_reason() {
        let t = table(GroupBy::Reason, &rows());
        assert!(
            t.starts_with(
                "reason  rejections  maybe  reasons\nprice            2      0  price 2\n"
            ),
            "{t}"
        );
    }
}
