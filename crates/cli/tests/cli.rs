//! The binary as an operator meets it.

use std::process::Command;

fn danhgia() -> Command {
    Command::new(env!("CARGO_BIN_EXE_danhgia"))
}

fn temp_db(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("danhgia-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    format!("sqlite://{}", dir.join("d.db").display())
}

#[test]
fn a_database_that_cannot_be_opened_stops_serve_with_one_line() {
    for url in [
        "sqlite:///proc/danhgia-cannot-exist/x.db",
        "postgres://nobody:pw@127.0.0.1:1/none",
        "mysql://x",
    ] {
        let out = danhgia()
            .args(["serve", "--listen", "127.0.0.1:0", "--database", url])
            .env_remove("DANHGIA_DATABASE_URL")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{url}");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line for {url}: {err}");
        assert!(
            lines[0].starts_with("danhgia: error: cannot open the database"),
            "{}",
            lines[0]
        );
        assert!(!lines[0].contains(":pw@"), "no password in messages");
    }
}

#[test]
fn migrate_then_demo_then_demo_again_is_refused() {
    let db = temp_db("demo");
    let m = danhgia()
        .args(["migrate", "--database", &db])
        .output()
        .unwrap();
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    let d = danhgia()
        .args(["demo", "--database", &db])
        .output()
        .unwrap();
    assert!(d.status.success(), "{}", String::from_utf8_lossy(&d.stderr));
    let out = String::from_utf8_lossy(&d.stdout);
    assert!(
        out.contains("quantri_huyenmau") && out.contains("Demo@2026"),
        "{out}"
    );
    let again = danhgia()
        .args(["demo", "--database", &db])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("empty database"));
}
