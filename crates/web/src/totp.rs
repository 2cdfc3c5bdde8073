//! The optional second factor (issue 9 §1, ASVS 2.8): a time-based one-time code (RFC 6238:
//! HMAC-SHA1, 6 digits, 30-second steps, one step of clock skew either way) from an
//! authenticator app, set up by scanning a QR code. Offered to the admins, whose accounts
//! reach whole subtrees. A code is accepted once (the step used is stored), and wrong codes count
//! towards the account's lockout like wrong passwords.

use totp_rs::{Builder, Totp};

use crate::AppState;
use crate::error::AppError;

/// The name the authenticator app shows above the code.
const ISSUER: &str = "Danh gia CBCCVC";

/// A new secret: 160 random bits (RFC 4226 §4), as hex for the database.
pub fn new_secret() -> String {
    let mut b = [0u8; 20];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut b);
    hex::encode(b)
}

fn totp(secret_hex: &str, username: &str) -> Result<Totp, AppError> {
    let bytes = hex::decode(secret_hex).map_err(|e| AppError::Internal(e.to_string()))?;
    Builder::new()
        .with_secret(bytes)
        .with_account_name(username)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// What the set-up page shows: the secret in base32 (typed by hand) and the QR code (SVG) of
/// the `otpauth://` address that apps scan.
pub fn enrolment(secret_hex: &str, username: &str) -> Result<(String, String), AppError> {
    let t = totp(secret_hex, username)?;
    let url = t.to_url().map_err(|e| AppError::Internal(e.to_string()))?;
    let qr = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| AppError::Internal(e.to_string()))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok((t.secret().to_base32(), qr))
}

/// The time step `code` matches now (± one step), if any.
pub fn step_of(
    secret_hex: &str,
    username: &str,
    code: &str,
    at: time::OffsetDateTime,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let t = totp(secret_hex, username).ok()?;
    let secs = u64::try_from(at.unix_timestamp()).ok()?;
    t.check(&code, secs).and_then(|s| i64::try_from(s).ok())
}

/// Checks `code` against the account's second factor and uses its step up; false for a wrong
/// or already used code.
pub async fn verify(
    state: &AppState,
    account_id: &str,
    username: &str,
    secret_hex: &str,
    code: &str,
) -> Result<bool, AppError> {
    match step_of(secret_hex, username, code, danhgia_store::now()) {
        Some(step) => Ok(state.store.use_totp_step(account_id, step).await?),
        None => Ok(false),
    }
}

/// The code of `secret_hex` at `at` (tests and tools).
pub fn code_at(secret_hex: &str, at: time::OffsetDateTime) -> Option<String> {
    let t = totp(secret_hex, "x").ok()?;
    Some(
        t.generate(u64::try_from(at.unix_timestamp()).ok()?)
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let secret = new_secret();
        assert_eq!(secret.len(), 40);
        let at = time::macros::datetime!(2026-11-24 07:00:10 UTC);
        let code = code_at(&secret, at).unwrap_or_default();
        assert_eq!(code.len(), 6);
        let step = at.unix_timestamp() / 30;
        assert_eq!(step_of(&secret, "a", &code, at), Some(step));
        assert_eq!(
            step_of(&secret, "a", &format!("{} {}", &code[..3], &code[3..]), at),
            Some(step),
            "spaces as apps show them"
        );
        let later = at + time::Duration::seconds(30);
        assert_eq!(
            step_of(&secret, "a", &code, later),
            Some(step),
            "a step late"
        );
        let too_late = at + time::Duration::seconds(65);
        assert_eq!(step_of(&secret, "a", &code, too_late), None);
        assert_eq!(
            step_of(&new_secret(), "a", &code, at),
            None,
            "another secret"
        );
        assert_eq!(step_of(&secret, "a", "12345", at), None);
    }

    #[test]
    fn the_enrolment_gives_a_scannable_address() {
        let (base32, svg) = enrolment(&new_secret(), "quantri_huyenmau").unwrap_or_default();
        assert_eq!(base32.len(), 32, "160 bits in base32");
        assert!(
            svg.starts_with("<?xml") && svg.contains("<svg"),
            "{svg:.60}"
        );
    }
}
