//! The whole life of a My Number card holder, on the test CA, narrated.
//!
//! ```text
//! cargo run --example demo
//! ```

#[path = "common/mod.rs"]
mod common;

use jpki_core::testkit::{
    CmsBuilder, CrlSpec, HolderPair, HolderSpec, IssuedCert, TestCa, TestTsa,
};
use jpki_core::{
    BasicFourInfo, Certificate, CrlReason, Error, RevocationIndex, SignedData, SignedDataVerifier,
    TimestampVerifier, UnixTime, Usage, VerifiedCertificate, Verifier,
};
use jpki_linkage::{Lifecycle, MemoryStore, PrivateId};

/// The demo's errors: the core's (certificates, verification) and the linkage's.
type Res<T> = Result<T, Box<dyn std::error::Error>>;
type DemoResult = Res<()>;

fn main() -> DemoResult {
    println!("== jpki-core demo: one card holder on the test CA ==\n");
    let ca = step_1_roots();
    let card = step_2_issue_card(&ca)?;
    step_3_no_personal_data_in_auth(&card.auth);
    step_4_tampered(&card.pair.signing.der);
    let rp = step_5_verify_signing(&ca, &card)?;
    let document = step_6_sign_document(&card, &rp.signing)?;
    let auth_verified = step_7_login(&card, &rp)?;
    step_8_refusals(&card, &rp, &document)?;
    let (service, private_id) = step_8_enrol(&rp, &auth_verified)?;
    let moved = step_9_move(&ca, &card.spec)?;
    let revocation = step_10_crl(&ca, &card, &rp, &moved)?;
    step_10_sweep_and_reproof(&ca, &rp, &service, private_id, &revocation, &moved)?;
    step_11_signed_before_move(&revocation, &card, &rp, &document)?;
    step_11_timestamped_contract(&revocation, &card)?;
    step_12_next_generation(&service, private_id, &moved.spec)?;
    println!("\nDone.");
    Ok(())
}

/// The holder's card as issued: what was asked for, the certificates with their keys, and the
/// two certificates parsed.
struct Card {
    spec: HolderSpec,
    pair: HolderPair,
    signing: Certificate,
    auth: Certificate,
}

/// The relying party: its verifier (every root generation, both purposes), the time of the
/// first transactions, and the signing certificate it verified then.
struct RelyingParty {
    verifier: Verifier,
    at: UnixTime,
    signing: VerifiedCertificate,
}

/// The application the holder signs in step 6 and that step 11 checks again.
struct SignedDocument {
    bytes: &'static [u8],
    signature: Vec<u8>,
}

/// The move of step 9: when, the holder's new details and the new signing certificate.
struct Move {
    at: UnixTime,
    spec: HolderSpec,
    signing: IssuedCert,
}

/// Step 10's revocation data: the signing CRL listing the old certificate, the verifier that
/// checks it, and the time of the checks.
struct Revocation {
    crl_time: UnixTime,
    crl_der: Vec<u8>,
    checking: Verifier,
    after: UnixTime,
}

/// Step 1: the test CA, three root generations per purpose under one name.
fn step_1_roots() -> TestCa {
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
    ca
}

/// Step 2: the card's two certificates, described.
fn step_2_issue_card(ca: &TestCa) -> Res<Card> {
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
    print!("{}", common::Report::new(signing.clone())?.to_text("     "));

    let auth = Certificate::from_der(&pair.user_authentication.der)?;
    println!(
        "\n   利用者証明用電子証明書 (user-authentication certificate), {} bytes:",
        auth.der().len()
    );
    print!("{}", common::Report::new(auth.clone())?.to_text("     "));
    Ok(Card {
        spec,
        pair,
        signing,
        auth,
    })
}

/// Step 3: the user-authentication certificate has no basic four items to give.
fn step_3_no_personal_data_in_auth(auth: &Certificate) {
    println!("\n3. Asking the user-authentication certificate for the basic four items:");
    match auth.basic_four() {
        Err(e) => println!("   refused, as it must be: {e}"),
        Ok(_) => println!("   UNEXPECTED: personal data found"),
    }
}

/// Step 4: damaged DER is a typed error.
fn step_4_tampered(signing_der: &[u8]) {
    println!("\n4. A tampered certificate is refused with a typed error, never a panic:");
    let mut bytes = signing_der.to_vec();
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
}

/// Step 5: a relying party trusts every root and verifies the signing certificate.
fn step_5_verify_signing(ca: &TestCa, card: &Card) -> Res<RelyingParty> {
    println!("\n5. A relying party verifies the signing certificate against the signing roots");
    println!(
        "   (all three generations; the key identifier picks the right one), as of 2027-04-01:"
    );
    let at = UnixTime::parse_rfc3339("2027-04-01T09:00:00+09:00")?;
    let verifier = Verifier::new(
        ca.signing_roots()
            .iter()
            .chain(ca.user_authentication_roots().iter())
            .map(|r| r.certificate()),
    )?;
    let verified = verifier.verify(&card.signing, Usage::Signing, at)?;
    println!(
        "   valid: {} certificate {} -> root, path of {} certificates",
        verified.kind().map_or("?", |k| k.as_str()),
        verified.serial(),
        verified.path_len()
    );
    Ok(RelyingParty {
        verifier,
        at,
        signing: verified,
    })
}

/// Step 6: a document signed with the card's signing key, checked by the service.
fn step_6_sign_document(card: &Card, verified: &VerifiedCertificate) -> Res<SignedDocument> {
    println!("\n6. The holder signs an application with the signing key; the service checks it:");
    let bytes = "転入届 (moving-in notification), 2027-04-01".as_bytes();
    let signature = card.pair.signing.private_key.sign(bytes);
    verified.verify_signature(bytes, &signature)?;
    println!(
        "   document signature: valid ({} bytes, sha256WithRSAEncryption)",
        signature.len()
    );
    Ok(SignedDocument { bytes, signature })
}

/// Step 7: a login, a random challenge signed with the user-authentication key.
fn step_7_login(card: &Card, rp: &RelyingParty) -> Res<VerifiedCertificate> {
    println!(
        "\n7. The holder logs in: the service sends a random challenge, the card signs it with"
    );
    println!("   the user-authentication key (4-digit PIN), the service verifies:");
    let mut challenge = [0u8; 32];
    rand::fill(&mut challenge);
    let auth_verified = rp
        .verifier
        .verify(&card.auth, Usage::UserAuthentication, rp.at)?;
    let answer = card.pair.user_authentication.private_key.sign(&challenge);
    auth_verified.verify_signature(&challenge, &answer)?;
    println!("   login challenge {}…: valid", hex(&challenge[..8]));
    Ok(auth_verified)
}

/// Step 8: forgeries, expiry and the wrong certificate for the job, each refused by name.
fn step_8_refusals(card: &Card, rp: &RelyingParty, document: &SignedDocument) -> Res<()> {
    println!("\n8. What must be refused is refused, each with the check that failed:");
    let mut forged = document.signature.clone();
    if let Some(b) = forged.first_mut() {
        *b ^= 0x55;
    }
    report(
        "forged document signature",
        rp.signing.verify_signature(document.bytes, &forged),
    );
    let later = UnixTime::parse_rfc3339("2031-07-16T00:00:00+09:00")?;
    report(
        "signing certificate after its notAfter",
        rp.verifier
            .verify(&card.signing, Usage::Signing, later)
            .map(drop),
    );
    report(
        "user-authentication certificate presented for signing",
        rp.verifier
            .verify(&card.auth, Usage::Signing, rp.at)
            .map(drop),
    );
    report(
        "signing certificate presented for login",
        rp.verifier
            .verify(&card.signing, Usage::UserAuthentication, rp.at)
            .map(drop),
    );
    Ok(())
}

/// Step 8, continued: a private-ID service enrols the holder and finds them again at login.
fn step_8_enrol(
    rp: &RelyingParty,
    auth_verified: &VerifiedCertificate,
) -> Res<(Lifecycle<MemoryStore>, PrivateId)> {
    println!("\n   A private-ID service proofs the holder with the signing certificate:");
    let service = Lifecycle::new(MemoryStore::new(), [42; 32]).keep_basic_four(true);
    let private_id = service.enroll(&rp.signing, Some(auth_verified), rp.at)?;
    let found = service.login(auth_verified, rp.at)?.0 == private_id;
    println!("   private ID {private_id} (random 128 bits); a login finds it: {found}");
    Ok((service, private_id))
}

/// Step 9: a move changes the address, so a new signing certificate is written to the card.
fn step_9_move(ca: &TestCa, spec: &HolderSpec) -> Res<Move> {
    println!(
        "\n9. The holder moves house (2027-06-10). The address is one of the basic four items, so"
    );
    println!(
        "   the municipality revokes the signing certificate (affiliationChanged) and a new one is"
    );
    println!(
        "   written to the card. The user-authentication certificate carries no personal data and"
    );
    println!("   is NOT revoked on a change of the basic four items (jpki-profile.md).");
    let moved = UnixTime::parse_rfc3339("2027-06-10T10:30:00+09:00")?;
    let old = &spec.basic_four;
    let new_info = BasicFourInfo::new(
        old.name(),
        old.date_of_birth(),
        old.sex(),
        "大阪府大阪市北区中之島一丁目３番２０号",
    )?;
    let mut new_spec = spec
        .clone()
        .with_serials(20_270_610_000_001, 20_270_610_000_002);
    new_spec.basic_four = new_info;
    new_spec.locality = ("Osaka-fu".into(), "Osaka-shi".into());
    new_spec.not_before = moved;
    let new_signing = ca.issue_signing(&new_spec);
    println!(
        "   new signing certificate {} (decimal {})",
        new_signing.serial,
        new_signing.serial.to_decimal()
    );
    Ok(Move {
        at: moved,
        spec: new_spec,
        signing: new_signing,
    })
}

/// Step 10: the municipality's CRL revokes the old signing certificate and only it.
fn step_10_crl(ca: &TestCa, card: &Card, rp: &RelyingParty, moved: &Move) -> Res<Revocation> {
    println!("\n10. The next day's CRL for Chiyoda-ku lists the old signing certificate:");
    let crl_time = UnixTime::parse_rfc3339("2027-06-11T00:00:00+09:00")?;
    let crl = CrlSpec::signing(crl_time)
        .partition("Tokyo-to", "Chiyoda-ku")
        .number(412)
        .revoke(
            card.pair.signing.serial,
            moved.at,
            Some(CrlReason::AffiliationChanged),
        );
    let crl_der = ca.issue_crl(&crl);
    let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    index.insert_der(&crl_der)?;
    let auth_crl = ca.issue_crl(
        &CrlSpec::user_authentication(crl_time)
            .partition("Tokyo-to", "Chiyoda-ku")
            .number(412),
    );
    let mut auth_index = RevocationIndex::new(ca.user_authentication_root().certificate())?;
    auth_index.insert_der(&auth_crl)?;
    println!(
        "   CRL #{}: {} bytes, {} revoked entr{}, signature checked before indexing",
        412,
        crl_der.len(),
        index.len(),
        if index.len() == 1 { "y" } else { "ies" }
    );
    let checking = rp
        .verifier
        .clone()
        .with_revocation(index)
        .with_revocation(auth_index);
    let after = UnixTime::parse_rfc3339("2027-06-11T09:00:00+09:00")?;
    report(
        "old signing certificate, the day after the move",
        checking
            .verify(&card.signing, Usage::Signing, after)
            .map(drop),
    );
    let auth_now = checking.verify(&card.auth, Usage::UserAuthentication, after)?;
    println!(
        "   {:<55} -> valid, revocation {}",
        "user-authentication certificate, same day",
        auth_now.revocation().map_or("not checked", |s| s.as_str())
    );
    Ok(Revocation {
        crl_time,
        crl_der,
        checking,
        after,
    })
}

/// Step 10, continued: the private-ID service's sweep, and re-proofing with the new certificate.
fn step_10_sweep_and_reproof(
    ca: &TestCa,
    rp: &RelyingParty,
    service: &Lifecycle<MemoryStore>,
    private_id: PrivateId,
    revocation: &Revocation,
    moved: &Move,
) -> Res<()> {
    println!(
        "\n    The private-ID service's nightly sweep flags the ID; the holder re-proofs with the new"
    );
    println!(
        "    signing certificate (Osaka-shi's CRL partition is loaded too) and keeps the same ID:"
    );
    let mut sweep_index = RevocationIndex::new(ca.signing_root().certificate())?;
    sweep_index.insert_der(&revocation.crl_der)?;
    let osaka = ca.issue_crl(
        &CrlSpec::signing(revocation.crl_time)
            .partition("Osaka-fu", "Osaka-shi")
            .number(88),
    );
    sweep_index.insert_der(&osaka)?;
    for hit in service.sweep(&sweep_index, revocation.after)? {
        println!(
            "    sweep: ID {} needs re-proofing (revoked {})",
            hit.private_id, hit.revoked_at
        );
    }
    let new_checked = rp.verifier.clone().with_revocation(sweep_index).verify(
        &moved.signing.certificate(),
        Usage::Signing,
        revocation.after,
    )?;
    let changed = service.reproof(private_id, &new_checked, revocation.after)?;
    let changed: Vec<String> = changed.iter().map(|i| i.to_string()).collect();
    println!(
        "    re-proofed, same ID; changed items: {}",
        changed.join(", ")
    );
    Ok(())
}

/// Step 11: the document of step 6, verified as of its signing time, is still good.
fn step_11_signed_before_move(
    revocation: &Revocation,
    card: &Card,
    rp: &RelyingParty,
    document: &SignedDocument,
) -> Res<()> {
    println!(
        "\n11. The application signed on 2027-04-01 (step 6) was signed before the move: verified"
    );
    println!("    as of its signing time, the old certificate was good then.");
    let then = revocation
        .checking
        .verify(&card.signing, Usage::Signing, rp.at)?;
    then.verify_signature(document.bytes, &document.signature)?;
    println!(
        "   signature of 2027-04-01: valid (revocation status at that time: {})",
        then.revocation().map_or("not checked", |s| s.as_str())
    );
    Ok(())
}

/// Step 11, continued: the question a relying party cannot answer with the signer's own
/// clock. A lease signed in March carries an RFC 3161 signature time-stamp (CAdES-T); in
/// December, after the move, it is still valid at its timestamp, while a copy without one is
/// refused as revoked.
fn step_11_timestamped_contract(revocation: &Revocation, card: &Card) -> DemoResult {
    println!(
        "\n11b. A lease signed on 2027-03-01 carries a time-stamp from an accredited TSA (CAdES-T);"
    );
    println!("     in December the relying party checks it against the TSA's own roots.");
    let tsa = TestTsa::new(2026);
    let march = UnixTime::parse_rfc3339("2027-03-01T10:00:00+09:00")?;
    let december = UnixTime::parse_rfc3339("2027-12-01T10:00:00+09:00")?;
    let lease = b"Lease agreement, Chiyoda-ku, from 2027-04-01".to_vec();
    let stamped = SignedData::from_der(
        &CmsBuilder::new(lease.clone())
            .signer(&card.pair.signing)
            .timestamped(&tsa, march)
            .build(),
    )?;
    let plain = SignedData::from_der(&CmsBuilder::new(lease).signer(&card.pair.signing).build())?;
    // The TSA's roots are a separate trust decision: never the JPKI anchors.
    let tsa_verifier = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?);
    let documents =
        SignedDataVerifier::new(revocation.checking.clone()).with_timestamps(tsa_verifier);
    let verified = documents.verify(&stamped, december).into_verified()?;
    let signer = &verified.signers()[0];
    println!(
        "   {:<55} -> valid, checked at {} (timestamp), revocation then: {}",
        "timestamped lease, checked 2027-12-01",
        signer.checked_at(),
        signer
            .certificate()
            .revocation()
            .map_or("not checked", |s| s.as_str())
    );
    report(
        "the same lease without a timestamp, checked 2027-12-01",
        documents.verify(&plain, december).into_verified().map(drop),
    );
    Ok(())
}

/// Step 12: the card is renewed as a next-generation card (ECDSA P-384 with SHA-384, under
/// roots with the same names as today's RSA roots); the private ID follows the holder.
fn step_12_next_generation(
    service: &Lifecycle<MemoryStore>,
    private_id: PrivateId,
    spec: &HolderSpec,
) -> DemoResult {
    println!(
        "\n12. 2029-05-01: the card is renewed as a next-generation card. Its certificates use ECDSA"
    );
    println!(
        "    P-384 with SHA-384 and run 10 years, under a 20-year root that shares its name with"
    );
    println!("    today's RSA roots; the relying party trusts both generations at once.");
    // The same CA (same seed: the RSA generations are the same keys) with its next generation.
    let ca = TestCa::builder(2026)
        .generations(3)
        .next_generation()
        .build();
    let renewed = spec
        .clone()
        .with_serials(20_290_501_000_001, 20_290_501_000_002)
        .with_next_generation_card(2029, 5, 1);
    let pair = ca.issue_pair(&renewed);
    let signing = pair.signing.certificate();
    println!(
        "    new signing certificate {}: key {}, signed with {}, valid until {}",
        signing.serial(),
        signing.key_algorithm(),
        signing.signature_algorithm(),
        signing.validity().not_after
    );
    let verifier = Verifier::new(ca.signing_roots().iter().map(|r| r.certificate()))?;
    let at = UnixTime::parse_rfc3339("2029-05-02T09:00:00+09:00")?;
    let verified = verifier.verify(&signing, Usage::Signing, at)?;
    let anchor = verified.anchor().map(|a| a.key_algorithm().to_string());
    println!(
        "    verified under the {} root of the same name",
        anchor.as_deref().unwrap_or("?")
    );
    let document = "更新申請 (renewal application)".as_bytes();
    verified.verify_signature(document, &pair.signing.private_key.sign(document))?;
    println!("    a document signed on the new card: valid (ECDSA P-384, SHA-384)");
    let changed = service.reproof(private_id, &verified, at)?;
    println!(
        "    the private-ID service re-proofs with it: same ID {private_id}, changed items: {}",
        if changed.is_empty() {
            "none (same person, new certificate, new algorithm)".to_owned()
        } else {
            changed
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    Ok(())
}

fn report(what: &str, outcome: Result<(), Error>) {
    match outcome {
        Err(e) => println!("   {what:<55} -> refused: {} ({e})", e.check_name()),
        Ok(()) => println!("   {what:<55} -> UNEXPECTEDLY ACCEPTED"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
