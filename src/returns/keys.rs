//! The keys of returns: the hub's own (made by `hub_init`), a laptop joining with its join file,
//! sealing to and opening from age recipients, and the laptops' recovery keys held in escrow
//! for the hub (see `crate::keys`).

use super::*;
use crate::error::{Error, Result};
use age::secrecy::ExposeSecret;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::str::FromStr;

pub(crate) struct Keys {
    pub hub_id: String,
    pub hub_public: String,
    pub hub_secret: Option<String>,
}

pub(crate) fn keys(conn: &Connection) -> Result<Option<Keys>> {
    Ok(conn
        .query_row("SELECT hub_id, hub_public, hub_secret FROM sync_keys", [], |r| {
            Ok(Keys { hub_id: r.get(0)?, hub_public: r.get(1)?, hub_secret: r.get(2)? })
        })
        .optional()?)
}

pub(crate) fn installation(conn: &Connection) -> Result<(String, String, String)> {
    Ok(conn.query_row("SELECT id, council_name, user_name FROM installation", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?)
}

/// Makes this installation the hub: an age key pair for returns and a signing key for packs,
/// kept in the (encrypted) database. Refused if it is already a hub or has joined one. Laptops
/// are then added one by one ([`identity::add_laptop`]), each with its own join file.
pub fn hub_init(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    if keys(conn)?.is_some() {
        return Err(Error::bad_input("err-hub-already"));
    }
    let (id, _, _) = installation(conn)?;
    let hub = age::x25519::Identity::generate();
    let signing = identity::new_signing_key();
    conn.execute(
        "INSERT INTO sync_keys (singleton, hub_id, hub_public, hub_secret, pack_secret, joined_at, hub_verify, hub_signing)
         VALUES (1, ?1, ?2, ?3, '', ?4, ?5, ?6)",
        params![
            id,
            hub.to_public().to_string(),
            hub.to_string().expose_secret(),
            crate::time::stamp(now),
            hex::encode(signing.verifying_key().as_bytes()),
            hex::encode(signing.to_bytes())
        ],
    )?;
    conn.execute("UPDATE installation SET role = 'hub'", [])?;
    Ok(())
}

/// Joins a department installation to the hub with the join file the hub made for this laptop.
/// The laptop makes its own signing key here; joining again with the same file keeps it, and a
/// laptop joined to this hub before (by an earlier version, or added again after a lost key)
/// may join with a new file and keeps everything the hub has already taken from it.
pub fn join(conn: &mut Connection, bytes: &[u8], now: DateTime<Utc>) -> Result<String> {
    let file = identity::read_join_file(bytes)?;
    match keys(conn)? {
        Some(k) if k.hub_secret.is_some() => return Err(Error::bad_input("err-join-is-hub")),
        Some(k) if k.hub_id != file.hub_id => return Err(Error::bad_input("err-join-other-hub")),
        _ => {}
    }
    let existing: Option<(Option<String>, Option<String>)> = conn
        .query_row("SELECT laptop_id, signing_secret FROM sync_keys", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    // The same join file again keeps the key this laptop already made.
    let signing = match existing {
        Some((Some(laptop), Some(secret))) if laptop == file.laptop_id => secret,
        _ => hex::encode(identity::new_signing_key().to_bytes()),
    };
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO sync_keys (singleton, hub_id, hub_public, hub_secret, pack_secret, joined_at, hub_verify, laptop_id, enrol_token, signing_secret)
         VALUES (1, ?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (singleton) DO UPDATE SET hub_public = excluded.hub_public, pack_secret = excluded.pack_secret,
             hub_verify = excluded.hub_verify, laptop_id = excluded.laptop_id, enrol_token = excluded.enrol_token,
             signing_secret = excluded.signing_secret",
        params![file.hub_id, file.hub_public, file.pack_secret, crate::time::stamp(now), file.hub_verify, file.laptop_id, file.token, signing],
    )?;
    tx.execute("INSERT OR IGNORE INTO sync_out (singleton) VALUES (1)", [])?;
    tx.commit()?;
    Ok(file.council)
}

/// A laptop's recovery key as a return carries it: its id, and the key sealed (age, base64) to
/// the hub's key, which the hub keeps sealed until a person opens it ([`open_escrow`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Escrow {
    pub(super) id: String,
    pub(super) sealed: String,
}

/// The recovery key this laptop's file is keyed under, sealed to the hub, if it has one.
pub(super) fn escrow_for(conn: &Connection, hub: &age::x25519::Recipient) -> Result<Option<Escrow>> {
    let row: Option<(String, Option<String>)> =
        conn.query_row("SELECT key_id, escrow_key FROM recovery", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let Some((key_id, Some(text))) = row else { return Ok(None) };
    let Ok(key) = crate::keys::RecoveryKey::parse(&text) else { return Ok(None) };
    // A key the file is not (yet, or any longer) keyed under is never sent.
    if key.id() != key_id {
        return Ok(None);
    }
    use base64::Engine;
    let sealed = seal(std::slice::from_ref(hub), key.as_str().as_bytes())?;
    Ok(Some(Escrow { id: key_id, sealed: base64::engine::general_purpose::STANDARD.encode(sealed) }))
}

/// One laptop's recovery key held in escrow on the hub.
#[derive(Debug, Clone, Serialize)]
pub struct Escrowed {
    pub laptop_id: String,
    pub laptop: String,
    pub key_id: String,
    /// Europe/London time.
    pub received: String,
    pub return_seq: i64,
}

/// The recovery keys the hub holds in escrow, by laptop name.
pub fn escrowed(conn: &Connection) -> Result<Vec<Escrowed>> {
    let mut stmt = conn.prepare(
        "SELECT e.laptop_id, coalesce(l.name, e.laptop_id), e.key_id, e.received_at, e.return_seq
         FROM key_escrow e LEFT JOIN laptops l ON l.id = e.laptop_id ORDER BY 2 COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (laptop_id, laptop, key_id, at, return_seq) = row?;
        let received = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| crate::time::london_display(t.with_timezone(&Utc)))
            .unwrap_or(at);
        out.push(Escrowed { laptop_id, laptop, key_id, received, return_seq });
    }
    Ok(out)
}

/// Opens a laptop's escrowed recovery key with the hub's key (the hub only), for the IMG
/// secretary to give to whoever must open that laptop's database. `laptop` is its name or id.
/// Recorded as a `key` entry (`escrow-opened`) by the caller.
pub fn open_escrow(conn: &Connection, laptop: &str) -> Result<(crate::keys::RecoveryKey, Escrowed)> {
    let (identity, _) = hub_identity(conn)?;
    let all = escrowed(conn)?;
    let entry = all
        .into_iter()
        .find(|e| e.laptop_id == laptop || e.laptop.eq_ignore_ascii_case(laptop.trim()))
        .ok_or_else(|| Error::bad_input_with("err-escrow-none", &[("laptop", laptop)]))?;
    let sealed: Vec<u8> =
        conn.query_row("SELECT sealed FROM key_escrow WHERE laptop_id = ?1", [&entry.laptop_id], |r| r.get(0))?;
    let damaged = || Error::bad_input_with("err-escrow-damaged", &[("laptop", &entry.laptop)]);
    let plain = open_sealed(&identity, &sealed).map_err(|_| damaged())?;
    let key =
        std::str::from_utf8(&plain).ok().and_then(|t| crate::keys::RecoveryKey::parse(t).ok()).ok_or_else(damaged)?;
    if key.id() != entry.key_id {
        return Err(damaged());
    }
    Ok((key, entry))
}

pub(super) fn seal(recipients: &[age::x25519::Recipient], plain: &[u8]) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|_| Error::bad_input("err-pack-no-laptops"))?;
    let mut out = vec![];
    let mut w = encryptor
        .wrap_output(&mut out)
        .map_err(|e| Error::bad_input_with("err-return-seal", &[("detail", &e.to_string())]))?;
    w.write_all(plain)?;
    w.finish()?;
    Ok(out)
}

pub(super) fn open_sealed(key: &age::x25519::Identity, sealed: &[u8]) -> Result<Vec<u8>> {
    let decryptor = age::Decryptor::new(sealed).map_err(|_| Error::bad_input("err-return-unreadable"))?;
    let mut r = decryptor.decrypt(std::iter::once(key as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => Error::bad_input("err-return-wrong-hub"),
        _ => Error::bad_input("err-return-unreadable"),
    })?;
    let mut plain = vec![];
    // A truncated or altered file fails its authentication tag here.
    r.read_to_end(&mut plain).map_err(|_| Error::bad_input("err-return-unreadable"))?;
    Ok(plain)
}

/// The hub's key for opening returns, and its id.
pub(super) fn hub_identity(conn: &Connection) -> Result<(age::x25519::Identity, String)> {
    let k = keys(conn)?.filter(|k| k.hub_secret.is_some()).ok_or_else(|| Error::bad_input("err-return-not-hub"))?;
    let identity = age::x25519::Identity::from_str(k.hub_secret.as_deref().unwrap_or_default())
        .map_err(|_| Error::bad_input("err-return-not-hub"))?;
    Ok((identity, k.hub_id))
}
