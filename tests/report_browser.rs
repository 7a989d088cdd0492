//! The HTML report in a real browser: headless Chromium loads the example report, and the test
//! checks for console errors, the charts and table with their counts, and that filtering works.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

use support::sandbox::Sandbox;

/// Longest a page load may take before the browser is taken for hung (a safety net, not a
/// speed check: a normal load takes about a second).
const HANG: Duration = Duration::from_secs(120);

fn chromium() -> PathBuf {
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "headless Chromium is needed for the browser test of the HTML report and was not found \
         on PATH; install it with `apt-get install chromium` (./scripts/test does that for you)"
    );
}

/// The README's example report, written by the real binary.
fn example_report(sb: &Sandbox) -> PathBuf {
    let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inbox.mbox");
    sb.cmd()
        .arg("report")
        .arg(&inbox)
        .args(["--html", "report.html", "-q"])
        .assert()
        .success();
    sb.path("report.html")
}

/// What the browser made of the page at `fragment`: the DOM after its script ran, and the
/// console messages it logged.
struct Loaded {
    dom: String,
    console: Vec<String>,
}

fn load(sb: &Sandbox, page: &Path, fragment: &str) -> Loaded {
    let profile = tempfile::tempdir().unwrap();
    let out = sb.path(&format!("dom-{}.html", fragment.len()));
    let err = sb.path(&format!("log-{}.txt", fragment.len()));
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            // Running as root (CI, containers) needs this; the page is a local file we wrote.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}{fragment}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish loading the report");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = std::fs::read_to_string(&err).unwrap();
    assert!(status.success(), "chromium failed: {log}");
    Loaded {
        dom: std::fs::read_to_string(&out).unwrap(),
        // Chromium logs every console message (errors, CSP violations) as "...:CONSOLE...".
        console: log
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(String::from)
            .collect(),
    }
}

/// The table rows of the dumped DOM: (reason, hidden).
fn rows(dom: &str) -> Vec<(String, bool)> {
    let body = &dom[dom.find("<tbody>").unwrap()..dom.find("</tbody>").unwrap()];
    body.split("<tr ")
        .skip(1)
        .map(|tr| {
            let tag = &tr[..tr.find('>').unwrap()];
            let reason = tag
                .split("data-reason=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap()
                .to_string();
            (reason, tag.contains("hidden"))
        })
        .collect()
}

fn shown(dom: &str) -> String {
    let at = dom.find("<span id=\"shown\">").unwrap() + "<span id=\"shown\">".len();
    dom[at..at + dom[at..].find('<').unwrap()].to_string()
}

#[test]
fn the_example_report_renders_without_errors_with_its_charts_and_table() {
    let sb = Sandbox::new();
    let page = example_report(&sb);
    let loaded = load(&sb, &page, "");
    assert!(loaded.console.is_empty(), "console: {:#?}", loaded.console);
    let dom = &loaded.dom;
    assert!(
        dom.contains("data-ready=\"true\""),
        "the script ran to its end"
    );
    assert_eq!(dom.matches("<svg ").count(), 5, "five charts");
    for chart in ["reasons", "months", "companies", "languages", "maybe"] {
        assert!(dom.contains(&format!("data-chart=\"{chart}\"")), "{chart}");
    }
    // Rejections per reason: the README's batch summary (price 3, timing 2, competitor 3, ...).
    let reasons = &dom[dom.find("data-chart=\"reasons\"").unwrap()..];
    let reasons = &reasons[..reasons.find("</svg>").unwrap()];
    for (reason, n) in [
        ("price", 3),
        ("timing", 2),
        ("competitor", 3),
        ("no_need", 1),
        ("no_decision", 4),
        ("unspecified", 2),
    ] {
        assert!(
            reasons.contains(&format!("data-label=\"{reason}\" data-count=\"{n}\"")),
            "{reason} {n}"
        );
    }
    let all = rows(dom);
    assert_eq!(all.len(), 16, "15 rejections and 1 maybe");
    assert!(all.iter().all(|(_, hidden)| !hidden));
    assert_eq!(shown(dom), "16");
}

#[test]
fn filtering_by_reason_and_text_hides_the_other_rows() {
    let sb = Sandbox::new();
    let page = example_report(&sb);

    let loaded = load(&sb, &page, "#reason=price");
    assert!(loaded.console.is_empty(), "console: {:#?}", loaded.console);
    let filtered = rows(&loaded.dom);
    assert_eq!(filtered.len(), 16);
    for (reason, hidden) in &filtered {
        assert_eq!(*hidden, reason != "price", "{reason}");
    }
    assert_eq!(shown(&loaded.dom), "3");

    let loaded = load(&sb, &page, "#q=bayview&status=rejection");
    assert!(loaded.console.is_empty(), "console: {:#?}", loaded.console);
    assert_eq!(shown(&loaded.dom), "1");
    let visible: Vec<_> = rows(&loaded.dom)
        .into_iter()
        .filter(|(_, hidden)| !hidden)
        .collect();
    assert_eq!(visible, [("price".to_string(), false)]);

    let loaded = load(&sb, &page, "#status=maybe");
    assert_eq!(shown(&loaded.dom), "1");
}

/// The `data-status` of each table row, in the order the page shows them.
fn statuses(dom: &str) -> Vec<String> {
    dom.split("data-status=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn sorting_follows_the_fragment() {
    let sb = Sandbox::new();
    let page = example_report(&sb);
    // The one "maybe" (P 0.72) sorts first by confidence, last by confidence descending.
    let loaded = load(&sb, &page, "#sort=confidence");
    assert!(loaded.console.is_empty(), "console: {:#?}", loaded.console);
    let order = statuses(&loaded.dom);
    assert_eq!(order.len(), 16);
    assert_eq!(order[0], "maybe", "{order:?}");
    assert!(loaded
        .dom
        .contains("data-key=\"confidence\" data-type=\"num\" aria-sort=\"ascending\""));
    let loaded = load(&sb, &page, "#sort=confidence&dir=desc");
    assert_eq!(statuses(&loaded.dom)[15], "maybe");
    // Unsorted, the rows keep the input order, where the maybe (message 23) is the 10th.
    let loaded = load(&sb, &page, "");
    assert_eq!(statuses(&loaded.dom)[9], "maybe");
}
