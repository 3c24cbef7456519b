//! A private-ID provider's year with one card holder, narrated: enrolment, a login with a
//! challenge, a move, the revocation sweep, "revoked: please re-proof", re-proofing with the new
//! signing certificate, and the next login.
//!
//! ```text
//! cargo run --example private_id
//! ```

use jpki_core::testkit::{CrlSpec, HolderSpec, TestCa};
use jpki_core::{BasicFourInfo, CrlReason, RevocationIndex, UnixTime, Usage, Verifier};
use jpki_linkage::{Challenges, Error, IdStatus, Lifecycle, MemoryStore, PrivateId};

/// A private-ID provider's year with one card holder, narrated. Takes no arguments.
// Parsed with clap like the other examples so that `--help` answers and a stray argument is a
// usage error (exit 2) instead of being silently ignored.
#[derive(Debug, clap::Parser)]
#[command(name = "private_id")]
struct Args {}

fn main() -> Result<(), Error> {
    let Args {} = <Args as clap::Parser>::parse();
    let ca = TestCa::new(2027);
    let verifier = Verifier::new([
        ca.signing_root().certificate(),
        ca.user_authentication_root().certificate(),
    ])?;
    // A persistent service would use RedbStore::open("linkage.redb") (feature `redb`, default).
    let service = Lifecycle::new(MemoryStore::new(), *b"keep-this-digest-key-secret-0001")
        .keep_basic_four(true);
    let challenges = Challenges::new(120);
    let spec = HolderSpec::example();
    let pair = ca.issue_pair(&spec);

    println!("== private ID lifecycle ==\n");
    let day1 = UnixTime::parse_rfc3339("2027-01-10T10:00:00+09:00")?;
    let signing = verifier.verify(&pair.signing.certificate(), Usage::Signing, day1)?;
    let auth = verifier.verify(
        &pair.user_authentication.certificate(),
        Usage::UserAuthentication,
        day1,
    )?;
    let id = service.enroll(&signing, Some(&auth), day1)?;
    println!(
        "1. {day1}: proofed with signing certificate {} -> private ID {id}",
        signing.serial()
    );
    println!("   (128 random bits; the basic four items are kept because this service chose to)");

    let day2 = UnixTime::parse_rfc3339("2027-03-01T08:30:00+09:00")?;
    login(
        &service,
        &challenges,
        &verifier,
        &pair.user_authentication,
        day2,
        "2.",
    )?;

    println!(
        "\n3. 2027-06-10: the holder moves house; the municipality revokes the signing certificate."
    );
    let moved = UnixTime::parse_rfc3339("2027-06-10T10:30:00+09:00")?;
    let crl_time = UnixTime::parse_rfc3339("2027-06-11T00:00:00+09:00")?;
    let crl = ca.issue_crl(&CrlSpec::signing(crl_time).revoke(
        pair.signing.serial,
        moved,
        Some(CrlReason::AffiliationChanged),
    ));
    let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    index.insert_der(&crl)?;
    let sweep_time = UnixTime::parse_rfc3339("2027-06-11T03:00:00+09:00")?;
    for a in service.sweep(&index, sweep_time)? {
        println!(
            "   nightly sweep: ID {} — signing certificate {} revoked at {} ({}) -> needs re-proofing",
            a.private_id,
            a.serial,
            a.revoked_at,
            a.reason.map_or("no reason", |r| r.as_str())
        );
    }

    let day4 = UnixTime::parse_rfc3339("2027-06-12T09:00:00+09:00")?;
    let status = login(
        &service,
        &challenges,
        &verifier,
        &pair.user_authentication,
        day4,
        "4.",
    )?;
    if status == IdStatus::NeedsReproofing {
        println!(
            "   the app shows: \"revoked: please re-proof with your new signing certificate\""
        );
    }

    println!(
        "\n5. The holder re-proofs with the new signing certificate written at the town hall:"
    );
    let old = &spec.basic_four;
    let mut new_spec = spec
        .clone()
        .with_serials(20_270_610_000_001, 20_270_610_000_002);
    new_spec.basic_four = BasicFourInfo::new(
        old.name(),
        old.date_of_birth(),
        old.sex(),
        "大阪府大阪市北区中之島一丁目３番２０号",
    )?;
    new_spec.not_before = moved;
    let new_signing = verifier.verify(
        &ca.issue_signing(&new_spec).certificate(),
        Usage::Signing,
        day4,
    )?;
    let changed = service.reproof(id, &new_signing, day4)?;
    println!(
        "   same person (name, date of birth, sex unchanged); changed items: {}",
        changed
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );

    let day6 = UnixTime::parse_rfc3339("2027-06-20T19:00:00+09:00")?;
    login(
        &service,
        &challenges,
        &verifier,
        &pair.user_authentication,
        day6,
        "6.",
    )?;

    println!("\n7. Audit trail of {id}:");
    for e in service.audit_trail(id)? {
        println!(
            "   {}  {:?}  signing {}",
            e.at,
            e.kind,
            e.signing_serial.map_or("-".into(), |s| s.to_string())
        );
    }
    let rec = service.record(id)?.ok_or(Error::UnknownPrivateId)?;
    println!(
        "\n   now: {} with signing certificate {}, history {:?}",
        rec.status.as_str(),
        rec.signing_serial,
        rec.history
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    Ok(())
}

/// A login: the service issues a challenge, the card signs it, the service checks the
/// signature, then finds the ID through the user-authentication certificate.
fn login(
    service: &Lifecycle<MemoryStore>,
    challenges: &Challenges,
    verifier: &Verifier,
    auth_cert: &jpki_core::testkit::IssuedCert,
    at: UnixTime,
    step: &str,
) -> Result<IdStatus, Error> {
    let auth = verifier.verify(&auth_cert.certificate(), Usage::UserAuthentication, at)?;
    let mut session = [0u8; 16];
    rand::fill(&mut session);
    let challenge = challenges.issue(session, at);
    let signature = auth_cert.private_key.sign(&challenge.nonce);
    challenges.redeem(session, &challenge.nonce, &signature, &auth, at)?;
    let (id, status): (PrivateId, IdStatus) = service.login(&auth, at)?;
    println!(
        "\n{step} {at}: login with challenge signed by user-authentication certificate {} -> ID {id} ({})",
        auth.serial(),
        status.as_str()
    );
    Ok(status)
}
