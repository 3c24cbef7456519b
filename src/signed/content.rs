//! The content as the signers need it: its digests under every algorithm they use, computed in
//! one pass over bytes given in any number of pieces (a reader, a PDF's byte ranges). A signer
//! without signed attributes signs the content itself, and is verified from the same digest
//! (prehashed verification), so the content is never held.

use std::io::Read;

use super::SignedData;
use super::digest::{DigestAlgorithm, Hasher};

/// The size of the buffer [`ContentHasher::read_from`] reads through.
const READ_BUFFER: usize = 64 * 1024;

/// Computes a SignedData's content digests in one pass (every digest algorithm its signers
/// use), from pieces fed in order: a file read with [`ContentHasher::read_from`], or a PDF's
/// byte ranges with [`ContentHasher::update`]. Memory does not grow with the content, whether
/// or not the signers have signed attributes: without them the signature is verified over the
/// content's digest ([`PublicKey::verify_prehashed`](crate::PublicKey::verify_prehashed)).
/// A SHA-1 signer's digest is computed too; the verifier's
/// [`LegacySha1`](crate::LegacySha1) policy decides whether it counts.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{ContentHasher, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let signer = ca.issue_signing(&HolderSpec::example());
/// let document = b"%PDF-1.7 ... signature gap ... %%EOF";
/// let der = CmsBuilder::new(document.to_vec()).detached().signer(&signer).build();
/// let signed = SignedData::from_der(&der)?;
/// // The content in two pieces, as a PDF's ByteRange gives it.
/// let mut hasher = ContentHasher::new(&signed);
/// hasher.update(&document[..10]);
/// hasher.update(&document[10..]);
/// let digests = hasher.finish();
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// assert!(verifier.verify_digests(&signed, &digests, at).is_valid());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone)]
pub struct ContentHasher {
    hashers: Vec<(DigestAlgorithm, Hasher)>,
}

impl core::fmt::Debug for ContentHasher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ContentHasher")
            .field(
                "algorithms",
                &self.hashers.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl ContentHasher {
    /// A hasher for the digest algorithms of `signed`'s signers.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentHasher, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build())?;
    /// let digests = ContentHasher::new(&signed).finish();
    /// assert!(format!("{digests:?}").contains("Sha256"));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(signed: &SignedData) -> Self {
        let mut hashers: Vec<(DigestAlgorithm, Hasher)> = Vec::new();
        for signer in signed.signers() {
            let alg = signer.digest_algorithm();
            if hashers.iter().any(|(a, _)| *a == alg) {
                continue;
            }
            if let Some(h) = Hasher::with_legacy_sha1(alg) {
                hashers.push((alg, h));
            }
        }
        Self { hashers }
    }

    /// Feeds the next piece of the content.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentHasher, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"ab".to_vec()).detached().signer(&signer).build())?;
    /// let mut split = ContentHasher::new(&signed);
    /// split.update(b"a");
    /// split.update(b"b");
    /// let mut whole = ContentHasher::new(&signed);
    /// whole.update(b"ab");
    /// assert_eq!(format!("{:?}", split.finish()), format!("{:?}", whole.finish()));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn update(&mut self, data: &[u8]) {
        for (_, h) in &mut self.hashers {
            h.update(data);
        }
    }

    /// Feeds everything `reader` gives, through a fixed 64 KiB buffer; returns the bytes read.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentHasher, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build())?;
    /// let mut hasher = ContentHasher::new(&signed);
    /// assert_eq!(hasher.read_from(&b"x"[..]).map_err(|_| jpki_core::Error::NoSigner)?, 1);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn read_from(&mut self, reader: impl Read) -> std::io::Result<u64> {
        super::digest::read_into(reader, READ_BUFFER, |chunk| self.update(chunk))
    }

    /// The digests.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentHasher, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build())?;
    /// let digests = ContentHasher::new(&signed).finish();
    /// assert!(!format!("{digests:?}").is_empty());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn finish(self) -> ContentDigests {
        ContentDigests {
            digests: self
                .hashers
                .into_iter()
                .map(|(a, h)| (a, h.finish()))
                .collect(),
        }
    }
}

/// The digests of a content, from a [`ContentHasher`] (or [`ContentDigests::of`] for content
/// in memory), for [`SignedDataVerifier::verify_digests`](crate::SignedDataVerifier::verify_digests).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{ContentDigests, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let signer = ca.issue_signing(&HolderSpec::example());
/// let signed = SignedData::from_der(&CmsBuilder::new(b"form".to_vec()).detached().signer(&signer).build())?;
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// assert!(verifier.verify_digests(&signed, &ContentDigests::of(&signed, b"form"), at).is_valid());
/// assert!(!verifier.verify_digests(&signed, &ContentDigests::of(&signed, b"forged"), at).is_valid());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone)]
pub struct ContentDigests {
    digests: Vec<(DigestAlgorithm, Vec<u8>)>,
}

impl core::fmt::Debug for ContentDigests {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ContentDigests")
            .field(
                "algorithms",
                &self.digests.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl ContentDigests {
    /// The digests of content held in memory.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentDigests, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build())?;
    /// assert!(format!("{:?}", ContentDigests::of(&signed, b"x")).contains("Sha256"));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn of(signed: &SignedData, content: &[u8]) -> Self {
        let mut hasher = ContentHasher::new(signed);
        hasher.update(content);
        hasher.finish()
    }

    pub(crate) fn digest(&self, alg: DigestAlgorithm) -> Option<&[u8]> {
        self.digests
            .iter()
            .find(|(a, _)| *a == alg)
            .map(|(_, d)| d.as_slice())
    }
}
