//! The template context: buyer, seller, original message, reason, evidence, language.
//! Every variable is always present; a value that is unknown is the empty string.

use serde::Serialize;

use super::{register, Identity};
use crate::classify::{Class, Verdict};
use crate::message::{names, Address, Mail};

/// Everything a template may use (documented in templates/README.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateContext {
    /// The person who wrote the message being answered.
    pub buyer: Person,
    /// The person the draft is from.
    pub seller: Seller,
    /// The message being answered.
    pub original: Original,
    /// The rejection reason (`price`, `timing`, ...), or "" when there is none.
    pub reason: String,
    /// The sentence that decided the verdict, or "".
    pub evidence: String,
    /// ISO 639-1 language of the buyer's new text, or "".
    pub language: String,
}

/// A buyer's name, address and company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Person {
    /// Full name in natural order ("Jane Doe"), or "".
    pub name: String,
    /// First name for a greeting, or "" when unsure.
    pub first_name: String,
    /// Bare address.
    pub email: String,
    /// Company from the display name or a non-free-mail domain, or "".
    pub company: String,
    /// `formal` or `informal`: how the buyer wrote (greeting, sign-off, pronouns).
    pub register: String,
    /// The name to greet them with: informal, the first name they sign with; formal, the name
    /// as they sign it (else from their address); "" when unknown.
    pub greeting_name: String,
}

/// The seller: the identity the draft is sent from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Seller {
    /// Display name, or "".
    pub name: String,
    /// First name, or "".
    pub first_name: String,
    /// Address, or "" when no identity is configured.
    pub email: String,
    /// Company (configured, else from the address's domain), or "".
    pub company: String,
    /// The signature block; else the name; else [`SIGNATURE_PLACEHOLDER`] (never empty).
    pub signature: String,
}

/// The message being answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Original {
    /// Subject as written, or "".
    pub subject: String,
    /// Date as RFC 3339 (format it with the `date` helper), or "".
    pub date: String,
    /// Message-ID without brackets, or "".
    pub message_id: String,
    /// What the buyer just wrote (quotes and signature removed).
    pub text: String,
    /// The whole original body, each line prefixed "> ".
    pub quoted: String,
}

/// The sign-off line when no identity is configured: loud, so the seller fills it in before sending.
pub const SIGNATURE_PLACEHOLDER: &str =
    "[YOUR NAME HERE: set [identity] name and signature in the rebound config]";

/// Build the context for answering `mail` (classified as `verdict`) as `identity`.
pub fn build(mail: &Mail, verdict: &Verdict, identity: &Identity) -> TemplateContext {
    let buyer_addr = mail.from.as_ref().or(mail.reply_to.as_ref());
    let mut buyer = buyer_addr.map(person).unwrap_or_default();
    let language = verdict
        .language
        .clone()
        .or_else(|| mail.language.clone())
        .unwrap_or_default();
    voice(&mut buyer, mail, buyer_addr, &language);
    let reason = match (verdict.reason, verdict.class) {
        (Some(r), _) => r.as_str().to_string(),
        (None, Class::Rejection) => "unspecified".to_string(),
        (None, _) => String::new(),
    };
    let quoted_source = if mail.full_text.trim().is_empty() {
        &mail.new_text
    } else {
        &mail.full_text
    };
    TemplateContext {
        buyer,
        seller: seller(identity),
        original: Original {
            subject: one_line(mail.subject.as_deref().unwrap_or_default()),
            date: mail.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
            message_id: mail.message_id.clone().unwrap_or_default(),
            text: mail.new_text.trim().to_string(),
            quoted: super::templates::quote_text(quoted_source),
        },
        reason,
        evidence: verdict.evidence.clone().unwrap_or_default(),
        language,
    }
}

/// Fill in the buyer's register and greeting name from what they wrote (history cut off).
fn voice(buyer: &mut Person, mail: &Mail, addr: Option<&Address>, language: &str) {
    let unquoted = crate::message::quotes::strip_quotes(&mail.full_text);
    let text = if unquoted.trim().is_empty() {
        mail.new_text.as_str()
    } else {
        unquoted.as_str()
    };
    let register = register::detect(text, language);
    let display = addr.and_then(|a| a.name.as_deref()).unwrap_or_default();
    let signed = register::signed_name(text, display);
    buyer.register = register.as_str().to_string();
    buyer.greeting_name =
        register::greeting_name(register, signed.as_deref(), &buyer.first_name, &buyer.name);
}

fn person(addr: &Address) -> Person {
    Person {
        register: String::new(),
        greeting_name: String::new(),
        name: names::full_name(addr).unwrap_or_default(),
        first_name: names::first_name(addr).unwrap_or_default(),
        email: addr.email.trim().to_string(),
        company: names::company(addr).unwrap_or_default(),
    }
}

fn seller(identity: &Identity) -> Seller {
    let name = identity.name.as_deref().map(one_line).unwrap_or_default();
    let email = identity.email.as_deref().map(str::trim).unwrap_or_default();
    let addr = Address {
        name: Some(name.clone()).filter(|n| !n.is_empty()),
        email: email.to_string(),
    };
    let company = identity
        .company
        .as_deref()
        .map(one_line)
        .filter(|c| !c.is_empty())
        .or_else(|| names::company(&addr))
        .unwrap_or_default();
    let signature = identity
        .signature
        .as_deref()
        .map(|s| s.replace("\r\n", "\n").trim_end().to_string())
        .filter(|s| !s.trim().is_empty())
        .or_else(|| Some(name.clone()).filter(|n| !n.is_empty()))
        .unwrap_or_else(|| SIGNATURE_PLACEHOLDER.to_string());
    Seller {
        first_name: if name.is_empty() {
            String::new()
        } else {
            names::first_name(&addr).unwrap_or_default()
        },
        name,
        email: email.to_string(),
        company,
        signature,
    }
}

/// Collapse control characters and runs of whitespace into single spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Reason;

    fn verdict(reason: Option<Reason>) -> Verdict {
        Verdict {
            class: Class::Rejection,
            reason,
            confidence: 0.9,
            evidence: None,
            language: Some("en".into()),
            rejection_probability: None,
            maybe: false,
            answer: None,
        }
    }

    #[test]
    fn missing_values_are_empty_strings_never_null() {
        let ctx = build(&Mail::default(), &verdict(None), &Identity::default());
        let json = serde_json::to_value(&ctx).unwrap();
        let text = json.to_string();
        assert!(!text.contains("null"), "{text}");
        assert_eq!(ctx.reason, "unspecified");
        assert_eq!(ctx.buyer.first_name, "");
        assert_eq!(ctx.seller.signature, SIGNATURE_PLACEHOLDER);
    }

    #[test]
    fn signature_is_the_configured_block_else_the_name_else_the_placeholder() {
        let mail = Mail::default();
        let v = verdict(None);
        let with = |name: Option<&str>, signature: Option<&str>| {
            let id = Identity {
                name: name.map(str::to_string),
                signature: signature.map(str::to_string),
                ..Identity::default()
            };
            build(&mail, &v, &id).seller.signature
        };
        assert_eq!(
            with(Some("Alex"), Some("Alex\r\nSeller Inc.\n\n")),
            "Alex\nSeller Inc."
        );
        assert_eq!(with(Some("Alex Seller"), None), "Alex Seller");
        assert_eq!(with(Some("Alex Seller"), Some("  \n ")), "Alex Seller");
        assert_eq!(with(None, None), SIGNATURE_PLACEHOLDER);
        assert_eq!(with(Some("  "), Some("")), SIGNATURE_PLACEHOLDER);
    }

    #[test]
    fn buyer_and_seller_are_filled_from_addresses_and_identity() {
        let mail = Mail {
            from: Some(Address {
                name: Some("Doe, Jane".into()),
                email: "jane.doe@acme-corp.co.uk".into(),
            }),
            subject: Some("Proposal\r\n for Q3".into()),
            full_text: "No thanks.\n\nOn Monday, Alex wrote:\n> offer".into(),
            ..Default::default()
        };
        let identity = Identity {
            name: Some("Alex Seller".into()),
            email: Some("alex@seller.example".into()),
            company: None,
            signature: None,
        };
        let ctx = build(&mail, &verdict(Some(Reason::Price)), &identity);
        assert_eq!(ctx.buyer.name, "Jane Doe");
        assert_eq!(ctx.buyer.first_name, "Jane");
        assert_eq!(ctx.buyer.company, "Acme Corp");
        assert_eq!(ctx.seller.first_name, "Alex");
        assert_eq!(ctx.seller.company, "Seller");
        assert_eq!(ctx.seller.signature, "Alex Seller");
        assert_eq!(ctx.original.subject, "Proposal for Q3");
        assert_eq!(
            ctx.original.quoted,
            "> No thanks.\n>\n> On Monday, Alex wrote:\n>> offer"
        );
        assert_eq!(ctx.reason, "price");
    }
}
