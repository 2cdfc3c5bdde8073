//! Field validation of what people type (units, staff, accounts, passwords). Each problem is a
//! field name and a message key; the web layer turns keys into Vietnamese through the i18n
//! catalogue and shows each next to its field.

use crate::account_name;
use crate::text::clean;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    /// Message key in the i18n catalogue (`err.<what>`).
    pub key: &'static str,
}

/// Collected problems of a form; empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.push(FieldError { field, key });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The message key for `field`, if it has a problem.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.key)
    }
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

/// Required free text: cleaned (NFC, single spaces), 1..=max characters.
pub fn required_text(
    errs: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
) -> String {
    let v = clean(value);
    if v.is_empty() {
        errs.add(field, "err.required");
    } else if v.chars().count() > max {
        errs.add(field, "err.too_long");
    }
    v
}

/// A unit code: 1–32 of `A-Z 0-9 - _ .`, stored upper case.
pub fn unit_code(errs: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let v = value.trim().to_uppercase();
    if v.is_empty() {
        errs.add(field, "err.required");
    } else if v.len() > 32
        || !v
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-_.".contains(c))
    {
        errs.add(field, "err.unit_code");
    }
    v
}

/// An optional account-name suffix (without the underscore).
pub fn suffix(errs: &mut FieldErrors, field: &'static str, value: &str) -> Option<String> {
    let v = value.trim().trim_start_matches('_').to_lowercase();
    if v.is_empty() {
        return None;
    }
    if !account_name::is_valid_suffix(&v) {
        errs.add(field, "err.suffix");
    }
    Some(v)
}

/// A person's full name: letters (any script form), spaces, hyphens and apostrophes.
pub fn person_name(errs: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let v = required_text(errs, field, value, 100);
    if !v.is_empty()
        && !v
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '.')
    {
        errs.add(field, "err.person_name");
    }
    v
}

/// An optional e-mail address: one `@`, a dot in the domain, no spaces.
pub fn email(errs: &mut FieldErrors, field: &'static str, value: &str) -> Option<String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return None;
    }
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if !ok || v.len() > 254 {
        errs.add(field, "err.email");
    }
    Some(v)
}

/// An optional Vietnamese phone number: 9–11 digits after removing spaces, dots and dashes; a
/// leading +84 becomes 0.
pub fn phone(errs: &mut FieldErrors, field: &'static str, value: &str) -> Option<String> {
    let digits: String = value.chars().filter(|c| !" .-()".contains(*c)).collect();
    if digits.is_empty() {
        return None;
    }
    let digits = match digits.strip_prefix("+84") {
        Some(rest) => format!("0{rest}"),
        None => digits,
    };
    if !(9..=11).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        errs.add(field, "err.phone");
    }
    Some(digits)
}

/// An account name typed by an admin.
pub fn username(errs: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let v = value.trim().to_lowercase();
    if !account_name::is_valid(&v) {
        errs.add(field, "err.username");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_reports_its_own_problem() {
        let mut e = FieldErrors::default();
        assert_eq!(
            required_text(&mut e, "name", "  Phòng   Nội vụ ", 200),
            "Phòng Nội vụ"
        );
        unit_code(&mut e, "code", "hm nv");
        person_name(&mut e, "full_name", "Nguyễn Văn 3");
        email(&mut e, "email", "a@b");
        assert_eq!(
            phone(&mut e, "phone", "+84 912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(e.get("name"), None);
        assert_eq!(e.get("code"), Some("err.unit_code"));
        assert_eq!(e.get("full_name"), Some("err.person_name"));
        assert_eq!(e.get("email"), Some("err.email"));
        assert_eq!(e.get("phone"), None);
    }

    #[test]
    fn empty_optional_fields_are_fine_and_required_ones_are_not() {
        let mut e = FieldErrors::default();
        assert_eq!(email(&mut e, "email", " "), None);
        assert_eq!(suffix(&mut e, "suffix", ""), None);
        assert_eq!(
            suffix(&mut e, "suffix", "_BaDinh").as_deref(),
            Some("badinh")
        );
        assert!(e.is_empty());
        required_text(&mut e, "name", "   ", 10);
        assert_eq!(e.get("name"), Some("err.required"));
    }
}
