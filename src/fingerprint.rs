//! A stable fingerprint of inputs: what the build manifest records of each document, and how a
//! template set is named across processes. The same bytes give the same fingerprint on every
//! machine and run.

use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher;

/// A stable 128-bit fingerprint of a document's inputs (SipHash-1-3 with fixed keys: the same
/// bytes give the same fingerprint on every machine and run; it detects change, it is not a
/// security measure).
#[derive(Debug, Clone)]
pub struct Fingerprint(SipHasher13);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(SipHasher13::new_with_keys(
            0x7875_6e73_6869,
            0x6d61_6e69_6665_7374,
        ))
    }
}

impl Fingerprint {
    /// Adds one labelled input; the label and length keep inputs from running together.
    pub fn add(&mut self, label: &str, bytes: &[u8]) -> &mut Self {
        for part in [label.as_bytes(), bytes] {
            self.0.write_u64(part.len() as u64);
            self.0.write(part);
        }
        self
    }

    pub fn hex(&self) -> String {
        format!("{:032x}", self.0.finish128().as_u128())
    }
}
