//! Who may send the hub a return, and who may send a laptop a reference pack.
//!
//! - **Each laptop has its own identity.** The IMG secretary adds a laptop on the hub
//!   ([`add_laptop`]): the hub records it (a name, when, by whom) and writes a join file for
//!   that laptop alone, holding the hub's public keys, the laptop's id at the hub, a one-time
//!   enrolment token and the key that laptop's reference packs are sealed to. When the laptop
//!   joins, it makes its own Ed25519 signing key, which never leaves it.
//! - **Returns are signed by the laptop.** The first return the hub accepts from a laptop
//!   carries the laptop's public key with a proof made from the enrolment token (an
//!   HMAC-SHA256 over the laptop's id and key): the hub checks it and binds the key to the
//!   laptop. From then on the hub takes returns from that laptop only when that key signed
//!   them, so a join file copied after the laptop joined is of no use to anyone. A join file
//!   used first by someone else shows at once: the real laptop's returns are refused as signed
//!   by the wrong key, and the IMG secretary adds the laptop again.
//! - **Packs are signed by the hub** with the hub's own key, whose public half every join file
//!   carries, and sealed to the laptops the hub has not withdrawn (age, one recipient each).
//! - **The IMG secretary can withdraw a laptop** ([`withdraw`]): its returns are refused from
//!   then on, and packs are no longer sealed to it.
//!
//! A signed file is `MAGIC`, the signer's 32-byte public key, the 64-byte signature of the
//! SHA-256 of the context and the payload, then the payload; it is what age seals, so the signature is
//! hidden with the contents and covers them whole. The context (return or pack) stops a
//! signature made for one kind of file being passed off as the other.

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::Sha256;
use uuid::Uuid;

use crate::error::{Error, Result};

const MAGIC: &[u8] = b"cofrestr-signed/1\n";
/// What a laptop signs: a return.
pub const RETURN: &[u8] = b"cofrestr departmental return\0";
/// What the hub signs: a reference pack.
pub const PACK: &[u8] = b"cofrestr reference pack\0";
const ENROL: &[u8] = b"cofrestr enrolment\0";

fn random32() -> [u8; 32] {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the operating system gives random bytes");
    b
}

/// A new signing key.
pub(crate) fn new_signing_key() -> SigningKey {
    SigningKey::from_bytes(&random32())
}

/// A signing key as stored (hex).
pub(crate) fn signing_key(hex_secret: &str) -> Result<SigningKey> {
    let bytes: [u8; 32] = hex::decode(hex_secret)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::bad_input("err-join-unreadable"))?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// A public key as stored or carried (hex).
pub(crate) fn verifying_key(hex_public: &str) -> Result<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_public)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::bad_input("err-join-unreadable"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| Error::bad_input("err-join-unreadable"))
}

/// What is signed: the SHA-256 of the context and the payload, so a large return is hashed as
/// it is, never copied.
fn digest_for(context: &[u8], payload: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = Sha256::new();
    h.update(context);
    h.update(payload);
    h.finalize().into()
}

/// `payload` signed by `key` for `context`, framed as the module notes say.
pub fn sign(key: &SigningKey, context: &[u8], payload: &[u8]) -> Vec<u8> {
    let signature = key.sign(&digest_for(context, payload));
    let mut out = Vec::with_capacity(MAGIC.len() + 96 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key.verifying_key().as_bytes());
    out.extend_from_slice(&signature.to_bytes());
    out.extend_from_slice(payload);
    out
}

/// A signed file opened: who signed it and what, once the signature is proved good for
/// `context`. Anything else (unsigned, altered, signed for the other kind of file) is refused.
pub fn open_signed<'a>(framed: &'a [u8], context: &[u8]) -> Result<(VerifyingKey, &'a [u8])> {
    let unreadable = || Error::bad_input("err-return-unsigned");
    let rest = framed.strip_prefix(MAGIC).ok_or_else(unreadable)?;
    if rest.len() < 96 {
        return Err(unreadable());
    }
    let (key, rest) = rest.split_at(32);
    let (signature, payload) = rest.split_at(64);
    let key = VerifyingKey::from_bytes(key.try_into().expect("32 bytes")).map_err(|_| unreadable())?;
    let signature = ed25519_dalek::Signature::from_bytes(signature.try_into().expect("64 bytes"));
    key.verify(&digest_for(context, payload), &signature).map_err(|_| Error::bad_input("err-return-bad-signature"))?;
    Ok((key, payload))
}

fn proof_mac(token: &[u8], laptop_id: &str, signer: &VerifyingKey) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(token).expect("HMAC takes a key of any length");
    mac.update(ENROL);
    mac.update(laptop_id.as_bytes());
    mac.update(b"\0");
    mac.update(signer.as_bytes());
    mac
}

/// The proof a laptop sends with its returns: it holds the enrolment token of the join file
/// the hub made for `laptop_id`, and binds its own key to it.
pub(crate) fn enrol_proof(token_hex: &str, laptop_id: &str, signer: &VerifyingKey) -> Result<String> {
    let token = hex::decode(token_hex).map_err(|_| Error::bad_input("err-join-unreadable"))?;
    Ok(hex::encode(proof_mac(&token, laptop_id, signer).finalize().into_bytes()))
}

fn proof_holds(token_hex: &str, laptop_id: &str, signer: &VerifyingKey, proof_hex: &str) -> bool {
    let (Ok(token), Ok(proof)) = (hex::decode(token_hex), hex::decode(proof_hex)) else { return false };
    // Compared in constant time.
    proof_mac(&token, laptop_id, signer).verify_slice(&proof).is_ok()
}

/// What the hub holds for one laptop it added.
struct Enrolled {
    token: String,
    source: Option<String>,
    signing_public: Option<String>,
    revoked_at: Option<String>,
    replaces: Option<String>,
}

/// The hub's decision on who signed a return (see [`admit`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Admitted {
    /// The laptop's key was bound before and signed this return.
    Known,
    /// This is the laptop's first return: its key is bound when the return is applied.
    Binding,
}

/// Whether the hub takes a return that `signer` signed, claiming to be laptop `laptop_id`
/// (installation `source`) with enrolment proof `proof`. Refused: a laptop the hub never added
/// or has withdrawn, a key other than the one bound to the laptop, another installation using
/// the laptop's identity, or a first return whose proof does not hold.
pub(crate) fn admit(
    conn: &Connection,
    laptop_id: &str,
    source: &str,
    signer: &VerifyingKey,
    proof: &str,
) -> Result<Admitted> {
    let enrolled: Option<Enrolled> = conn
        .query_row(
            "SELECT token, source, signing_public, revoked_at, replaces FROM laptops WHERE id = ?1",
            [laptop_id],
            |r| {
                Ok(Enrolled {
                    token: r.get(0)?,
                    source: r.get(1)?,
                    signing_public: r.get(2)?,
                    revoked_at: r.get(3)?,
                    replaces: r.get(4)?,
                })
            },
        )
        .optional()?;
    let Some(e) = enrolled else { return Err(Error::bad_input("err-return-unknown-laptop")) };
    if let Some(at) = e.revoked_at {
        let on =
            DateTime::parse_from_rfc3339(&at).map(|t| crate::time::london_display(t.with_timezone(&Utc))).unwrap_or(at);
        return Err(Error::bad_input_with("err-return-withdrawn", &[("at", &on)]));
    }
    match (&e.signing_public, &e.source) {
        (Some(bound), Some(bound_source)) => {
            if *bound != hex::encode(signer.as_bytes()) {
                return Err(Error::bad_input("err-return-wrong-key"));
            }
            if bound_source != source {
                return Err(Error::bad_input("err-return-wrong-key"));
            }
            Ok(Admitted::Known)
        }
        _ => {
            if !proof_holds(&e.token, laptop_id, signer, proof) {
                return Err(Error::bad_input("err-return-bad-enrolment"));
            }
            // An installation with a history at the hub (returns it sent, a laptop bound to it)
            // is taken over only by a laptop the IMG secretary added to replace it: otherwise
            // any join file could claim another department's history and what it agreed.
            let history: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM returns_in WHERE source = ?1) OR EXISTS (SELECT 1 FROM laptops WHERE source = ?1 AND id <> ?2)",
                [source, laptop_id],
                |r| r.get(0),
            )?;
            if history && e.replaces.as_deref() != Some(source) {
                return Err(Error::bad_input("err-return-takes-over"));
            }
            Ok(Admitted::Binding)
        }
    }
}

/// Binds a laptop's key at its first return (in the return's transaction). A laptop it
/// replaces is withdrawn: one installation, one laptop.
pub(crate) fn bind(
    conn: &Connection,
    laptop_id: &str,
    source: &str,
    signer: &VerifyingKey,
    now: DateTime<Utc>,
) -> Result<()> {
    let name: String = conn.query_row("SELECT name FROM laptops WHERE id = ?1", [laptop_id], |r| r.get(0))?;
    conn.execute(
        "UPDATE laptops SET revoked_at = ?3, revoked_by = ?4 WHERE source = ?1 AND id <> ?2 AND revoked_at IS NULL",
        params![source, laptop_id, crate::time::stamp(now), format!("({name})")],
    )?;
    conn.execute(
        "UPDATE laptops SET source = ?2, signing_public = ?3, bound_at = ?4 WHERE id = ?1 AND signing_public IS NULL",
        params![laptop_id, source, hex::encode(signer.as_bytes()), crate::time::stamp(now)],
    )?;
    Ok(())
}

/// An installation that has a history at the hub, which a laptop added again may take over.
#[derive(Debug, Clone, Serialize)]
pub struct Replaceable {
    pub source: String,
    /// What the hub calls it: the laptop's name, or the officer its returns named.
    pub name: String,
}

/// The installations a new laptop may replace: every one that sent returns or had a laptop
/// bound, by name.
pub fn replaceable(conn: &Connection) -> Result<Vec<Replaceable>> {
    let mut stmt = conn.prepare(
        "SELECT s.source,
                coalesce((SELECT name FROM laptops l WHERE l.source = s.source ORDER BY l.revoked_at IS NULL DESC, l.rowid DESC LIMIT 1),
                         (SELECT source_name FROM returns_in r WHERE r.source = s.source ORDER BY r.id DESC LIMIT 1))
         FROM (SELECT source FROM returns_in UNION SELECT source FROM laptops WHERE source IS NOT NULL) s
         ORDER BY 2, 1",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Replaceable { source: r.get(0)?, name: r.get::<_, Option<String>>(1)?.unwrap_or_default() })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The installation `which` names among [`replaceable`]: its id or the start of it, or its name.
pub fn find_replaceable(conn: &Connection, which: &str) -> Result<String> {
    let which = which.trim();
    let found: Vec<Replaceable> = replaceable(conn)?
        .into_iter()
        .filter(|r| r.name == which || (which.len() >= 4 && r.source.starts_with(which)))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.source.clone()),
        [] => Err(Error::NotFound(which.to_string())),
        _ => Err(Error::bad_input_with("err-laptop-ambiguous", &[("laptop", which)])),
    }
}

/// The hub's key for signing packs. A hub made by an earlier version has none: it is given
/// one now, in the caller's transaction (its laptops join again with files that name it).
pub(crate) fn hub_signing_key(conn: &Connection) -> Result<SigningKey> {
    let stored: Option<String> = conn
        .query_row("SELECT hub_signing FROM sync_keys WHERE hub_secret IS NOT NULL", [], |r| r.get(0))
        .optional()?
        .flatten();
    match stored {
        Some(s) => signing_key(&s),
        None => {
            let key = new_signing_key();
            let n = conn.execute(
                "UPDATE sync_keys SET hub_signing = ?1, hub_verify = ?2 WHERE hub_secret IS NOT NULL",
                params![hex::encode(key.to_bytes()), hex::encode(key.verifying_key().as_bytes())],
            )?;
            if n == 0 {
                return Err(Error::bad_input("err-return-not-hub"));
            }
            Ok(key)
        }
    }
}

/// What a join file holds (format 2: one laptop's).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct JoinFile {
    pub kind: String,
    pub format: u32,
    pub hub_id: String,
    pub council: String,
    /// The hub's age public key: returns are sealed to it.
    pub hub_public: String,
    /// The hub's Ed25519 public key (hex): packs must be signed by it.
    pub hub_verify: String,
    /// This laptop's id at the hub, and the name the IMG secretary gave it.
    pub laptop_id: String,
    pub laptop_name: String,
    /// The one-time enrolment token (hex), proving the first return comes from this file.
    pub token: String,
    /// The age identity this laptop's reference packs are sealed to.
    pub pack_secret: String,
}

pub(crate) const JOIN_FORMAT: u32 = 2;

/// A join file read and checked for shape (before any database is touched): an earlier
/// version's (one for every laptop) is refused with the reason.
pub(crate) fn read_join_file(bytes: &[u8]) -> Result<JoinFile> {
    #[derive(serde::Deserialize)]
    struct Kind {
        kind: String,
        format: u32,
    }
    let kind: Kind = serde_json::from_slice(bytes).map_err(|_| Error::bad_input("err-join-unreadable"))?;
    if kind.kind != "cofrestr-join" {
        return Err(Error::bad_input("err-join-unreadable"));
    }
    if kind.format != JOIN_FORMAT {
        return Err(Error::bad_input("err-join-old-format"));
    }
    let file: JoinFile = serde_json::from_slice(bytes).map_err(|_| Error::bad_input("err-join-unreadable"))?;
    let well_formed = file.hub_public.parse::<age::x25519::Recipient>().is_ok()
        && file.pack_secret.parse::<age::x25519::Identity>().is_ok()
        && verifying_key(&file.hub_verify).is_ok()
        && Uuid::parse_str(&file.hub_id).is_ok()
        && Uuid::parse_str(&file.laptop_id).is_ok()
        && hex::decode(&file.token).is_ok_and(|t| t.len() == 32);
    if !well_formed {
        return Err(Error::bad_input("err-join-unreadable"));
    }
    Ok(file)
}

/// Adds a laptop on the hub and returns its join file. Writes in the caller's transaction, so
/// the caller commits only once the file is saved.
pub fn add_laptop(
    conn: &Connection,
    name: &str,
    replaces: Option<&str>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Validation(vec![crate::error::FieldError::new("name", "err-required")]));
    }
    if name.chars().count() > 200 {
        return Err(Error::Validation(vec![crate::error::FieldError::new("name", "err-too-long").with("max", 200)]));
    }
    if crate::text::has_control(name) {
        return Err(Error::Validation(vec![crate::error::FieldError::new("name", "err-control-character")]));
    }
    let k =
        super::keys(conn)?.filter(|k| k.hub_secret.is_some()).ok_or_else(|| Error::bad_input("err-return-not-hub"))?;
    let hub_verify = hex::encode(hub_signing_key(conn)?.verifying_key().as_bytes());
    let (_, council, _) = super::installation(conn)?;
    let id = Uuid::new_v4().to_string();
    let token = hex::encode(random32());
    let pack = age::x25519::Identity::generate();
    use age::secrecy::ExposeSecret;
    if let Some(source) = replaces {
        if !replaceable(conn)?.iter().any(|r| r.source == source) {
            return Err(Error::NotFound(source.to_string()));
        }
    }
    conn.execute(
        "INSERT INTO laptops (id, name, token, pack_public, enrolled_at, enrolled_by, replaces) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, name, token, pack.to_public().to_string(), crate::time::stamp(now), by, replaces],
    )?;
    let file = JoinFile {
        kind: "cofrestr-join".into(),
        format: JOIN_FORMAT,
        hub_id: k.hub_id,
        council,
        hub_public: k.hub_public,
        hub_verify,
        laptop_id: id,
        laptop_name: name.to_string(),
        token,
        pack_secret: pack.to_string().expose_secret().to_string(),
    };
    Ok(serde_json::to_vec_pretty(&file).expect("join file serialises"))
}

/// Withdraws a laptop (by its id, or the start of it): its returns are refused from now on and
/// packs are no longer sealed to it. Returns its name.
pub fn withdraw(conn: &Connection, laptop: &str, by: &str, now: DateTime<Utc>) -> Result<String> {
    let laptop = laptop.trim();
    let found: Vec<(String, String, Option<String>)> = if laptop.len() >= 4 {
        let mut stmt =
            conn.prepare("SELECT id, name, revoked_at FROM laptops WHERE substr(id, 1, length(?1)) = ?1 OR name = ?1")?;
        let rows = stmt.query_map(params![laptop], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    } else {
        vec![]
    };
    let (id, name, revoked) = match found.as_slice() {
        [one] => one.clone(),
        [] => return Err(Error::NotFound(laptop.to_string())),
        _ => return Err(Error::bad_input_with("err-laptop-ambiguous", &[("laptop", laptop)])),
    };
    if revoked.is_some() {
        return Ok(name);
    }
    conn.execute(
        "UPDATE laptops SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1",
        params![id, crate::time::stamp(now), by],
    )?;
    Ok(name)
}

/// The recipients the hub's next pack is sealed to: every laptop not withdrawn.
pub(crate) fn pack_recipients(conn: &Connection) -> Result<Vec<age::x25519::Recipient>> {
    let mut stmt =
        conn.prepare("SELECT pack_public FROM laptops WHERE revoked_at IS NULL ORDER BY enrolled_at, rowid")?;
    let keys: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    keys.iter().map(|k| k.parse().map_err(|_| Error::bad_input("err-join-unreadable"))).collect()
}

/// One laptop the hub added, for the Returns screen and `cofrestr hub laptops`.
#[derive(Debug, Clone, Serialize)]
pub struct LaptopEntry {
    pub id: String,
    pub name: String,
    /// `waiting` (no return yet), `active` or `withdrawn`.
    pub state: &'static str,
    /// Europe/London time.
    pub added: String,
    pub added_by: String,
    pub withdrawn: Option<String>,
    /// The installation bound to it at its first return.
    pub source: Option<String>,
}

/// Every laptop the hub added, the newest last.
pub fn enrolled(conn: &Connection) -> Result<Vec<LaptopEntry>> {
    let london = |s: String| {
        DateTime::parse_from_rfc3339(&s).map(|t| crate::time::london_display(t.with_timezone(&Utc))).unwrap_or(s)
    };
    let mut stmt = conn.prepare(
        "SELECT id, name, enrolled_at, enrolled_by, revoked_at, source FROM laptops ORDER BY enrolled_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (id, name, added, added_by, revoked, source) = row?;
        let state = if revoked.is_some() {
            "withdrawn"
        } else if source.is_some() {
            "active"
        } else {
            "waiting"
        };
        out.push(LaptopEntry {
            id,
            name,
            state,
            added: london(added),
            added_by,
            withdrawn: revoked.map(london),
            source,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_its_payload_and_its_kind_of_file() {
        let key = new_signing_key();
        let signed = sign(&key, RETURN, b"{\"seq\":1}");
        let (who, payload) = open_signed(&signed, RETURN).unwrap();
        assert_eq!((who, payload), (key.verifying_key(), &b"{\"seq\":1}"[..]));
        // The same bytes passed off as a pack.
        assert!(
            matches!(open_signed(&signed, PACK), Err(Error::BadInput { ref id, .. }) if id == "err-return-bad-signature")
        );
        // One bit of the payload changed.
        let mut altered = signed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(open_signed(&altered, RETURN).is_err());
        // Another key put in front of the same signature.
        let mut swapped = signed.clone();
        swapped[MAGIC.len()..MAGIC.len() + 32].copy_from_slice(new_signing_key().verifying_key().as_bytes());
        assert!(open_signed(&swapped, RETURN).is_err());
        // Unsigned, or cut short.
        assert!(
            matches!(open_signed(b"{\"seq\":1}", RETURN), Err(Error::BadInput { ref id, .. }) if id == "err-return-unsigned")
        );
        assert!(open_signed(&signed[..MAGIC.len() + 50], RETURN).is_err());
    }

    #[test]
    fn an_enrolment_proof_binds_the_token_the_laptop_and_its_key() {
        let token = hex::encode(random32());
        let key = new_signing_key().verifying_key();
        let proof = enrol_proof(&token, "laptop-1", &key).unwrap();
        assert!(proof_holds(&token, "laptop-1", &key, &proof));
        assert!(!proof_holds(&token, "laptop-2", &key, &proof));
        assert!(!proof_holds(&token, "laptop-1", &new_signing_key().verifying_key(), &proof));
        assert!(!proof_holds(&hex::encode(random32()), "laptop-1", &key, &proof));
        assert!(!proof_holds(&token, "laptop-1", &key, "not hex"));
    }
}
