//! The lost-deal report as one self-contained HTML page: counts, inline SVG charts, and a
//! sortable, filterable table of every rejection. Mail text is always escaped; a CSP forbids the rest.

use std::collections::BTreeMap;
use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::svg::{self, Bar, Series};
use super::{sanitize, sanitize_multiline, Row, Status, Summary};
use crate::classify::{Class, Reason};

/// What the page shows.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// What was read (file names, a mailbox), shown under the heading.
    pub source: &'a str,
    /// The run's counts of every class, when the page comes from a run (not from a JSON lines file).
    pub summary: Option<&'a Summary>,
    /// The rows: rejections, "maybe" messages and answers in the conversation.
    pub rows: &'a [Row],
}

/// Colour of each reason, in [`Reason::ALL`] order (Okabe-Ito: tells apart with colour blindness).
const REASON_COLORS: [&str; 6] = [
    "#E69F00", "#56B4E9", "#D55E00", "#009E73", "#0072B2", "#999999",
];
const REJECTION_COLOR: &str = "#0072B2";
const MAYBE_COLOR: &str = "#CC79A7";
const COMPANY_COLOR: &str = "#0072B2";
const LANGUAGE_COLOR: &str = "#009E73";
/// The most months the timeline shows (the latest ones).
const MAX_MONTHS: usize = 120;
/// How many companies the "top companies" chart lists.
const TOP_COMPANIES: usize = 10;

const STYLE: &str = "
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1b1b1b;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
.meta{color:#555;margin:0 0 4px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:12px}
figure{margin:0;padding:8px;border:1px solid #ddd;border-radius:6px}
figcaption{font-weight:600;margin-bottom:4px}
svg{max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#333}svg .axis{stroke:#999}
.empty{color:#777;font-style:italic}
.filters{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:8px 0}
.filters input{min-width:260px}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4;position:sticky;top:0;cursor:pointer;white-space:nowrap}
th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}
td:first-child,summary{white-space:nowrap}
td:nth-child(9){min-width:260px}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td small{color:#666}
tr.maybe td{background:#fbf3f8}
pre{white-space:pre-wrap;max-width:480px;margin:4px 0;font-size:12px}
";

/// The table's behaviour: sort by a header click, filter by text, reason and status. Both live
/// in the URL fragment (`#q=acme&reason=price&status=maybe&sort=confidence&dir=desc`), so a
/// view can be bookmarked or shared.
const SCRIPT: &str = r#"
(function () {
  'use strict';
  var table = document.getElementById('rows');
  var body = table.tBodies[0];
  var all = Array.prototype.slice.call(body.rows);
  var q = document.getElementById('q');
  var reason = document.getElementById('f-reason');
  var status = document.getElementById('f-status');
  var shown = document.getElementById('shown');
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var sorted = null;
  var dir = 1;
  function save() {
    var parts = [];
    var text = q.value.trim();
    if (text) { parts.push('q=' + encodeURIComponent(text)); }
    if (reason.value) { parts.push('reason=' + encodeURIComponent(reason.value)); }
    if (status.value) { parts.push('status=' + encodeURIComponent(status.value)); }
    if (sorted) { parts.push('sort=' + sorted.getAttribute('data-key') + (dir < 0 ? '&dir=desc' : '')); }
    location.replace('#' + parts.join('&'));
  }
  function filter() {
    var text = q.value.trim().toLowerCase();
    var n = 0;
    all.forEach(function (tr) {
      var ok = (!text || tr.textContent.toLowerCase().indexOf(text) >= 0) &&
        (!reason.value || tr.getAttribute('data-reason') === reason.value) &&
        (!status.value || tr.getAttribute('data-status') === status.value);
      tr.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }
  function sort() {
    heads.forEach(function (c) { c.removeAttribute('aria-sort'); });
    if (!sorted) { return; }
    sorted.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var col = sorted.cellIndex;
    var num = sorted.getAttribute('data-type') === 'num';
    var key = function (tr) {
      var td = tr.cells[col];
      var v = td.hasAttribute('data-sort') ? td.getAttribute('data-sort') : td.textContent;
      return num ? parseFloat(v) || 0 : v.toLowerCase();
    };
    // Stable: equal keys keep the original (date) order.
    all.map(function (tr, i) { return [key(tr), i, tr]; }).sort(function (a, b) {
      return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]) * (a[0] === b[0] ? 1 : dir);
    }).forEach(function (e) { body.appendChild(e[2]); });
  }
  function fromFragment() {
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 0) { return; }
      var key = kv.slice(0, i);
      var value = decodeURIComponent(kv.slice(i + 1));
      if (key === 'q') { q.value = value; }
      if (key === 'reason') { reason.value = value; }
      if (key === 'status') { status.value = value; }
      if (key === 'dir') { dir = value === 'desc' ? -1 : 1; }
      if (key === 'sort') {
        sorted = heads.filter(function (th) { return th.getAttribute('data-key') === value; })[0] || null;
      }
    });
  }
  heads.forEach(function (th) {
    th.addEventListener('click', function () {
      dir = sorted === th ? -dir : 1;
      sorted = th;
      sort();
      save();
    });
  });
  [q, reason, status].forEach(function (el) {
    el.addEventListener(el === q ? 'input' : 'change', function () { filter(); save(); });
  });
  fromFragment();
  sort();
  filter();
  document.body.setAttribute('data-ready', 'true');
})();
"#;

/// Escape text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A one-line, escaped cell text from untrusted mail text.
fn text(s: Option<&str>) -> String {
    esc(&sanitize(s.unwrap_or("")))
}

/// Render the whole page.
pub fn render(page: &Page<'_>) -> String {
    let rows = page.rows;
    let rejections: Vec<&Row> = rows
        .iter()
        .filter(|r| r.status == Status::Rejection)
        .collect();
    let maybes = rows.iter().filter(|r| r.status == Status::Maybe).count();
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; base-uri 'none'; \
         form-action 'none'",
        sha256_base64(SCRIPT),
        sha256_base64(STYLE)
    );
    let mut h = String::with_capacity(4096 + rows.len() * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"rebound {}\">\
         <title>Lost deals: {}</title><style>{STYLE}</style></head><body>\n",
        env!("CARGO_PKG_VERSION"),
        text(Some(page.source)),
    );
    let _ = writeln!(
        h,
        "<header><h1>Lost deals</h1><p class=\"meta\">{}</p>\
         <p class=\"meta\" id=\"counts\" data-rejections=\"{}\" data-maybe=\"{maybes}\">{} \
         rejection{}, {maybes} in the \u{201c}maybe\u{201d} band{}</p>{}</header>",
        text(Some(page.source)),
        rejections.len(),
        rejections.len(),
        if rejections.len() == 1 { "" } else { "s" },
        date_range(rows),
        page.summary.map(summary_line).unwrap_or_default(),
    );
    h.push_str(&conversation_line(rows, page.summary));
    h.push_str("<section class=\"charts\">\n");
    figure(&mut h, "Rejections per reason", &reason_chart(&rejections));
    figure(&mut h, "Rejections per month", &month_chart(&rejections));
    figure(&mut h, "Top companies", &company_chart(&rejections));
    figure(&mut h, "Language mix", &language_chart(&rejections));
    figure(
        &mut h,
        "The \u{201c}maybe\u{201d} band: P(rejection) of every row",
        &maybe_chart(rows),
    );
    h.push_str("</section>\n");
    table(&mut h, rows);
    let _ = write!(h, "<script>{SCRIPT}</script>\n</body></html>\n");
    h
}

fn figure(h: &mut String, caption: &str, chart: &str) {
    let _ = writeln!(
        h,
        "<figure><figcaption>{}</figcaption>{chart}</figure>",
        esc(caption)
    );
}

/// ", from 2025-06-02 to 2025-06-06", or nothing without dates.
fn date_range(rows: &[Row]) -> String {
    let days: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.date.as_deref())
        .filter_map(|d| d.get(..10))
        .collect();
    match (days.iter().min(), days.iter().max()) {
        (Some(a), Some(b)) => format!(", from {} to {}", esc(a), esc(b)),
        _ => String::new(),
    }
}

fn summary_line(s: &Summary) -> String {
    let classes: Vec<String> = s
        .classes
        .iter()
        .filter(|(c, n)| **c != Class::Rejection && **n > 0)
        .map(|(c, n)| format!("{} {n}", c.as_str()))
        .collect();
    format!(
        "<p class=\"meta\" id=\"read\" data-read=\"{}\">{} messages read, {} unreadable{}</p>",
        s.read,
        s.read,
        s.unreadable,
        if classes.is_empty() {
            String::new()
        } else {
            format!("; not rejections: {}", classes.join(", "))
        }
    )
}

/// The conversation after the rejections: the answers come from the rows, what rebound asked
/// (drafts written or already there) from the run's summary when the page comes from a run.
/// Nothing when no answer and no question is known.
fn conversation_line(rows: &[Row], summary: Option<&Summary>) -> String {
    let count = |status: Status| rows.iter().filter(|r| r.status == status).count() as u64;
    let granted = count(Status::PermissionGranted);
    let declined = count(Status::PermissionDeclined);
    let answered = count(Status::BuyerAnswered);
    let asked = summary.map(|s| (s.permission_asked, s.questions_asked));
    if granted + declined + answered == 0 && asked.is_none_or(|(p, q)| p + q == 0) {
        return String::new();
    }
    let mut parts = Vec::new();
    if let Some((permission, _)) = asked {
        parts.push(format!("{permission} permission asked"));
    }
    parts.push(format!("{granted} permission granted"));
    parts.push(format!("{declined} permission declined"));
    if let Some((_, questions)) = asked {
        parts.push(format!("{questions} question asked"));
    }
    parts.push(format!("{answered} buyer answered"));
    format!(
        "<p class=\"meta\" id=\"conversation\" data-granted=\"{granted}\" \
         data-declined=\"{declined}\" data-answered=\"{answered}\">The conversation: {}</p>",
        parts.join(", ")
    )
}

/// The reason of a rejection row, `unspecified` when none was given.
fn reason_of(row: &Row) -> Reason {
    row.reason
        .as_deref()
        .and_then(Reason::parse)
        .unwrap_or(Reason::Unspecified)
}

fn reason_chart(rejections: &[&Row]) -> String {
    let items: Vec<Bar> = Reason::ALL
        .iter()
        .zip(REASON_COLORS)
        .map(|(r, color)| Bar {
            label: r.as_str().to_string(),
            count: rejections.iter().filter(|row| reason_of(row) == *r).count() as u64,
            color,
        })
        .collect();
    if rejections.is_empty() {
        return svg::bars("reasons", "Rejections per reason", &[]);
    }
    svg::bars("reasons", "Rejections per reason", &items)
}

/// Every month from the first rejection's to the last one's (empty months included, so the
/// time axis is even), stacked by reason.
fn month_chart(rejections: &[&Row]) -> String {
    let mut per_month: BTreeMap<(i32, u32), [u64; 6]> = BTreeMap::new();
    for row in rejections {
        let Some((y, m)) = row.date.as_deref().and_then(month_of) else {
            continue;
        };
        let i = Reason::ALL
            .iter()
            .position(|r| *r == reason_of(row))
            .unwrap_or(5);
        per_month.entry((y, m)).or_default()[i] += 1;
    }
    let label = |(y, m): (i32, u32)| format!("{y:04}-{m:02}");
    let mut columns: Vec<(String, Vec<u64>)> = Vec::new();
    let first = per_month.keys().next().copied();
    let last = per_month.keys().last().copied();
    if let (Some(first), Some(last)) = (first, last) {
        let span = (last.0 - first.0) as i64 * 12 + last.1 as i64 - first.1 as i64;
        if span < MAX_MONTHS as i64 {
            let mut at = first;
            while at <= last {
                let counts = per_month.get(&at).copied().unwrap_or_default();
                columns.push((label(at), counts.to_vec()));
                at = if at.1 == 12 {
                    (at.0 + 1, 1)
                } else {
                    (at.0, at.1 + 1)
                };
            }
        } else {
            // A stray date decades away would stretch the axis to nothing: months with mail only.
            columns = per_month
                .iter()
                .map(|(at, counts)| (label(*at), counts.to_vec()))
                .collect();
            let drop = columns.len().saturating_sub(MAX_MONTHS);
            columns.drain(..drop);
        }
    }
    let series: Vec<Series> = Reason::ALL
        .iter()
        .zip(REASON_COLORS)
        .map(|(r, color)| Series {
            name: r.as_str().to_string(),
            color,
        })
        .collect();
    svg::stacked("months", "Rejections per month", &series, &columns)
}

/// Year and month of an RFC 3339 date, as the buyer's clock read it.
pub(crate) fn month_of(date: &str) -> Option<(i32, u32)> {
    let y = date.get(..4)?.parse().ok()?;
    let m = date.get(5..7)?.parse().ok()?;
    (date.get(4..5) == Some("-") && (1..=12).contains(&m)).then_some((y, m))
}

fn company_chart(rejections: &[&Row]) -> String {
    let counts = tally(rejections, |r| r.company.as_deref(), "(no company)");
    svg::bars("companies", "Top companies", &top(counts, COMPANY_COLOR))
}

fn language_chart(rejections: &[&Row]) -> String {
    let counts = tally(rejections, |r| r.language.as_deref(), "unknown");
    svg::bars("languages", "Language mix", &top(counts, LANGUAGE_COLOR))
}

/// Rows per value of `field` (terminal-safe), `missing` standing for none.
fn tally(
    rejections: &[&Row],
    field: impl Fn(&Row) -> Option<&str>,
    missing: &str,
) -> BTreeMap<String, u64> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for row in rejections {
        let key = field(row)
            .map(sanitize)
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| missing.to_string());
        *counts.entry(key).or_default() += 1;
    }
    counts
}

/// The most frequent first (ties by name), at most [`TOP_COMPANIES`].
fn top(counts: BTreeMap<String, u64>, color: &'static str) -> Vec<Bar> {
    let mut items: Vec<(String, u64)> = counts.into_iter().collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    items
        .into_iter()
        .take(TOP_COMPANIES)
        .map(|(label, count)| Bar {
            label,
            count,
            color,
        })
        .collect()
}

/// P(rejection) in bins of 0.05 from 0.50 (lower values go into the first bin), rejections and
/// "maybe" rows stacked: the maybe band shows as the other colour just below the threshold.
fn maybe_chart(rows: &[Row]) -> String {
    if rows.is_empty() {
        return svg::stacked("maybe", "P(rejection)", &[], &[]);
    }
    let mut columns: Vec<(String, Vec<u64>)> = (10..20)
        .map(|i| (format!("{:.2}", i as f32 * 0.05), vec![0, 0]))
        .collect();
    // Answers in the conversation are not on the P(rejection) scale of this chart.
    let band = |r: &&Row| matches!(r.status, Status::Rejection | Status::Maybe);
    for row in rows.iter().filter(band) {
        let bin = ((row.confidence.clamp(0.0, 1.0) * 20.0).floor() as usize).clamp(10, 19) - 10;
        let series = usize::from(row.status == Status::Maybe);
        columns[bin].1[series] += 1;
    }
    let series = [
        Series {
            name: "rejection".into(),
            color: REJECTION_COLOR,
        },
        Series {
            name: "maybe".into(),
            color: MAYBE_COLOR,
        },
    ];
    svg::stacked("maybe", "P(rejection)", &series, &columns)
}

fn table(h: &mut String, rows: &[Row]) {
    let reasons: Vec<&str> = Reason::ALL
        .iter()
        .map(|r| r.as_str())
        .filter(|r| rows.iter().any(|row| row.reason.as_deref() == Some(*r)))
        .collect();
    let _ = writeln!(
        h,
        "<section><h2>Every rejection</h2><div class=\"filters\">\
         <input id=\"q\" type=\"search\" placeholder=\"Filter: buyer, company, subject, evidence\u{2026}\" \
         aria-label=\"Filter the rows\">\
         <select id=\"f-reason\" aria-label=\"Reason\"><option value=\"\">every reason</option>{}</select>\
         <select id=\"f-status\" aria-label=\"Status\"><option value=\"\">every status</option>\
         <option value=\"rejection\">rejections</option><option value=\"maybe\">maybe</option>\
         <option value=\"permission_granted\">permission granted</option>\
         <option value=\"permission_declined\">permission declined</option>\
         <option value=\"buyer_answered\">buyer answered</option></select>\
         <span><span id=\"shown\">{}</span> of <span id=\"total\">{}</span> shown</span></div>",
        reasons
            .iter()
            .map(|r| format!("<option value=\"{r}\">{r}</option>"))
            .collect::<String>(),
        rows.len(),
        rows.len(),
    );
    // A report of several accounts (`draft --all-accounts`) says whose mailbox each row is from.
    let accounts = rows.iter().any(|r| r.account.is_some());
    h.push_str("<table id=\"rows\"><thead><tr><th data-key=\"date\" data-type=\"num\">Date</th>");
    if accounts {
        h.push_str("<th data-key=\"account\">Account</th>");
    }
    h.push_str(
        "<th data-key=\"buyer\">Buyer</th><th data-key=\"company\">Company</th>\
         <th data-key=\"subject\">Subject</th><th data-key=\"reason\">Reason</th>\
         <th data-key=\"status\">Status</th>\
         <th data-key=\"confidence\" data-type=\"num\">Confidence</th>\
         <th data-key=\"lang\">Lang</th><th data-key=\"evidence\">Evidence</th>\
         <th data-key=\"draft\">Draft</th></tr></thead><tbody>\n",
    );
    for row in rows {
        let reason = row.reason.as_deref().map(sanitize).unwrap_or_default();
        let status = row.status.as_str();
        let (date_sort, date_shown) = match row.date.as_deref() {
            Some(d) => (
                chrono::DateTime::parse_from_rfc3339(d)
                    .map(|t| t.timestamp().to_string())
                    .unwrap_or_else(|_| sanitize(d)),
                sanitize(d).chars().take(10).collect::<String>(),
            ),
            None => (String::new(), String::new()),
        };
        let account = if accounts {
            format!("<td>{}</td>", text(row.account.as_deref()))
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<tr class=\"{status}\" data-reason=\"{}\" data-status=\"{status}\">\
             <td data-sort=\"{}\" title=\"{}\">{}</td>{account}<td>{}<br><small>{}</small></td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{status}</td><td class=\"num\">{:.2}</td><td>{}</td>\
             <td>{}</td><td>{}</td></tr>",
            esc(&reason),
            esc(&date_sort),
            text(row.date.as_deref()),
            esc(&date_shown),
            text(row.buyer_name.as_deref()),
            text(row.email.as_deref()),
            text(row.company.as_deref()),
            text(row.subject.as_deref()),
            esc(&reason),
            row.confidence,
            text(row.language.as_deref()),
            text(row.evidence.as_deref()),
            draft_cell(row),
        );
    }
    h.push_str("</tbody></table></section>\n");
}

/// A link to the draft file, or the draft's text folded away, or nothing.
fn draft_cell(row: &Row) -> String {
    let mut cell = String::new();
    if let Some(path) = row.draft.as_deref().map(sanitize).filter(|p| !p.is_empty()) {
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let _ = write!(
            cell,
            "<a href=\"{}\" title=\"{}\">{}</a>",
            esc(&file_url(&path)),
            esc(&path),
            esc(&name)
        );
    }
    if let Some(body) = row.draft_text.as_deref() {
        let _ = write!(
            cell,
            "<details><summary>draft text</summary><pre>{}</pre></details>",
            esc(&sanitize_multiline(body))
        );
    }
    cell
}

/// A `file:` URL for a draft path (relative paths are taken from the current directory).
fn file_url(path: &str) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.into());
    let mut url = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            let _ = write!(url, "%{b:02X}");
        }
    }
    url
}

/// SHA-256 of `s` in base64, as a CSP source hash wants it.
fn sha256_base64(s: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digest = Sha256::digest(s.as_bytes());
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(subject: &str, evidence: &str, status: Status) -> Row {
        Row {
            date: Some("2025-06-02T08:14:00+02:00".into()),
            buyer_name: Some("Jane \"JD\" O'Brien".into()),
            email: Some("jane@acme.example".into()),
            company: Some("Acme & Sons".into()),
            subject: Some(subject.into()),
            reason: Some("price".into()),
            confidence: 0.97,
            evidence: Some(evidence.into()),
            draft: None,
            status,
            language: Some("en".into()),
            draft_text: Some("Hi Jane,\n</pre><script>alert(3)</script>\n".into()),
            account: None,
        }
    }

    #[test]
    fn mail_text_stays_text() {
        let rows = [
            row(
                "<script>alert(1)</script>",
                "We said no <img src=x onerror=alert(2)>",
                Status::Rejection,
            ),
            row("Re: \"quotes\" & 'apostrophes'", "x", Status::Maybe),
        ];
        let page = render(&Page {
            source: "<b>inbox</b>.mbox",
            summary: None,
            rows: &rows,
        });
        // The only script element is rebound's own.
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(!page.contains("<b>inbox"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assert!(page.contains("&lt;/pre&gt;&lt;script&gt;alert(3)"));
        assert!(page.contains("Jane &quot;JD&quot; O&#39;Brien"));
        assert!(page.contains("Acme &amp; Sons"));
    }

    #[test]
    fn the_page_loads_nothing_from_outside() {
        let page = render(&Page {
            source: "x",
            summary: None,
            rows: &[row("s", "e", Status::Rejection)],
        });
        // The only URL is the SVG namespace, which names and never loads.
        assert_eq!(
            page.matches("http:").count(),
            page.matches("http://www.w3.org/2000/svg\"").count(),
            "{page}"
        );
        assert!(!page.contains("https:"), "{page}");
        assert!(!page.contains(" src="), "{page}");
        assert!(!page.contains("<link"), "{page}");
        assert!(page.contains(&format!("script-src 'sha256-{}'", sha256_base64(SCRIPT))));
    }

    #[test]
    fn charts_and_rows_are_counted() {
        let mut rows = vec![row("a", "e", Status::Rejection); 3];
        rows[1].reason = Some("timing".into());
        rows[2].date = Some("2025-08-01T10:00:00Z".into());
        rows.push(Row {
            confidence: 0.7,
            reason: None,
            ..row("m", "e", Status::Maybe)
        });
        let page = render(&Page {
            source: "x",
            summary: None,
            rows: &rows,
        });
        assert!(page.contains("data-rejections=\"3\" data-maybe=\"1\""));
        assert_eq!(page.matches("<tr class=").count(), 4);
        assert!(page.contains("data-label=\"price\" data-count=\"2\""));
        // June to August, July empty but on the axis.
        for m in ["2025-06", "2025-07", "2025-08"] {
            assert!(page.contains(&format!("data-column=\"{m}\"")), "{m}");
        }
        assert!(page.contains("data-label=\"maybe\" data-count=\"1\""));
    }

    #[test]
    fn the_conversation_is_counted_apart_from_the_rejections() {
        let mut rows = vec![row("a", "e", Status::Rejection); 2];
        rows.push(row("b", "Sure, go ahead.", Status::PermissionGranted));
        rows.push(row("c", "No, thanks.", Status::PermissionDeclined));
        rows.push(row("d", "It was the price.", Status::BuyerAnswered));
        let mut summary = Summary::new();
        summary.permission_asked = 2;
        summary.questions_asked = 1;
        let page = render(&Page {
            source: "x",
            summary: Some(&summary),
            rows: &rows,
        });
        assert!(
            page.contains("data-rejections=\"2\" data-maybe=\"0\""),
            "{page}"
        );
        assert!(page.contains(
            "The conversation: 2 permission asked, 1 permission granted, 1 permission declined, \
             1 question asked, 1 buyer answered"
        ));
        // From a JSON lines file nothing says what was asked; the answers still show.
        let page = render(&Page {
            source: "x",
            summary: None,
            rows: &rows,
        });
        assert!(page.contains(
            "The conversation: 1 permission granted, 1 permission declined, 1 buyer answered"
        ));
        let none = render(&Page {
            source: "x",
            summary: None,
            rows: &rows[..2],
        });
        assert!(!none.contains("id=\"conversation\""));
    }

    #[test]
    fn rows_of_several_accounts_get_an_account_column() {
        let one = vec![row("a", "e", Status::Rejection)];
        let page = |rows: &[Row]| {
            render(&Page {
                source: "x",
                summary: None,
                rows,
            })
        };
        assert!(!page(&one).contains("data-key=\"account\""));
        let mut two = vec![row("a", "e", Status::Rejection); 2];
        two[0].account = Some("work".into());
        two[1].account = Some("<b>home</b>".into());
        let html = page(&two);
        assert!(html.contains("<th data-key=\"account\">Account</th>"));
        assert!(html.contains("<td>work</td>"), "{html}");
        assert!(html.contains("&lt;b&gt;home&lt;/b&gt;") && !html.contains("<b>home"));
    }

    #[test]
    fn a_stray_date_does_not_stretch_the_timeline() {
        let mut rows = vec![row("a", "e", Status::Rejection); 2];
        rows[0].date = Some("1970-01-01T00:00:00Z".into());
        rows.push(Row {
            date: Some("9999-12-01T00:00:00Z".into()),
            ..row("b", "e", Status::Rejection)
        });
        let page = render(&Page {
            source: "x",
            summary: None,
            rows: &rows,
        });
        let months = &page[page.find("data-chart=\"months\"").unwrap()..];
        let months = &months[..months.find("</svg>").unwrap()];
        assert_eq!(
            months.matches("<g data-column=").count(),
            3,
            "months with mail only"
        );
        assert!(page.contains("data-column=\"1970-01\""));
    }

    #[test]
    fn base64_of_sha256_matches_a_known_value() {
        // printf abc | sha256sum | xxd -r -p | base64
        assert_eq!(
            sha256_base64("abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn month_of_reads_rfc3339() {
        assert_eq!(month_of("2025-06-02T08:14:00+02:00"), Some((2025, 6)));
        assert_eq!(month_of("2025-13-02"), None);
        assert_eq!(month_of("garbage"), None);
    }

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        assert_eq!(file_url("/tmp/a b/c#d.eml"), "file:///tmp/a%20b/c%23d.eml");
    }
}
