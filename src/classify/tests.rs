//! Unit tests for the whole classifier: many independent wordings per language, hard negatives.
//! Each case is a `Mail` with only the new text (or headers) set.

use super::*;
use crate::message::{Address, Mail};

fn classifier() -> Classifier {
    Classifier::new(&Rules::default()).unwrap()
}

fn text(t: &str) -> Mail {
    Mail {
        new_text: t.to_string(),
        ..Default::default()
    }
}

#[track_caller]
fn expect(c: &Classifier, t: &str, class: Class, reason: Option<Reason>) {
    let v = c.classify(&text(t));
    assert_eq!(
        (v.class, v.reason),
        (class, reason),
        "text: {t:?}\nverdict: {v:?}"
    );
}

#[test]
fn send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Classifier>();
}

#[test]
#[ignore]
fn debug_scan() {
    let m = frames::Matcher::new(&[]).unwrap();
    let t = std::env::var("DBG").unwrap_or_default();
    for s in sentences::split(&t) {
        println!("{:?} {:?} q={}", s.norm, s.breaks, s.question);
        for h in m.scan(&s) {
            println!("   {:?}", h);
        }
    }
    println!("{:?}", classifier().classify(&text(&t)));
}
