//! Deterministic generator of a synthetic sales inbox (seeded, no network) for the benchmarks.
//! Shared by `examples/gen_inbox.rs` and the criterion benches via `#[path]`; never part of the binary.
//!
//! Mix per 1,000 messages (drawn per message, so any N streams in constant memory):
//! 30 buyer rejections (six languages, several wordings per reason), 300 human replies in threads
//! (questions, scheduling, acceptances, referrals, unsubscribe requests), 150 new human messages,
//! 250 newsletters (List-Unsubscribe, mostly HTML), 180 notifications (no-reply, often base64),
//! 60 auto-replies, 30 bounces. About 10% carry one attachment of 50 KB–2 MB (log-uniform size).
//! Replies quote their history Gmail-style (`> ` lines, localized attribution) or Outlook-style
//! (`-----Original Message-----` header block, or the HTML `divRplyFwdMsg` form). All wording here
//! was written for this generator.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// A small, fast, seedable PRNG (SplitMix64): good enough for test data, no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What a generated message is (the ground truth of the mix, for grouping benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A buyer declining, in the reply's new text.
    Rejection,
    /// A human reply in a sales thread that is not a rejection.
    Reply,
    /// A new human message (no quoted history).
    Fresh,
    /// Newsletter or marketing mail with List-Unsubscribe.
    Newsletter,
    /// Machine notification from a no-reply sender.
    Notification,
    /// Out-of-office / vacation reply.
    AutoReply,
    /// Delivery status notification.
    Bounce,
}

impl Kind {
    /// Short lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Rejection => "rejection",
            Kind::Reply => "reply",
            Kind::Fresh => "fresh",
            Kind::Newsletter => "newsletter",
            Kind::Notification => "notification",
            Kind::AutoReply => "auto_reply",
            Kind::Bounce => "bounce",
        }
    }
}

/// Generator options.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Seed of the whole corpus; message `i` depends only on (seed, i).
    pub seed: u64,
    /// Include the ~10% attachments (off for in-memory micro-benchmarks).
    pub attachments: bool,
    /// Attachments of 5–100 KB instead of 50 KB–2 MB (the text-heavy inbox of issue 13).
    pub small_attachments: bool,
    /// Mail as long as real mail is: Outlook-styled HTML, threads quoting several earlier
    /// messages, long newsletters and HTML notifications (~25 KB a message instead of ~4 KB).
    /// Off, the corpus is byte for byte what it was before the option existed.
    pub text_heavy: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 42,
            attachments: true,
            small_attachments: false,
            text_heavy: false,
        }
    }
}

/// One generated message with its ground truth.
#[derive(Debug, Clone)]
pub struct Generated {
    /// What it is.
    pub kind: Kind,
    /// Language the human part was written in.
    pub lang: &'static str,
    /// Seconds since the Unix epoch of its Date header (increasing with the index).
    pub timestamp: i64,
    /// The RFC 5322 bytes, LF line endings.
    pub bytes: Vec<u8>,
}

/// Languages with their share of human mail (per 100).
const LANGS: [(&str, u64); 6] = [
    ("en", 55),
    ("de", 12),
    ("fr", 10),
    ("es", 10),
    ("nl", 7),
    ("pt", 6),
];

/// Every language the generator writes.
pub const LANGUAGES: [&str; 6] = ["en", "de", "fr", "es", "nl", "pt"];

/// 2024-01-08T08:00:00Z; each message is ~20 minutes after the previous one.
const START: i64 = 1_704_700_800;

/// Generate message `index` of the corpus.
pub fn message(opts: &Options, index: u64) -> Generated {
    let mut rng = Rng::new(opts.seed.wrapping_mul(0x1000_0000_01B3) ^ index);
    let timestamp = START + index as i64 * 1200 + rng.below(600) as i64;
    let roll = rng.below(1000);
    let kind = match roll {
        0..=29 => Kind::Rejection,
        30..=329 => Kind::Reply,
        330..=479 => Kind::Fresh,
        480..=729 => Kind::Newsletter,
        730..=909 => Kind::Notification,
        910..=969 => Kind::AutoReply,
        _ => Kind::Bounce,
    };
    let lang = pick_lang(&mut rng);
    let mut b = Builder::new(&mut rng, opts, index, timestamp, lang);
    match kind {
        Kind::Rejection => b.human(HumanKind::Rejection),
        Kind::Reply => b.human(HumanKind::Reply),
        Kind::Fresh => b.human(HumanKind::Fresh),
        Kind::Newsletter => b.newsletter(),
        Kind::Notification => b.notification(),
        Kind::AutoReply => b.auto_reply(),
        Kind::Bounce => b.bounce(),
    }
    Generated {
        kind,
        lang,
        timestamp,
        bytes: b.out.into_bytes(),
    }
}

fn pick_lang(rng: &mut Rng) -> &'static str {
    let mut r = rng.below(100);
    for (lang, share) in LANGS {
        if r < share {
            return lang;
        }
        r -= share;
    }
    "en"
}

/// Summary of a written corpus.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Messages written.
    pub messages: u64,
    /// Bytes of message data written (without mbox separators).
    pub bytes: u64,
    /// Messages with an attachment.
    pub with_attachment: u64,
    /// Count per kind, in [`Kind`] order.
    pub per_kind: [u64; 7],
}

impl Stats {
    fn add(&mut self, g: &Generated) {
        self.messages += 1;
        self.bytes += g.bytes.len() as u64;
        if memfind(&g.bytes, b"Content-Disposition: attachment") {
            self.with_attachment += 1;
        }
        self.per_kind[g.kind as usize] += 1;
    }
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Write `n` messages as one mbox (mboxrd quoting) to `out`.
pub fn write_mbox(out: impl Write, opts: &Options, n: u64) -> io::Result<Stats> {
    let mut w = io::BufWriter::with_capacity(1 << 20, out);
    let mut stats = Stats::default();
    for i in 0..n {
        let g = message(opts, i);
        let date = format_ctime(g.timestamp);
        writeln!(w, "From sender{i}@generated.example {date}")?;
        let mut at_line_start = true;
        let mut rest: &[u8] = &g.bytes;
        while !rest.is_empty() {
            let end = rest
                .iter()
                .position(|&c| c == b'\n')
                .map_or(rest.len(), |p| p + 1);
            let line = &rest[..end];
            if at_line_start {
                let q = line.iter().take_while(|&&c| c == b'>').count();
                if line[q..].starts_with(b"From ") {
                    w.write_all(b">")?;
                }
            }
            w.write_all(line)?;
            at_line_start = line.ends_with(b"\n");
            rest = &rest[end..];
        }
        if !g.bytes.ends_with(b"\n") {
            w.write_all(b"\n")?;
        }
        w.write_all(b"\n")?;
        stats.add(&g);
    }
    w.flush()?;
    Ok(stats)
}

/// Write `n` messages into a Maildir (`cur/`, `new/`, `tmp/`; files in `cur/` with `:2,S`).
pub fn write_maildir(dir: &Path, opts: &Options, n: u64) -> io::Result<Stats> {
    for sub in ["cur", "new", "tmp"] {
        fs::create_dir_all(dir.join(sub))?;
    }
    let mut stats = Stats::default();
    for i in 0..n {
        let g = message(opts, i);
        let name = format!(
            "{}.M{:06}P1.generated,S={}:2,S",
            g.timestamp,
            i,
            g.bytes.len()
        );
        fs::write(dir.join("cur").join(name), &g.bytes)?;
        stats.add(&g);
    }
    Ok(stats)
}

// ---------------------------------------------------------------------------------------------
// Dates

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month 1..=12, day, hour, minute, second, weekday index into WEEKDAYS).
fn civil(ts: i64) -> (i64, u32, u32, u32, u32, u32, usize) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Howard Hinnant's days-from-civil inverse.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        (secs % 3600 / 60) as u32,
        (secs % 60) as u32,
        days.rem_euclid(7) as usize,
    )
}

fn format_rfc2822(ts: i64, offset_hours: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = civil(ts + offset_hours * 3600);
    let sign = if offset_hours < 0 { '-' } else { '+' };
    format!(
        "{}, {} {} {} {:02}:{:02}:{:02} {}{:02}00",
        WEEKDAYS[wd],
        d,
        MONTHS[m as usize - 1],
        y,
        hh,
        mm,
        ss,
        sign,
        offset_hours.abs()
    )
}

fn format_ctime(ts: i64) -> String {
    let (y, m, d, hh, mm, ss, wd) = civil(ts);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}",
        WEEKDAYS[wd],
        MONTHS[m as usize - 1],
        d,
        hh,
        mm,
        ss,
        y
    )
}

// ---------------------------------------------------------------------------------------------
// Encodings

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 with 76-character lines, LF line ends.
pub fn base64_lines(data: &[u8], out: &mut String) {
    let mut line = 0;
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63] as char
        } else {
            '='
        });
        line += 4;
        if line == 76 {
            out.push('\n');
            line = 0;
        }
    }
    if line > 0 {
        out.push('\n');
    }
}

/// Quoted-printable (soft breaks at 76), for UTF-8 text.
fn quoted_printable(text: &str, out: &mut String) {
    for src_line in text.split('\n') {
        let mut col = 0;
        for &b in src_line.as_bytes() {
            let enc = b == b'=' || !(b == b' ' || b.is_ascii_graphic());
            let w = if enc { 3 } else { 1 };
            if col + w > 75 {
                out.push_str("=\n");
                col = 0;
            }
            if enc {
                let _ = write!(out, "={b:02X}");
            } else {
                out.push(b as char);
            }
            col += w;
        }
        out.push('\n');
    }
}

/// RFC 2047 B-encoding of a header value when it is not ASCII.
fn encode_word(value: &str, out: &mut String) {
    if value.is_ascii() {
        out.push_str(value);
        return;
    }
    out.push_str("=?UTF-8?B?");
    let mut tmp = String::new();
    base64_lines(value.as_bytes(), &mut tmp);
    out.push_str(tmp.trim_end().replace('\n', "").as_str());
    out.push_str("?=");
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

// ---------------------------------------------------------------------------------------------
// Wording (written for this generator)

const FIRST_NAMES: [&str; 24] = [
    "Maren", "Tobias", "Ines", "Rafael", "Sanne", "Joost", "Camille", "Hugo", "Lucía", "Mateo",
    "Beatriz", "Tiago", "Priya", "Owen", "Hannah", "Felix", "Chloé", "Bram", "Nora", "Diego",
    "Greta", "Amara", "Yusuf", "Elena",
];
const LAST_NAMES: [&str; 20] = [
    "Okafor",
    "Lindqvist",
    "Brandt",
    "Moreau",
    "Vermeulen",
    "Castro",
    "Ferreira",
    "Novak",
    "Hughes",
    "Delacroix",
    "Jansen",
    "Ortega",
    "Almeida",
    "Schäfer",
    "Bennett",
    "Kowalski",
    "Dubois",
    "Ramos",
    "de Wit",
    "Fischer",
];
const COMPANIES: [(&str, &str); 16] = [
    ("Northwind Freight", "northwind-freight.example"),
    ("Blauwe Haven BV", "blauwehaven.example"),
    ("Kessler Maschinenbau", "kessler-mb.example"),
    ("Atelier Lumière", "atelier-lumiere.example"),
    ("Grupo Sierra Alta", "sierraalta.example"),
    ("Porto Digital Lda", "portodigital.example"),
    ("Quillfeather Media", "quillfeather.example"),
    ("Tannery Row Foods", "tanneryrow.example"),
    ("Helix Biolabs", "helixbio.example"),
    ("Ridgeway Logistics", "ridgeway.example"),
    ("Sonnenfeld Energie", "sonnenfeld.example"),
    ("Maison Verte", "maisonverte.example"),
    ("Costa Brava Hoteles", "costabrava-hoteles.example"),
    ("Zeeland Agritech", "zeeland-agri.example"),
    ("Lumen Analytics", "lumen-analytics.example"),
    ("Oakhurst Dental Group", "oakhurst.example"),
];
const PRODUCTS: [&str; 6] = [
    "route planning platform",
    "fleet telematics package",
    "analytics workspace",
    "onboarding service",
    "customer portal",
    "inventory module",
];
const SELLER_NAME: &str = "Alex Seller";
const SELLER_EMAIL: &str = "alex@seller.example";

/// Per-language wording for the human messages.
struct Lexicon {
    greet: &'static [&'static str],
    thanks: &'static [&'static str],
    /// Decline sentences grouped by reason: price, timing, competitor, no_need, no_decision, bare.
    decline: [&'static [&'static str]; 6],
    /// Neutral/positive reply sentences (not rejections).
    reply: &'static [&'static str],
    /// Fresh-message sentences.
    fresh: &'static [&'static str],
    closing: &'static [&'static str],
    /// Gmail-style attribution, `{date}` and `{who}` replaced.
    attribution: &'static str,
    /// Outlook header block labels: From, Sent, To, Subject.
    outlook: [&'static str; 4],
    reply_prefix: &'static str,
    auto_subject: &'static str,
    auto_body: &'static [&'static str],
}

const EN: Lexicon = Lexicon {
    greet: &["Hi {name},", "Hello {name},", "Dear {name},", "{name},", "Hey {name} -"],
    thanks: &[
        "Thanks for walking us through the proposal last week.",
        "Appreciate you following up so quickly.",
        "Thank you for the time your team put into the pilot.",
        "Sorry for the slow reply, it has been a hectic month here.",
    ],
    decline: [
        &[
            "We ran the numbers again and the cost is simply beyond what we can spend this year.",
            "Our finance lead could not sign off on a budget of that size, so we are not moving ahead.",
            "At that price point it does not work for us, and we have decided to pass.",
        ],
        &[
            "We are putting this project on ice until the reorganisation settles, so it is a no for now.",
            "The timing is wrong for us; we will not be starting anything new before next spring.",
            "We have decided to park this and may come back to it next year.",
        ],
        &[
            "After comparing the shortlist we went with another vendor whose tooling our ops team already knows.",
            "We signed with a different provider last Friday, so we will not continue with your offer.",
            "The committee selected a competing solution, so we are closing this out on our side.",
        ],
        &[
            "Having looked at it closely, it is not a fit for how our team actually works.",
            "We realised we do not need this after all; our current process covers it.",
            "It does not match what we are looking for, so we are going to decline.",
        ],
        &[
            "We are going to stay with our current setup and not make a change this cycle.",
            "Leadership decided to keep things as they are, so we will not be going forward.",
            "We will keep handling this in-house and are not pursuing an outside tool.",
        ],
        &[
            "We have decided not to go ahead with the proposal.",
            "I am afraid we will not be moving forward with this one.",
            "After some internal discussion, the answer is no.",
        ],
    ],
    reply: &[
        "Could you send over the updated pricing sheet with the annual option?",
        "Tuesday at 3pm works for the follow-up call, please send an invite.",
        "Good news: legal approved the contract and we are happy to proceed.",
        "I am not the right person for this, please talk to my colleague in procurement.",
        "Can you confirm whether the integration supports single sign-on?",
        "Please take me off this mailing list, I no longer handle vendor evaluations.",
        "The demo went down well with the team, can we get a trial account set up?",
        "Quick question on the rollout plan: how many weeks does onboarding usually take?",
        "We would like to go ahead with the starter tier, what are the next steps?",
        "Can we move Thursday's meeting to next week? Something came up.",
    ],
    fresh: &[
        "I came across your team at the logistics fair and wanted to learn more about the product.",
        "Attached is the security questionnaire our IT department asked me to forward.",
        "Reminder that the quarterly review is on the calendar for Monday morning.",
        "Our invoice for March seems to list two licences too many, could you check?",
        "Could you share a case study from a company of our size?",
        "Following up on the workshop: here are the notes I took during the session.",
    ],
    closing: &["Best regards,", "Thanks,", "Kind regards,", "Cheers,", "All the best,"],
    attribution: "On {date}, {who} wrote:",
    outlook: ["From:", "Sent:", "To:", "Subject:"],
    reply_prefix: "Re:",
    auto_subject: "Automatic reply:",
    auto_body: &[
        "I am out of the office until the 14th with limited access to email.",
        "For urgent matters please contact our front desk.",
        "I will respond to your message when I am back.",
    ],
};

const DE: Lexicon = Lexicon {
    greet: &["Hallo {name},", "Guten Tag {name},", "Liebe/r {name},", "Servus {name},"],
    thanks: &[
        "Vielen Dank für die ausführliche Präsentation letzte Woche.",
        "Danke für Ihre schnelle Rückmeldung.",
        "Entschuldigen Sie die späte Antwort, hier war viel los.",
    ],
    decline: [
        &[
            "Der Preis liegt leider deutlich über unserem Budget, deshalb machen wir nicht weiter.",
            "Unsere Geschäftsführung hat das Budget dafür gestrichen.",
        ],
        &[
            "Wir haben das Projekt auf Eis gelegt und kommen frühestens nächstes Jahr darauf zurück.",
            "Der Zeitpunkt passt im Moment überhaupt nicht, daher sagen wir vorerst ab.",
        ],
        &[
            "Wir haben uns für einen anderen Anbieter entschieden.",
            "Den Zuschlag hat ein Wettbewerber bekommen, mit dem wir schon länger arbeiten.",
        ],
        &[
            "Nach genauer Prüfung passt die Lösung nicht zu unseren Anforderungen.",
            "Wir haben festgestellt, dass wir so etwas derzeit nicht benötigen.",
        ],
        &[
            "Wir bleiben vorerst bei unserer bestehenden Lösung.",
            "Intern wurde entschieden, alles beim Alten zu lassen.",
        ],
        &[
            "Wir haben uns entschieden, das Angebot nicht weiter zu verfolgen.",
            "Leider müssen wir Ihnen eine Absage erteilen.",
        ],
    ],
    reply: &[
        "Könnten Sie mir die aktualisierte Preisliste schicken?",
        "Der Termin am Donnerstag um 10 Uhr passt uns gut.",
        "Die Rechtsabteilung hat den Vertrag freigegeben, wir können starten.",
        "Dafür bin ich nicht zuständig, bitte wenden Sie sich an meine Kollegin im Einkauf.",
        "Bitte nehmen Sie mich aus Ihrem Verteiler.",
        "Gibt es eine Testversion, die wir zwei Wochen nutzen können?",
    ],
    fresh: &[
        "anbei der ausgefüllte Fragebogen zur Datensicherheit.",
        "wir planen ein Treffen im Mai und würden Sie gerne dazu einladen.",
        "können Sie mir sagen, ob die Schnittstelle auch mit SAP funktioniert?",
    ],
    closing: &["Viele Grüße,", "Mit freundlichen Grüßen,", "Beste Grüße,"],
    attribution: "Am {date} schrieb {who}:",
    outlook: ["Von:", "Gesendet:", "An:", "Betreff:"],
    reply_prefix: "AW:",
    auto_subject: "Abwesenheitsnotiz:",
    auto_body: &[
        "Ich bin bis einschließlich 14. nicht im Büro.",
        "Ihre E-Mail wird nicht weitergeleitet.",
        "In dringenden Fällen wenden Sie sich bitte an die Zentrale.",
    ],
};

const FR: Lexicon = Lexicon {
    greet: &["Bonjour {name},", "Cher {name},", "Salut {name},"],
    thanks: &[
        "Merci pour la démonstration de la semaine dernière.",
        "Merci de votre relance.",
        "Désolé pour ce retour tardif.",
    ],
    decline: [
        &[
            "Le tarif proposé dépasse largement notre enveloppe, nous n'allons donc pas donner suite.",
            "Notre budget a été réduit et nous ne pouvons pas engager cette dépense.",
        ],
        &[
            "Ce n'est pas le bon moment pour nous, nous reverrons la question l'an prochain.",
            "Le projet est suspendu jusqu'à nouvel ordre.",
        ],
        &[
            "Nous avons retenu un autre prestataire.",
            "Le comité a choisi une solution concurrente.",
        ],
        &[
            "Après analyse, votre offre ne correspond pas à nos besoins.",
            "Nous n'avons finalement pas l'usage d'un tel outil.",
        ],
        &[
            "Nous préférons conserver notre organisation actuelle.",
            "La direction a décidé de ne rien changer pour le moment.",
        ],
        &[
            "Nous avons décidé de ne pas donner suite à votre proposition.",
            "Malheureusement, notre réponse est négative.",
        ],
    ],
    reply: &[
        "Pourriez-vous m'envoyer la grille tarifaire mise à jour ?",
        "Jeudi à 14h me convient pour l'appel.",
        "Bonne nouvelle : le contrat est signé, nous pouvons démarrer.",
        "Je ne suis pas la bonne personne, voyez plutôt avec notre service achats.",
        "Merci de me retirer de votre liste de diffusion.",
    ],
    fresh: &[
        "je vous transmets le cahier des charges de notre projet.",
        "pouvez-vous nous proposer une date pour un atelier en juin ?",
    ],
    closing: &["Cordialement,", "Bien à vous,", "Bonne journée,"],
    attribution: "Le {date}, {who} a écrit :",
    outlook: ["De :", "Envoyé :", "À :", "Objet :"],
    reply_prefix: "RE :",
    auto_subject: "Réponse automatique :",
    auto_body: &[
        "Je suis absent du bureau jusqu'au 14 inclus.",
        "Pour toute urgence, merci de contacter l'accueil.",
    ],
};

const ES: Lexicon = Lexicon {
    greet: &["Hola {name},", "Estimado {name}:", "Buenos días {name},"],
    thanks: &[
        "Gracias por la presentación de la semana pasada.",
        "Disculpa la demora en responder.",
    ],
    decline: [
        &[
            "El coste supera con creces nuestro presupuesto, así que no seguiremos adelante.",
            "Nos han recortado el presupuesto y no podemos asumir esta inversión.",
        ],
        &[
            "Ahora mismo no es el momento, lo retomaremos el año que viene.",
            "Hemos congelado el proyecto hasta después del verano.",
        ],
        &[
            "Finalmente nos hemos decantado por otro proveedor.",
            "La dirección eligió una solución de la competencia.",
        ],
        &[
            "Tras revisarlo con el equipo, no encaja con lo que necesitamos.",
            "Hemos visto que en realidad no nos hace falta.",
        ],
        &[
            "Vamos a mantener nuestro sistema actual por ahora.",
            "Se decidió no cambiar nada este año.",
        ],
        &[
            "Hemos decidido no continuar con la propuesta.",
            "Lamentablemente, la respuesta es que no.",
        ],
    ],
    reply: &[
        "¿Podrías enviarme la tarifa actualizada?",
        "El jueves a las 11 me va bien para la llamada.",
        "Buenas noticias: aprobaron el contrato y queremos empezar.",
        "No soy la persona adecuada, habla mejor con el departamento de compras.",
        "Por favor, dadme de baja de esta lista.",
    ],
    fresh: &[
        "te adjunto el pliego de condiciones del proyecto.",
        "¿tenéis disponibilidad para una reunión en mayo?",
    ],
    closing: &["Saludos,", "Un saludo,", "Atentamente,"],
    attribution: "El {date}, {who} escribió:",
    outlook: ["De:", "Enviado:", "Para:", "Asunto:"],
    reply_prefix: "RE:",
    auto_subject: "Respuesta automática:",
    auto_body: &[
        "Estoy fuera de la oficina hasta el día 14.",
        "Para asuntos urgentes, contacte con recepción.",
    ],
};

const NL: Lexicon = Lexicon {
    greet: &["Hoi {name},", "Beste {name},", "Goedemiddag {name},"],
    thanks: &[
        "Bedankt voor de demo van vorige week.",
        "Sorry voor de late reactie.",
    ],
    decline: [
        &[
            "De prijs past helaas niet binnen ons budget, dus we gaan niet verder.",
            "Ons budget is geschrapt voor dit jaar.",
        ],
        &[
            "Het komt nu niet goed uit; we kijken er volgend jaar misschien weer naar.",
            "We hebben het project voorlopig in de ijskast gezet.",
        ],
        &[
            "We hebben voor een andere leverancier gekozen.",
            "De opdracht is gegund aan een concurrent.",
        ],
        &[
            "Na een goede blik sluit het niet aan bij wat we zoeken.",
            "We hebben het eigenlijk niet nodig.",
        ],
        &[
            "We blijven voorlopig bij onze huidige oplossing.",
            "Intern is besloten om niets te veranderen.",
        ],
        &[
            "We hebben besloten om niet verder te gaan met het voorstel.",
            "Helaas is het antwoord nee.",
        ],
    ],
    reply: &[
        "Kun je de nieuwe prijslijst sturen?",
        "Donderdag om 14.00 uur past prima voor het gesprek.",
        "Het contract is getekend, we kunnen van start.",
        "Ik ben niet de juiste persoon, neem contact op met inkoop.",
        "Graag uitschrijven van deze lijst.",
    ],
    fresh: &[
        "in de bijlage vind je onze eisen voor de koppeling.",
        "zullen we in mei een werksessie plannen?",
    ],
    closing: &["Groet,", "Met vriendelijke groet,", "Groetjes,"],
    attribution: "Op {date} schreef {who}:",
    outlook: ["Van:", "Verzonden:", "Aan:", "Onderwerp:"],
    reply_prefix: "Antw:",
    auto_subject: "Automatisch antwoord:",
    auto_body: &[
        "Ik ben afwezig tot en met de 14e.",
        "Voor dringende zaken kunt u de receptie bellen.",
    ],
};

const PT: Lexicon = Lexicon {
    greet: &["Olá {name},", "Bom dia {name},", "Caro {name},"],
    thanks: &[
        "Obrigado pela apresentação da semana passada.",
        "Desculpe a demora na resposta.",
    ],
    decline: [
        &[
            "O valor ficou muito acima do nosso orçamento, por isso não vamos avançar.",
            "O orçamento para este projeto foi cortado.",
        ],
        &[
            "Agora não é o momento certo; talvez no próximo ano.",
            "O projeto foi adiado sem data definida.",
        ],
        &[
            "Optámos por outro fornecedor.",
            "A direção escolheu uma solução concorrente.",
        ],
        &[
            "Depois de analisar, a solução não se adequa às nossas necessidades.",
            "Percebemos que não precisamos disto neste momento.",
        ],
        &[
            "Vamos manter o sistema que já temos.",
            "Foi decidido não mudar nada por agora.",
        ],
        &[
            "Decidimos não seguir em frente com a proposta.",
            "Infelizmente a resposta é não.",
        ],
    ],
    reply: &[
        "Pode enviar a tabela de preços atualizada?",
        "Quinta às 10h funciona para a chamada.",
        "O contrato foi aprovado, podemos começar.",
        "Não sou a pessoa certa, fale com o departamento de compras.",
        "Por favor retire-me desta lista.",
    ],
    fresh: &[
        "segue em anexo o caderno de encargos.",
        "podemos marcar uma reunião em maio?",
    ],
    closing: &["Cumprimentos,", "Abraço,", "Atenciosamente,"],
    attribution: "Em {date}, {who} escreveu:",
    outlook: ["De:", "Enviado:", "Para:", "Assunto:"],
    reply_prefix: "RE:",
    auto_subject: "Resposta automática:",
    auto_body: &[
        "Estou fora do escritório até dia 14.",
        "Para assuntos urgentes contacte a receção.",
    ],
};

fn lexicon(lang: &str) -> &'static Lexicon {
    match lang {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "nl" => &NL,
        "pt" => &PT,
        _ => &EN,
    }
}

/// The seller's pitch that replies quote (English: the seller writes in English).
const PITCH: [&str; 5] = [
    "Following up on our call: attached is the proposal for the {product}, including the\n\
     implementation timeline and the three pricing tiers we discussed.",
    "As promised, here is a summary of how the {product} would fit into your current workflow,\n\
     with a rough estimate of the time your team would save each month.",
    "I wanted to check in on the proposal for the {product}. Happy to answer any questions or\n\
     set up a call with one of our engineers if that helps.",
    "Our pilot results are in: the {product} handled the full test load without issues.\n\
     I have put the numbers in a short one-pager for your leadership team.",
    "Just circling back on the {product} quote from last month. The pricing is valid until the\n\
     end of the quarter.",
];

const SUBJECTS: [&str; 6] = [
    "Proposal: {product}",
    "{company} x Seller Inc. – next steps",
    "Pricing for the {product}",
    "Pilot results and rollout plan",
    "Follow-up from our call",
    "Quote #{n} for {company}",
];

const NEWSLETTER_TOPICS: [&str; 8] = [
    "Five ways to shorten your onboarding",
    "This week in supply chain",
    "Webinar: forecasting demand with less data",
    "Product update: new dashboards are live",
    "The quarterly benchmark report is here",
    "Last chance: early-bird tickets end Friday",
    "Customer story: how a regional grocer cut waste",
    "Your monthly digest",
];

const NEWSLETTER_SENDERS: [(&str, &str); 6] = [
    ("Freight Weekly", "news@freightweekly.example"),
    ("SaaS Insider", "hello@saasinsider.example"),
    ("Conference Team", "events@bigexpo.example"),
    ("Lumen Blog", "blog@lumen-analytics.example"),
    ("Market Pulse", "digest@marketpulse.example"),
    ("DevTools Monthly", "monthly@devtools.example"),
];

const NEWSLETTER_LINES: [&str; 10] = [
    "Our editors picked the stories that mattered most to operations leaders this week.",
    "Registration is open and seats are limited, so save your spot today.",
    "Teams that automated their reporting saved an average of six hours per week.",
    "The webinar on the 12th has been moved; the live session will not take place as planned, a recording follows.",
    "New in the dashboard: filters that remember your last view and faster exports.",
    "We surveyed 400 buyers about how they evaluate vendors. Here is what we learned.",
    "Read the full interview with the head of procurement at a mid-sized manufacturer.",
    "Tip of the week: schedule your reports to arrive before your Monday stand-up.",
    "Join 12,000 professionals who get this digest every month.",
    "Prices for the annual plan change next month; current subscribers keep their rate.",
];

const NOTIFICATIONS: [(&str, &str, &str); 6] = [
    (
        "Calendar",
        "calendar-notification@calendar.example",
        "Invitation: Pipeline review @ Wed 10:00 - 10:30",
    ),
    (
        "CRM Alerts",
        "no-reply@crm.example",
        "Deal stage changed: {company}",
    ),
    (
        "Billing",
        "noreply@billing.example",
        "Your receipt for invoice #{n}",
    ),
    (
        "Shared Drive",
        "drive-shares-noreply@drive.example",
        "Document shared with you: {company} proposal",
    ),
    (
        "Support Desk",
        "support@helpdesk.example",
        "[Ticket #{n}] Your request has been received",
    ),
    (
        "Security",
        "no-reply@accounts.example",
        "New sign-in to your account",
    ),
];

// ---------------------------------------------------------------------------------------------
// Builder

#[derive(Clone, Copy)]
enum HumanKind {
    Rejection,
    Reply,
    Fresh,
}

struct Person {
    first: &'static str,
    last: &'static str,
    company: &'static str,
    domain: &'static str,
}

impl Person {
    fn email(&self) -> String {
        let last: String = self
            .last
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_lowercase();
        let first: String = self
            .first
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_lowercase();
        format!("{first}.{last}@{}", self.domain)
    }

    fn display(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

struct Builder<'a> {
    rng: &'a mut Rng,
    opts: &'a Options,
    index: u64,
    ts: i64,
    lang: &'static str,
    out: String,
}

impl<'a> Builder<'a> {
    fn new(
        rng: &'a mut Rng,
        opts: &'a Options,
        index: u64,
        ts: i64,
        lang: &'static str,
    ) -> Builder<'a> {
        Builder {
            rng,
            opts,
            index,
            ts,
            lang,
            out: String::with_capacity(8 * 1024),
        }
    }

    fn person(&mut self) -> Person {
        let (company, domain) = *self.rng.pick(&COMPANIES);
        Person {
            first: self.rng.pick::<&str>(&FIRST_NAMES),
            last: self.rng.pick::<&str>(&LAST_NAMES),
            company,
            domain,
        }
    }

    fn fill(&mut self, template: &str, p: &Person, product: &str) -> String {
        template
            .replace("{name}", p.first)
            .replace("{company}", p.company)
            .replace("{product}", product)
            .replace("{n}", &(10_000 + self.index % 90_000).to_string())
    }

    fn header(&mut self, name: &str, value: &str) {
        self.out.push_str(name);
        self.out.push_str(": ");
        encode_word(value, &mut self.out);
        self.out.push('\n');
    }

    fn address(&mut self, name: &str, display: &str, email: &str) {
        self.out.push_str(name);
        self.out.push_str(": ");
        if display.is_ascii() {
            let _ = write!(self.out, "\"{display}\" <{email}>");
        } else {
            encode_word(display, &mut self.out);
            let _ = write!(self.out, " <{email}>");
        }
        self.out.push('\n');
    }

    fn received(&mut self, domain: &str) {
        let hops = 1 + self.rng.below(3);
        for h in 0..hops {
            let date = format_rfc2822(self.ts - h as i64 * 2, 0);
            let _ = writeln!(
                self.out,
                "Received: from mx{}.{domain} (mx{}.{domain} [192.0.2.{}])\n\tby mail.seller.example with ESMTPS id {:016x}\n\tfor <{SELLER_EMAIL}>; {date}",
                h + 1,
                h + 1,
                1 + self.rng.below(250),
                self.rng.next_u64()
            );
        }
        let _ = writeln!(
            self.out,
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=sel1;\n\th=from:to:subject:date:message-id; bh={:016x}{:016x}=;\n\tb={:016x}{:016x}{:016x}{:016x}",
            self.rng.next_u64(),
            self.rng.next_u64(),
            self.rng.next_u64(),
            self.rng.next_u64(),
            self.rng.next_u64(),
            self.rng.next_u64()
        );
    }

    fn common(&mut self, domain: &str) {
        let _ = writeln!(self.out, "Date: {}", format_rfc2822(self.ts, 1));
        let _ = writeln!(
            self.out,
            "Message-ID: <{:x}.{}@{domain}>",
            self.rng.next_u64(),
            self.index
        );
        self.out.push_str("MIME-Version: 1.0\n");
    }

    /// Human text: new part, and the history it quotes when it is a reply.
    fn human(&mut self, hk: HumanKind) {
        let lex = lexicon(self.lang);
        let buyer = self.person();
        let product = *self.rng.pick(&PRODUCTS);
        let mut text = String::new();
        let greet = self.rng.pick(lex.greet).to_string();
        let greet = greet.replace("{name}", "Alex");
        text.push_str(&greet);
        text.push_str("\n\n");
        let mut sentences: Vec<String> = Vec::new();
        if self.rng.chance(0.6) {
            sentences.push(self.rng.pick(lex.thanks).to_string());
        }
        match hk {
            HumanKind::Rejection => {
                let reason = self.rng.below(6) as usize;
                let group = lex.decline[reason];
                sentences.push(self.rng.pick(group).to_string());
                // Sometimes a second sentence from another frame, as real notes often give two.
                if self.rng.chance(0.3) {
                    let other = lex.decline[self.rng.below(6) as usize];
                    sentences.push(self.rng.pick(other).to_string());
                }
            }
            HumanKind::Reply => {
                let k = 1 + self.rng.below(2);
                for _ in 0..k {
                    sentences.push(self.rng.pick(lex.reply).to_string());
                }
            }
            HumanKind::Fresh => {
                let k = 1 + self.rng.below(3);
                for _ in 0..k {
                    let s = self.rng.pick(lex.fresh).to_string();
                    sentences.push(capitalize(&s));
                }
            }
        }
        let paragraph = self.rng.chance(0.5);
        for (i, s) in sentences.iter().enumerate() {
            text.push_str(s);
            text.push(if paragraph || i + 1 == sentences.len() {
                '\n'
            } else {
                ' '
            });
            if paragraph {
                text.push('\n');
            }
        }
        if !paragraph {
            text.push('\n');
        }
        text.push_str(self.rng.pick::<&str>(lex.closing));
        text.push('\n');
        text.push_str(buyer.first);
        text.push('\n');
        // Signatures: sometimes a proper "-- " block with title, phone and a disclaimer.
        if self.rng.chance(0.6) {
            let _ = write!(
                text,
                "\n-- \n{}\nHead of Operations | {}\n+31 20 555 {:04}\n",
                buyer.display(),
                buyer.company,
                self.rng.below(10_000)
            );
            if self.rng.chance(0.3) {
                text.push_str(
                    "This e-mail and any attachments are confidential and intended solely for the\n\
                     addressee. If you received it in error, please notify the sender and delete it.\n",
                );
            }
        }

        let subject_t = *self.rng.pick(&SUBJECTS);
        let base_subject = self.fill(subject_t, &buyer, product);
        let is_reply = !matches!(hk, HumanKind::Fresh);
        let subject = if is_reply {
            format!("{} {base_subject}", lex.reply_prefix)
        } else {
            base_subject.clone()
        };

        // History: the seller's pitch, and sometimes an earlier buyer message under it.
        let quote_style = self.rng.below(3); // 0 gmail, 1 outlook text, 2 outlook html-ish
        let mut history_plain = String::new();
        if is_reply {
            let pitch_t = *self.rng.pick(&PITCH);
            let pitch = self.fill(pitch_t, &buyer, product);
            let mut pitch_full = format!(
                "Hi {},\n\n{pitch}\n\nBest,\n{SELLER_NAME}\nSeller Inc.\n",
                buyer.first
            );
            if self.rng.chance(0.4) {
                // A deeper thread: the pitch itself quotes an earlier exchange.
                let earlier = self.rng.pick(lex.reply).to_string();
                let when = format_rfc2822(self.ts - 9 * 86_400, 1);
                let _ = write!(
                    pitch_full,
                    "\nOn {when}, {} <{}> wrote:\n> {earlier}\n> \n> {}\n",
                    buyer.display(),
                    buyer.email(),
                    buyer.first
                );
            }
            if self.opts.text_heavy {
                self.long_thread(&mut pitch_full, &buyer, product);
            }
            let when = format_rfc2822(self.ts - (1 + self.rng.below(6) as i64) * 86_400, 1);
            let who = format!("{SELLER_NAME} <{SELLER_EMAIL}>");
            if quote_style == 0 {
                let attr = lex
                    .attribution
                    .replace("{date}", &when)
                    .replace("{who}", &who);
                let _ = writeln!(history_plain, "\n{attr}");
                for line in pitch_full.lines() {
                    if line.is_empty() {
                        history_plain.push_str(">\n");
                    } else if line.starts_with('>') {
                        let _ = writeln!(history_plain, ">{line}");
                    } else {
                        let _ = writeln!(history_plain, "> {line}");
                    }
                }
            } else {
                let [f, s, t, subj] = lex.outlook;
                let _ = write!(
                    history_plain,
                    "\n-----Original Message-----\n{f} {SELLER_NAME} <{SELLER_EMAIL}>\n{s} {when}\n{t} {} <{}>\n{subj} {base_subject}\n\n{pitch_full}",
                    buyer.display(),
                    buyer.email()
                );
            }
        }

        // Headers.
        self.received(buyer.domain);
        let display = buyer.display();
        self.address("From", &display, &buyer.email());
        self.address("To", SELLER_NAME, SELLER_EMAIL);
        if self.rng.chance(0.2) {
            self.address(
                "Cc",
                "Procurement",
                &format!("procurement@{}", buyer.domain),
            );
        }
        self.header("Subject", &subject);
        self.common(buyer.domain);
        if is_reply {
            let parent = format!("{:x}.pitch@seller.example", self.index);
            let _ = writeln!(self.out, "In-Reply-To: <{parent}>");
            let _ = writeln!(
                self.out,
                "References: <{:x}.intro@seller.example> <{parent}>",
                self.index
            );
        }
        if self.rng.chance(0.3) {
            self.out.push_str("X-MS-Exchange-Organization-AuthAs: Anonymous\nX-Auto-Response-Suppress: All\nThread-Topic: ");
            self.out
                .push_str(&base_subject.replace(|c: char| !c.is_ascii(), "?"));
            self.out.push('\n');
        }

        // Body shapes: plain, plain base64, alternative (plain + HTML), HTML only.
        let shape = self.rng.below(100);
        let full_plain = format!("{text}{history_plain}");
        let html = self.human_html(&text, &history_plain, quote_style);
        let attach = self.attachment_size();
        let boundary_mixed = format!("mixed_{:x}", self.rng.next_u64());
        if attach.is_some() {
            let _ = writeln!(
                self.out,
                "Content-Type: multipart/mixed; boundary=\"{boundary_mixed}\"\n\nThis is a multi-part message in MIME format.\n\n--{boundary_mixed}"
            );
        }
        match shape {
            0..=34 => self.text_part(&full_plain, false),
            35..=49 => self.text_part(&full_plain, true),
            50..=84 => self.alternative(&full_plain, &html),
            _ => self.html_part(&html),
        }
        if let Some(size) = attach {
            let _ = writeln!(self.out, "\n--{boundary_mixed}");
            self.attachment(size);
            let _ = writeln!(self.out, "--{boundary_mixed}--");
        }
    }

    fn human_html(&mut self, text: &str, history: &str, style: u64) -> String {
        if self.opts.text_heavy {
            return outlook_html(text, history);
        }
        let mut html = String::from(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><style>p{margin:0}</style></head><body>\n<div dir=\"ltr\">",
        );
        for para in text.split("\n\n") {
            let _ = writeln!(html, "<p>{}</p>", html_escape(para).replace('\n', "<br>\n"));
        }
        html.push_str("</div>\n");
        if !history.is_empty() {
            let unquoted: String = history
                .lines()
                .map(|l| l.trim_start_matches(['>', ' ']))
                .collect::<Vec<_>>()
                .join("<br>\n");
            if style == 0 {
                let _ = writeln!(
                    html,
                    "<div class=\"gmail_quote\"><blockquote class=\"gmail_quote\" style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex\">{}</blockquote></div>",
                    html_escape(&unquoted).replace("&lt;br&gt;", "<br>")
                );
            } else {
                let _ = writeln!(
                    html,
                    "<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\">{}</font></div>",
                    html_escape(&unquoted).replace("&lt;br&gt;", "<br>")
                );
            }
        }
        html.push_str("</body></html>\n");
        html
    }

    fn text_part(&mut self, text: &str, base64: bool) {
        self.out
            .push_str("Content-Type: text/plain; charset=\"utf-8\"\n");
        if base64 {
            self.out.push_str("Content-Transfer-Encoding: base64\n\n");
            let mut enc = String::new();
            base64_lines(text.as_bytes(), &mut enc);
            self.out.push_str(&enc);
        } else if text.is_ascii() {
            self.out.push_str("Content-Transfer-Encoding: 7bit\n\n");
            self.out.push_str(text);
        } else {
            self.out
                .push_str("Content-Transfer-Encoding: quoted-printable\n\n");
            quoted_printable(text, &mut self.out);
        }
    }

    fn html_part(&mut self, html: &str) {
        self.out
            .push_str("Content-Type: text/html; charset=\"utf-8\"\n");
        if self.rng.chance(0.5) {
            self.out.push_str("Content-Transfer-Encoding: base64\n\n");
            let mut enc = String::new();
            base64_lines(html.as_bytes(), &mut enc);
            self.out.push_str(&enc);
        } else {
            self.out
                .push_str("Content-Transfer-Encoding: quoted-printable\n\n");
            quoted_printable(html, &mut self.out);
        }
    }

    fn alternative(&mut self, text: &str, html: &str) {
        let b = format!("alt_{:x}", self.rng.next_u64());
        let _ = writeln!(
            self.out,
            "Content-Type: multipart/alternative; boundary=\"{b}\"\n\n--{b}"
        );
        self.text_part(text, false);
        let _ = writeln!(self.out, "\n--{b}");
        self.html_part(html);
        let _ = writeln!(self.out, "\n--{b}--");
    }

    fn attachment_size(&mut self) -> Option<usize> {
        // 11% of the kinds that carry files gives ~10% of all messages.
        if !self.opts.attachments || !self.rng.chance(0.11) {
            return None;
        }
        // Log-uniform 50 KB .. 2 MB (or 5 .. 100 KB): many small files, a few large ones.
        let (lo_kb, hi_kb) = if self.opts.small_attachments {
            (5.0f64, 100.0f64)
        } else {
            (50.0, 2048.0)
        };
        let (lo, hi) = ((lo_kb * 1024.0).ln(), (hi_kb * 1024.0).ln());
        Some((lo + (hi - lo) * self.rng.unit()).exp() as usize)
    }

    fn attachment(&mut self, size: usize) {
        let (name, ctype, magic): (&str, &str, &[u8]) = *self.rng.pick(&[
            (
                "proposal-signed.pdf",
                "application/pdf",
                b"%PDF-1.7\n".as_slice(),
            ),
            (
                "pricing-2024.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                b"PK\x03\x04".as_slice(),
            ),
            (
                "screenshot.png",
                "image/png",
                b"\x89PNG\r\n\x1a\n".as_slice(),
            ),
            (
                "requirements.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                b"PK\x03\x04".as_slice(),
            ),
        ]);
        let mut data = Vec::with_capacity(size);
        data.extend_from_slice(magic);
        while data.len() < size {
            data.extend_from_slice(&self.rng.next_u64().to_le_bytes());
        }
        data.truncate(size);
        let _ = writeln!(
            self.out,
            "Content-Type: {ctype}; name=\"{name}\"\nContent-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: base64\n"
        );
        self.out.reserve(size * 4 / 3 + size / 38 + 8);
        base64_lines(&data, &mut self.out);
    }

    fn newsletter(&mut self) {
        let (sender, email) = *self.rng.pick(&NEWSLETTER_SENDERS);
        let topic = *self.rng.pick(&NEWSLETTER_TOPICS);
        let domain = email.split('@').nth(1).unwrap_or("example");
        self.received(domain);
        self.address("From", sender, email);
        self.address("To", SELLER_NAME, SELLER_EMAIL);
        self.header("Subject", topic);
        self.common(domain);
        let id = self.rng.next_u64();
        let _ = writeln!(
            self.out,
            "List-Unsubscribe: <https://{domain}/u/{id:x}>, <mailto:unsubscribe@{domain}?subject={id:x}>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\nList-Id: {sender} <list.{domain}>\nPrecedence: bulk\nFeedback-ID: {id:x}:campaign:esp"
        );
        let items = if self.opts.text_heavy {
            20 + self.rng.below(40) as usize
        } else {
            6 + self.rng.below(20) as usize
        };
        let mut text = format!("{topic}\n\n");
        let mut html = format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{topic}</title><style>body{{font-family:Arial}} .btn{{background:#0a66c2;color:#fff;padding:8px 14px}} td{{padding:12px}}</style></head><body><table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" role=\"presentation\"><tr><td align=\"center\"><table width=\"600\"><tr><td><h1>{topic}</h1></td></tr>\n"
        );
        for i in 0..items {
            let line = *self.rng.pick(&NEWSLETTER_LINES);
            let _ = writeln!(text, "* {line}\n  Read more: https://{domain}/a/{i}?utm_source=newsletter&utm_medium=email\n");
            let _ = writeln!(
                html,
                "<tr><td style=\"border-bottom:1px solid #eee\"><img src=\"https://{domain}/img/{i}.png\" width=\"560\" alt=\"\"><p style=\"font-size:15px;line-height:22px;color:#333\">{line}</p><a class=\"btn\" href=\"https://{domain}/a/{i}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign={id:x}\">Read more</a></td></tr>"
            );
            if self.opts.text_heavy {
                // What an ESP's template builder emits around every block.
                let _ = writeln!(
                    html,
                    "<tr><td class=\"mcnTextContent\" valign=\"top\" style=\"padding:0 18px 9px;color:#202020;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:150%;text-align:left;mso-line-height-rule:exactly;-ms-text-size-adjust:100%;-webkit-text-size-adjust:100%\"><!--[if mso]><table align=\"left\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\" style=\"width:100%\"><tr><td valign=\"top\" width=\"600\" style=\"width:600px\"><![endif]--><span style=\"font-size:14px\">{line} {}</span><!--[if mso]></td></tr></table><![endif]--></td></tr>",
                    self.rng.pick(&NEWSLETTER_LINES)
                );
            }
        }
        let footer = format!(
            "You receive this email because you subscribed at {domain}. Unsubscribe: https://{domain}/u/{id:x}"
        );
        let _ = writeln!(text, "--\n{footer}");
        let _ = writeln!(
            html,
            "<tr><td style=\"font-size:11px;color:#999\">{footer}</td></tr></table></td></tr></table><img src=\"https://{domain}/open/{id:x}.gif\" width=\"1\" height=\"1\"></body></html>"
        );
        let attach = self.attachment_size();
        let bm = format!("mixed_{:x}", self.rng.next_u64());
        if attach.is_some() {
            let _ = writeln!(
                self.out,
                "Content-Type: multipart/mixed; boundary=\"{bm}\"\n\n--{bm}"
            );
        }
        if self.rng.chance(0.6) {
            self.html_part(&html);
        } else {
            self.alternative(&text, &html);
        }
        if let Some(size) = attach {
            let _ = writeln!(self.out, "\n--{bm}");
            self.attachment(size);
            let _ = writeln!(self.out, "--{bm}--");
        }
    }

    fn notification(&mut self) {
        let (sender, email, subject_t) = *self.rng.pick(&NOTIFICATIONS);
        let buyer = self.person();
        let subject = self.fill(subject_t, &buyer, "");
        let domain = email.split('@').nth(1).unwrap_or("example");
        self.received(domain);
        self.address("From", sender, email);
        self.address("To", SELLER_NAME, SELLER_EMAIL);
        self.header("Subject", &subject);
        self.common(domain);
        if self.rng.chance(0.5) {
            self.out.push_str("Auto-Submitted: auto-generated\n");
        }
        let text = format!(
            "{subject}\n\nThis is an automated message about your account. {} updated the record for {} at {}.\nView it here: https://{domain}/r/{:x}\n\nYou are receiving this because notifications are on for your workspace.\n",
            buyer.display(),
            buyer.company,
            format_rfc2822(self.ts, 0),
            self.rng.next_u64()
        );
        let attach = self.attachment_size();
        let bm = format!("mixed_{:x}", self.rng.next_u64());
        if attach.is_some() {
            let _ = writeln!(
                self.out,
                "Content-Type: multipart/mixed; boundary=\"{bm}\"\n\n--{bm}"
            );
        }
        let base64 = self.rng.chance(0.5);
        if self.opts.text_heavy {
            let html = notification_html(&text, domain);
            self.alternative(&text, &html);
        } else {
            self.text_part(&text, base64);
        }
        if let Some(size) = attach {
            let _ = writeln!(self.out, "\n--{bm}");
            self.attachment(size);
            let _ = writeln!(self.out, "--{bm}--");
        }
    }

    fn auto_reply(&mut self) {
        let lex = lexicon(self.lang);
        let buyer = self.person();
        let product = *self.rng.pick(&PRODUCTS);
        let subject_t = *self.rng.pick(&SUBJECTS);
        let base = self.fill(subject_t, &buyer, product);
        self.received(buyer.domain);
        let display = buyer.display();
        self.address("From", &display, &buyer.email());
        self.address("To", SELLER_NAME, SELLER_EMAIL);
        self.header("Subject", &format!("{} {base}", lex.auto_subject));
        self.common(buyer.domain);
        match self.rng.below(3) {
            0 => self.out.push_str("Auto-Submitted: auto-replied\n"),
            1 => self
                .out
                .push_str("X-Autoreply: yes\nPrecedence: auto_reply\n"),
            _ => self
                .out
                .push_str("X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: x\n"),
        }
        let mut text = String::new();
        for line in lex.auto_body {
            text.push_str(line);
            text.push('\n');
        }
        let _ = writeln!(text, "\n{}\n{}", buyer.display(), buyer.company);
        self.text_part(&text, self.lang != "en");
    }

    fn bounce(&mut self) {
        let buyer = self.person();
        let b = format!("dsn_{:x}", self.rng.next_u64());
        self.received("seller.example");
        self.address(
            "From",
            "Mail Delivery Subsystem",
            "mailer-daemon@seller.example",
        );
        self.address("To", SELLER_NAME, SELLER_EMAIL);
        self.header("Subject", "Delivery Status Notification (Failure)");
        self.common("seller.example");
        self.out.push_str("Auto-Submitted: auto-replied\n");
        let _ = writeln!(
            self.out,
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"{b}\"\n\n--{b}\nContent-Type: text/plain; charset=us-ascii\n\nYour message could not be delivered to {} because the address was not found.\n\n--{b}\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.seller.example\n\nFinal-Recipient: rfc822; {}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--{b}\nContent-Type: text/rfc822-headers\n\nFrom: {SELLER_NAME} <{SELLER_EMAIL}>\nTo: {}\nSubject: Follow-up from our call\n\n--{b}--",
            buyer.email(),
            buyer.email(),
            buyer.email()
        );
    }
}

impl Builder<'_> {
    /// Text-heavy mode: the pitch also quotes 2–6 earlier messages of the thread, each a few
    /// paragraphs under an Outlook header block, as long sales threads do.
    fn long_thread(&mut self, pitch_full: &mut String, buyer: &Person, product: &str) {
        let lex = lexicon(self.lang);
        let earlier = 2 + self.rng.below(5);
        for k in 0..earlier {
            let when = format_rfc2822(self.ts - (10 + 3 * k as i64) * 86_400, 1);
            let (from, to) = if k % 2 == 0 {
                (buyer.display(), format!("{SELLER_NAME} <{SELLER_EMAIL}>"))
            } else {
                (format!("{SELLER_NAME} <{SELLER_EMAIL}>"), buyer.display())
            };
            let _ = write!(
                pitch_full,
                "\n-----Original Message-----\nFrom: {from}\nSent: {when}\nTo: {to}\nSubject: RE: {product}\n\n"
            );
            let paragraphs = 2 + self.rng.below(3);
            for _ in 0..paragraphs {
                let pitch_t = *self.rng.pick(&PITCH);
                let pitch = self.fill(pitch_t, buyer, product);
                let reply = self.rng.pick(lex.reply).to_string();
                let _ = write!(pitch_full, "{pitch} {reply}\n\n");
            }
            let _ = writeln!(pitch_full, "Best regards,\n{}", buyer.first);
        }
    }
}

/// An Outlook-style HTML body: the Mso style block and a styled paragraph per line, which is
/// most of the bytes of a real reply written in Outlook.
fn outlook_html(text: &str, history: &str) -> String {
    let mut html = String::from(
        "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns:m=\"http://schemas.microsoft.com/office/2004/12/omml\" xmlns=\"http://www.w3.org/TR/REC-html40\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><meta name=\"Generator\" content=\"Microsoft Word 15 (filtered medium)\"><style><!--\n",
    );
    for (name, family) in [
        ("Cambria Math", "panose-1:2 4 5 3 5 4 6 3 2 4"),
        ("Calibri", "panose-1:2 15 5 2 2 2 4 3 2 4"),
        ("Aptos", "panose-1:2 11 0 4 2 2 2 2 2 4"),
    ] {
        let _ = writeln!(
            html,
            "@font-face\n\t{{font-family:\"{name}\";\n\t{family};}}"
        );
    }
    html.push_str(
        "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:12.0pt;\n\tfont-family:\"Aptos\",sans-serif;\n\tmso-ligatures:standardcontextual;\n\tmso-fareast-language:EN-US;}\na:link, span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#467886;\n\ttext-decoration:underline;}\nspan.EmailStyle19\n\t{mso-style-type:personal-reply;\n\tfont-family:\"Aptos\",sans-serif;\n\tcolor:windowtext;}\n.MsoChpDefault\n\t{mso-style-type:export-only;\n\tfont-size:10.0pt;\n\tmso-ligatures:none;}\n@page WordSection1\n\t{size:612.0pt 792.0pt;\n\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}\ndiv.WordSection1\n\t{page:WordSection1;}\n--></style></head><body lang=\"EN-US\" link=\"#467886\" vlink=\"#96607D\" style=\"word-wrap:break-word\"><div class=\"WordSection1\">\n",
    );
    let para = |html: &mut String, line: &str| {
        let _ = writeln!(
            html,
            "<p class=\"MsoNormal\"><span style=\"font-size:11.0pt;font-family:&quot;Calibri&quot;,sans-serif;mso-fareast-language:EN-US\">{}<o:p></o:p></span></p>",
            if line.is_empty() { "&nbsp;".to_string() } else { html_escape(line) }
        );
    };
    for line in text.lines() {
        para(&mut html, line);
    }
    if !history.is_empty() {
        html.push_str("<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\"><div id=\"divRplyFwdMsg\">\n");
        for line in history.lines() {
            para(&mut html, line.trim_start_matches(['>', ' ']));
        }
        html.push_str("</div></div>\n");
    }
    html.push_str("</div></body></html>\n");
    html
}

/// A transactional notification's HTML: a branded table layout around the text.
fn notification_html(text: &str, domain: &str) -> String {
    let mut html = format!(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\"><style type=\"text/css\">body,table,td,a{{-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%}}table,td{{mso-table-lspace:0pt;mso-table-rspace:0pt}}img{{-ms-interpolation-mode:bicubic;border:0;height:auto;line-height:100%;outline:none;text-decoration:none}}@media screen and (max-width:600px){{.wrapper{{width:100%!important;max-width:100%!important}}.mobile-hide{{display:none!important}}.mobile-padding{{padding:24px 16px!important}}}}</style></head><body style=\"margin:0;padding:0;background-color:#f4f5f7\"><table border=\"0\" cellpadding=\"0\" cellspacing=\"0\" width=\"100%\" role=\"presentation\"><tr><td align=\"center\" style=\"padding:32px 0\"><table class=\"wrapper\" width=\"600\" style=\"background:#ffffff;border-radius:6px\"><tr><td style=\"padding:24px\"><img src=\"https://{domain}/logo.png\" width=\"120\" alt=\"{domain}\"></td></tr>\n"
    );
    for _ in 0..6 {
        for para in text.split("\n\n") {
            let _ = writeln!(
                html,
                "<tr><td class=\"mobile-padding\" style=\"padding:8px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:24px;color:#172b4d\">{}</td></tr>",
                html_escape(para).replace('\n', "<br>")
            );
        }
    }
    let _ = writeln!(
        html,
        "<tr><td style=\"padding:24px;font-size:12px;color:#6b778c\">Manage your notification settings at https://{domain}/settings/notifications</td></tr></table></td></tr></table></body></html>"
    );
    html
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
