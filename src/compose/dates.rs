//! Localized dates for templates: month and weekday names and the default attribution format
//! per shipped language (en, de, fr, es, nl, pt); other languages get English names.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Datelike, FixedOffset};

/// Month names, full and abbreviated, and weekday names (Monday first), full and abbreviated.
struct Names {
    months: [&'static str; 12],
    months_short: [&'static str; 12],
    days: [&'static str; 7],
    days_short: [&'static str; 7],
    /// The format `{{date x}}` uses without an explicit one.
    default_format: &'static str,
}

const EN: Names = Names {
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    days: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    days_short: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    default_format: "%a, %-d %b %Y at %H:%M",
};

const DE: Names = Names {
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    months_short: [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ],
    days: [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ],
    days_short: ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
    default_format: "%-d. %B %Y um %H:%M",
};

const FR: Names = Names {
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    months_short: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    days: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    days_short: ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
    default_format: "%-d %B %Y à %H:%M",
};

const ES: Names = Names {
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    months_short: [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
    days: [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
    days_short: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
    default_format: "%-d de %B de %Y a las %H:%M",
};

const NL: Names = Names {
    months: [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    months_short: [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ],
    days: [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ],
    days_short: ["ma", "di", "wo", "do", "vr", "za", "zo"],
    default_format: "%-d %B %Y om %H:%M",
};

const PT: Names = Names {
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    months_short: [
        "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
    ],
    days: [
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ],
    days_short: ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"],
    default_format: "%-d de %B de %Y, às %H:%M",
};

/// The languages with their own month names.
pub const LOCALIZED: [&str; 6] = ["en", "de", "fr", "es", "nl", "pt"];

/// Names for `lang` ("pt-BR" uses "pt"); English for languages rebound has no names for.
fn names(lang: &str) -> &'static Names {
    let base = lang.split(['-', '_']).next().unwrap_or_default();
    match base.to_ascii_lowercase().as_str() {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "nl" => &NL,
        "pt" => &PT,
        _ => &EN,
    }
}

/// The format `{{date x}}` uses in `lang` when the template gives none.
pub fn default_format(lang: &str) -> &'static str {
    names(lang).default_format
}

/// Why a date could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date format {0:?} (use strftime codes like %-d %B %Y)")]
pub struct BadFormat(pub String);

/// Format an RFC 3339 date with a strftime pattern, month and weekday names in `lang`.
///
/// "" stays ""; text that is not RFC 3339 passes through unchanged.
pub fn format(value: &str, pattern: &str, lang: &str) -> Result<String, BadFormat> {
    if value.trim().is_empty() {
        return Ok(String::new());
    }
    let Ok(date) = DateTime::parse_from_rfc3339(value.trim()) else {
        return Ok(value.to_string());
    };
    let localized = localize_pattern(pattern, &date, names(lang));
    let items: Vec<Item<'_>> = StrftimeItems::new(&localized).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return Err(BadFormat(pattern.to_string()));
    }
    let mut s = String::new();
    use std::fmt::Write as _;
    write!(s, "{}", date.format_with_items(items.into_iter()))
        .map_err(|_| BadFormat(pattern.to_string()))?;
    Ok(s)
}

/// Replace %B %b %h %A %a with the names of `date` in the language, leaving every other code to chrono.
fn localize_pattern(pattern: &str, date: &DateTime<FixedOffset>, n: &Names) -> String {
    let month = date.month0() as usize;
    let day = date.weekday().num_days_from_monday() as usize;
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let name = match chars.peek() {
            Some('B') => Some(n.months[month]),
            Some('b') | Some('h') => Some(n.months_short[month]),
            Some('A') => Some(n.days[day]),
            Some('a') => Some(n.days_short[day]),
            _ => None,
        };
        match name {
            Some(name) => {
                chars.next();
                // A literal '%' inside a name would be read as a code: escape it.
                out.push_str(&name.replace('%', "%%"));
            }
            None => {
                out.push('%');
                // Keep "%%" together so its second '%' does not start a code.
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "2026-11-03T16:05:00+01:00";

    #[test]
    fn long_dates_in_every_shipped_language() {
        let cases = [
            ("en", "%-d %B %Y", "3 November 2026"),
            ("de", "%-d. %B %Y", "3. November 2026"),
            ("fr", "%-d %B %Y", "3 novembre 2026"),
            ("es", "%-d de %B de %Y", "3 de noviembre de 2026"),
            ("nl", "%-d %B %Y", "3 november 2026"),
            ("pt", "%-d de %B de %Y", "3 de novembro de 2026"),
            ("pt-BR", "%-d de %B de %Y", "3 de novembro de 2026"),
            ("it", "%-d %B %Y", "3 November 2026"),
        ];
        for (lang, pattern, want) in cases {
            assert_eq!(format(D, pattern, lang).unwrap(), want, "{lang}");
        }
    }

    #[test]
    fn default_formats_name_the_weekday_and_time() {
        let want = [
            ("en", "Tue, 3 Nov 2026 at 16:05"),
            ("de", "3. November 2026 um 16:05"),
            ("fr", "3 novembre 2026 à 16:05"),
            ("es", "3 de noviembre de 2026 a las 16:05"),
            ("nl", "3 november 2026 om 16:05"),
            ("pt", "3 de novembro de 2026, às 16:05"),
        ];
        for (lang, w) in want {
            assert_eq!(format(D, default_format(lang), lang).unwrap(), w, "{lang}");
        }
    }

    #[test]
    fn short_names_weekdays_and_escapes() {
        assert_eq!(format(D, "%a %-d %b", "de").unwrap(), "Di. 3 Nov.");
        assert_eq!(format(D, "%A", "pt").unwrap(), "terça-feira");
        assert_eq!(format(D, "%A %h", "es").unwrap(), "martes nov");
        assert_eq!(format(D, "100%% %B", "fr").unwrap(), "100% novembre");
        assert_eq!(format(D, "%%B", "fr").unwrap(), "%B");
        assert_eq!(format("2026-03-01T09:00:00Z", "%B", "de").unwrap(), "März");
        assert!(format(D, "%Q", "de").is_err());
        assert_eq!(format("", "%B", "de").unwrap(), "");
        assert_eq!(format("gestern", "%B", "de").unwrap(), "gestern");
    }
}
