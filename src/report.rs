//! Report rows (CSV / JSON lines) for rejections, and summary counts per class and reason.

/// One report row per rejection.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// Date of the buyer's message, RFC 3339.
    pub date: Option<String>,
    /// Buyer display name.
    pub buyer_name: Option<String>,
    /// Buyer address.
    pub email: Option<String>,
    /// Buyer company (from display name or non-free-mail domain).
    pub company: Option<String>,
    /// Subject of the buyer's message.
    pub subject: Option<String>,
    /// Rejection reason.
    pub reason: Option<String>,
    /// Classifier confidence.
    pub confidence: f32,
    /// The sentence that decided it.
    pub evidence: Option<String>,
    /// Path of the draft file (empty on --dry-run).
    pub draft: Option<String>,
}
