//! The whole life of a My Number card holder, on the test CA, narrated.
//!
//! ```text
//! cargo run --example demo
//! ```

#[path = "common/mod.rs"]
mod common;

use jpki_core::testkit::{HolderSpec, TestCa};
use jpki_core::{Certificate, Error};

fn main() -> Result<(), Error> {
    println!("== jpki-core demo: one card holder on the test CA ==\n");

    println!("1. A test CA with the JPKI shape: a self-signed root per purpose, three generations");
    println!("   sharing one DN (as signca01-03 / authca01-03), told apart by key identifiers.");
    let ca = TestCa::builder(2026).generations(3).build();
    for (i, root) in ca.signing_roots().iter().enumerate() {
        let c = root.certificate();
        let ski: String = c
            .subject_key_id()
            .unwrap_or_default()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        println!(
            "   signing root generation {}: {}  SKI {ski}…",
            i + 1,
            c.subject().to_rfc4514()
        );
    }

    println!(
        "\n2. The card is issued: a signing certificate and a user-authentication certificate."
    );
    let spec = HolderSpec::example();
    let pair = ca.issue_pair(&spec);

    let signing = Certificate::from_der(&pair.signing.der)?;
    println!(
        "\n   署名用電子証明書 (signing certificate), {} bytes:",
        signing.der().len()
    );
    print!("{}", common::Report::new(signing)?.to_text("     "));

    let auth = Certificate::from_der(&pair.user_authentication.der)?;
    println!(
        "\n   利用者証明用電子証明書 (user-authentication certificate), {} bytes:",
        auth.der().len()
    );
    print!("{}", common::Report::new(auth.clone())?.to_text("     "));

    println!("\n3. Asking the user-authentication certificate for the basic four items:");
    match auth.basic_four() {
        Err(e) => println!("   refused, as it must be: {e}"),
        Ok(_) => println!("   UNEXPECTED: personal data found"),
    }

    println!("\n4. A tampered certificate is refused with a typed error, never a panic:");
    let mut bytes = pair.signing.der.clone();
    bytes.push(0);
    match Certificate::from_der(&bytes) {
        Err(e) => println!("   trailing byte appended -> {e}"),
        Ok(_) => println!("   UNEXPECTED: accepted"),
    }
    bytes.truncate(bytes.len() - 10);
    match Certificate::from_der(&bytes) {
        Err(e) => println!("   truncated             -> {e}"),
        Ok(_) => println!("   UNEXPECTED: accepted"),
    }
    println!("\nDone.");
    Ok(())
}
