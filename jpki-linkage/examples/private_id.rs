//! A private-ID provider's year with one card holder, narrated: enrolment, a login with a
//! challenge, a smartphone's user-authentication certificate linked beside the card's, a move,
//! the revocation sweep, "revoked: please re-proof", re-proofing with the new signing
//! certificate, the phone sold and its certificate revoked on its own, and the next login.
//!
//! ```text
//! cargo run -p jpki-linkage --example private_id                  # on a fresh redb file
//! cargo run -p jpki-linkage --features postgres --example private_id -- --postgres URL
//! ```

use jpki_core::testkit::{CrlSpec, HolderSpec, IssuedCert, TestCa};
use jpki_core::{BasicFourInfo, CrlReason, RevocationIndex, UnixTime, Usage, Verifier};
use jpki_linkage::{
    CertificateKey, Challenges, Error, IdStatus, Lifecycle, LinkageStore, PrivateId,
};

/// A private-ID provider's year with one card holder and their smartphone, narrated.
// Parsed with clap like the other examples so that `--help` answers and a stray argument is a
// usage error (exit 2) instead of being silently ignored.
#[derive(Debug, clap::Parser)]
#[command(name = "private_id")]
struct Args {
    /// Keep the linkage in PostgreSQL at this URL (needs the feature `postgres`), in a schema
    /// of its own that is dropped at the end, instead of a fresh redb file.
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
}

const DIGEST_KEY: [u8; 32] = *b"keep-this-digest-key-secret-0001";

fn main() -> Result<(), Error> {
    let args = <Args as clap::Parser>::parse();
    match args.postgres {
        Some(url) => on_postgres(&url),
        None => on_redb(),
    }
}

#[cfg(feature = "redb")]
fn on_redb() -> Result<(), Error> {
    let path = std::env::temp_dir().join(format!("private_id-{}.redb", std::process::id()));
    let _ = std::fs::remove_file(&path);
    println!("(store: redb file {})", path.display());
    let result = story(jpki_linkage::RedbStore::open(&path)?);
    let _ = std::fs::remove_file(&path);
    result
}

#[cfg(not(feature = "redb"))]
fn on_redb() -> Result<(), Error> {
    println!("(store: in memory; the feature `redb` is off)");
    story(jpki_linkage::MemoryStore::new())
}

#[cfg(feature = "postgres")]
fn on_postgres(url: &str) -> Result<(), Error> {
    use jpki_linkage::{PostgresSettings, PostgresStore};
    let schema = format!("private_id_example_{}", std::process::id());
    println!("(store: PostgreSQL, schema {schema})");
    let settings = PostgresSettings {
        schema: Some(schema),
        ..PostgresSettings::default()
    };
    let store = PostgresStore::open_with(url, settings)?;
    let result = story(store.clone());
    store.drop_schema()?;
    result
}

#[cfg(not(feature = "postgres"))]
fn on_postgres(_url: &str) -> Result<(), Error> {
    eprintln!(
        "private_id: --postgres needs the feature `postgres` (cargo run -p jpki-linkage --features postgres --example private_id -- --postgres URL)"
    );
    std::process::exit(2);
}

fn story<S: LinkageStore>(store: S) -> Result<(), Error> {
    let ca = TestCa::new(2027);
    let verifier = Verifier::new([
        ca.signing_root().certificate(),
        ca.user_authentication_root().certificate(),
    ])?;
    let service = Lifecycle::new(store, DIGEST_KEY).keep_basic_four(true);
    let challenges = Challenges::new(120);
    let spec = HolderSpec::example();
    let pair = ca.issue_pair(&spec);
    // The smartphone's own certificates: same CAs, same person, their own keys and serials.
    let phone = ca.issue_pair(
        &spec
            .clone()
            .with_serials(20_270_201_000_001, 20_270_201_000_002),
    );

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

    let day2 = UnixTime::parse_rfc3339("2027-02-01T08:30:00+09:00")?;
    let ctx = Ctx {
        service: &service,
        challenges: &challenges,
        verifier: &verifier,
    };
    ctx.login(&pair.user_authentication, day2, "2.", "card")?;
    let phone_auth = verifier.verify(
        &phone.user_authentication.certificate(),
        Usage::UserAuthentication,
        day2,
    )?;
    service.link(id, &phone_auth, day2)?;
    println!(
        "   then sets up the smartphone: its user-authentication certificate {} is linked to {id}",
        phone_auth.serial()
    );
    let day3 = UnixTime::parse_rfc3339("2027-03-01T08:30:00+09:00")?;
    ctx.login(&phone.user_authentication, day3, "3.", "smartphone")?;

    println!(
        "\n4. 2027-06-10: the holder moves house; the municipality revokes the card's signing certificate."
    );
    let moved = UnixTime::parse_rfc3339("2027-06-10T10:30:00+09:00")?;
    let crl_time = UnixTime::parse_rfc3339("2027-06-11T00:00:00+09:00")?;
    let mut signing_index = RevocationIndex::new(ca.signing_root().certificate())?;
    signing_index.insert_der(&ca.issue_crl(&CrlSpec::signing(crl_time).revoke(
        pair.signing.serial,
        moved,
        Some(CrlReason::AffiliationChanged),
    )))?;
    let sweep_time = UnixTime::parse_rfc3339("2027-06-11T03:00:00+09:00")?;
    for a in service.sweep(&signing_index, sweep_time)? {
        println!(
            "   nightly sweep: ID {} — {} certificate {} revoked at {} ({}) -> {}",
            a.private_id,
            a.kind.as_str(),
            a.certificate.serial,
            a.revoked_at,
            a.reason.map_or("no reason", |r| r.as_str()),
            a.status.as_str()
        );
    }

    let day5 = UnixTime::parse_rfc3339("2027-06-12T09:00:00+09:00")?;
    if ctx.login(&pair.user_authentication, day5, "5.", "card")? == IdStatus::NeedsReproofing {
        println!(
            "   the app shows: \"revoked: please re-proof with your new signing certificate\""
        );
    }

    println!(
        "\n6. The holder re-proofs with the new signing certificate written at the town hall:"
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
        day5,
    )?;
    let changed = service.reproof(id, &new_signing, day5)?;
    println!(
        "   same person (name, date of birth, sex unchanged); changed items: {}",
        changed
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );

    println!(
        "\n7. 2027-09-01: the holder sells the phone; its user-authentication certificate is revoked."
    );
    let sold = UnixTime::parse_rfc3339("2027-09-01T12:00:00+09:00")?;
    let mut auth_index = RevocationIndex::new(ca.user_authentication_root().certificate())?;
    auth_index.insert_der(&ca.issue_crl(
        &CrlSpec::user_authentication(sold.plus_seconds(3_600)).revoke(
            phone.user_authentication.serial,
            sold,
            Some(CrlReason::CessationOfOperation),
        ),
    ))?;
    let night = sold.plus_seconds(12 * 3_600);
    // One sweep over both CAs' indexes: each answers for its own certificates.
    for a in service.sweep(&[signing_index, auth_index], night)? {
        println!(
            "   nightly sweep: ID {} — {} certificate {} revoked ({}) -> the ID stays {}",
            a.private_id,
            a.kind.as_str(),
            a.certificate.serial,
            a.reason.map_or("no reason", |r| r.as_str()),
            a.status.as_str()
        );
    }
    let phone_now = verifier.verify(
        &phone.user_authentication.certificate(),
        Usage::UserAuthentication,
        night,
    )?;
    match service.login(&phone_now, night) {
        Err(Error::CertificateNotActive) => {
            println!(
                "   a login with the sold phone's certificate is refused: it is no longer active"
            )
        }
        other => println!("   unexpected: {other:?}"),
    }
    let day8 = night.plus_seconds(86_400);
    ctx.login(&pair.user_authentication, day8, "8.", "card")?;

    println!("\n9. Certificates linked to {id}:");
    for c in service.certificates(id)? {
        println!(
            "   {:<20} {:<14} serial {:<16} since {}",
            c.kind.as_str(),
            c.status.as_str(),
            c.key.serial.to_string(),
            c.linked_at
        );
    }
    println!("\n   Audit trail:");
    for e in service.audit_trail(id)? {
        println!(
            "   {}  {:?}  certificate {}",
            e.at,
            e.kind,
            e.certificate
                .map_or("-".into(), |c: CertificateKey| c.serial.to_string())
        );
    }
    let rec = service.record(id)?.ok_or(Error::UnknownPrivateId)?;
    println!("\n   now: {}", rec.status.as_str());
    Ok(())
}

struct Ctx<'a, S: LinkageStore> {
    service: &'a Lifecycle<S>,
    challenges: &'a Challenges,
    verifier: &'a Verifier,
}

impl<S: LinkageStore> Ctx<'_, S> {
    /// A login: the service issues a challenge, the card (or phone) signs it, the service checks
    /// the signature, then finds the ID through the user-authentication certificate.
    fn login(
        &self,
        auth_cert: &IssuedCert,
        at: UnixTime,
        step: &str,
        device: &str,
    ) -> Result<IdStatus, Error> {
        let auth = self
            .verifier
            .verify(&auth_cert.certificate(), Usage::UserAuthentication, at)?;
        let mut session = [0u8; 16];
        rand::fill(&mut session);
        let challenge = self.challenges.issue(session, at);
        let signature = auth_cert.private_key.sign(&challenge.nonce);
        self.challenges
            .redeem(session, &challenge.nonce, &signature, &auth, at)?;
        let (id, status): (PrivateId, IdStatus) = self.service.login(&auth, at)?;
        println!(
            "\n{step} {at}: login with a challenge signed by the {device}'s user-authentication certificate {} -> ID {id} ({})",
            auth.serial(),
            status.as_str()
        );
        Ok(status)
    }
}
