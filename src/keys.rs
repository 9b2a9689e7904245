//! The keys that open a database: the recovery key, the database key made from it, and the key
//! file that holds the database key sealed under the passphrase.
//!
//! How the keys are wrapped (ARCHITECTURE.md, Keys):
//! - The **recovery key** is 150 random bits written as 32 characters of Crockford's base32
//!   (no I, L, O or U) in eight groups of four; the last two characters are a check on the
//!   other thirty, so a mistyped character is caught before any file is tried.
//! - The **database key** is SHA-256 of the recovery key (domain-separated). SQLCipher is given
//!   it as a raw 256-bit key (`PRAGMA key = "x'…'"`): the file, every backup of it and every
//!   copy opens with the recovery key alone, even with nothing beside it. 150 random bits
//!   need no slow key derivation.
//! - The **key file** (`<database>.key`, beside the database and beside each backup) holds the
//!   database key sealed with age's scrypt recipient under the passphrase (work factor 2^17,
//!   128 MiB: OWASP's recommended minimum for scrypt, at least as costly to guess as the
//!   SQLCipher PBKDF2-SHA512 256,000 rounds it replaces). A passphrase change rewrites only
//!   this file, so it never touches the recovery key. A new recovery key re-encrypts the
//!   database (`PRAGMA rekey`), after which the old one no longer opens it.
//!
//! Why the council cannot be locked out: the recovery key alone opens the file; losing or
//! damaging the key file loses only the passphrase's way in, and the recovery key sets a new
//! one. The recovery key is never on disk in plain text: until its holder confirms they have
//! stored it, it is kept inside the encrypted database (table `recovery`), and deleted with
//! `secure_delete` once confirmed. An attacker with the files and neither key has an AES-256
//! file and a scrypt-sealed key to guess at, as before.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Crockford's base32 alphabet: digits and letters, without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters in a recovery key (5 bits each: 150 bits).
const RANDOM_CHARS: usize = 30;
/// All characters, with the two check characters.
const KEY_CHARS: usize = RANDOM_CHARS + 2;
pub const GROUPS: usize = KEY_CHARS / 4;
/// scrypt's work factor for the key file (log2 N).
const WORK_FACTOR: u8 = 17;
/// The most slots a key file of ours holds.
pub const MAX_SLOTS: usize = 4;

/// A recovery key, canonical: eight groups of four characters joined by hyphens.
pub struct RecoveryKey {
    text: Zeroizing<String>,
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecoveryKey({})", self.id())
    }
}

fn check_chars(random: &[u8]) -> [u8; 2] {
    let h = Sha256::digest([b"cofrestr recovery key check v1\n".as_slice(), random].concat());
    [ALPHABET[(h[0] & 31) as usize], ALPHABET[(h[1] & 31) as usize]]
}

impl RecoveryKey {
    pub fn generate() -> RecoveryKey {
        let mut bytes = Zeroizing::new([0u8; RANDOM_CHARS]);
        getrandom::fill(bytes.as_mut()).expect("the system's random source");
        let mut chars: Zeroizing<Vec<u8>> = Zeroizing::new(bytes.iter().map(|b| ALPHABET[(b & 31) as usize]).collect());
        let check = check_chars(&chars);
        chars.extend_from_slice(&check);
        RecoveryKey::from_chars(&chars)
    }

    fn from_chars(chars: &[u8]) -> RecoveryKey {
        let mut text = Zeroizing::new(String::with_capacity(KEY_CHARS + GROUPS));
        for (i, c) in chars.iter().enumerate() {
            if i > 0 && i % 4 == 0 {
                text.push('-');
            }
            text.push(*c as char);
        }
        RecoveryKey { text }
    }

    /// Reads a key as a person types it: any case, with or without spaces and hyphens, and
    /// Crockford's readings of look-alikes (O as 0, I and L as 1). A mistyped character is
    /// caught by the check characters.
    pub fn parse(typed: &str) -> Result<RecoveryKey> {
        let mut chars: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::with_capacity(KEY_CHARS));
        for c in typed.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\t' | '\n' | '\r' | '\u{2010}' | '\u{2011}' | '\u{2013}' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(Error::bad_input("err-recovery-key-format"));
            }
            chars.push(c as u8);
        }
        if chars.len() != KEY_CHARS || check_chars(&chars[..RANDOM_CHARS]) != chars[RANDOM_CHARS..] {
            return Err(Error::bad_input("err-recovery-key-format"));
        }
        Ok(RecoveryKey::from_chars(&chars))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn groups(&self) -> Vec<&str> {
        self.text.split('-').collect()
    }

    /// Group `n` (1 to 8), as a person types it back to show they have stored the key.
    pub fn group_matches(&self, n: usize, typed: &str) -> bool {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
        self.groups().get(n.wrapping_sub(1)).is_some_and(|g| *g == typed)
    }

    /// The key's public name, printed on its sheet and shown in the window, so a person can tell
    /// which sheet opens which database: not secret, and no help in guessing the key.
    pub fn id(&self) -> String {
        let h = Sha256::digest(format!("cofrestr recovery key id v1\n{}", self.text.as_str()).as_bytes());
        let hexed = hex::encode_upper(&h[..4]);
        format!("{}-{}", &hexed[..4], &hexed[4..])
    }

    pub fn database_key(&self) -> DatabaseKey {
        let h = Sha256::digest(format!("cofrestr database key v1\n{}", self.text.as_str()).as_bytes());
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&h);
        DatabaseKey { key, id: self.id() }
    }
}

/// Which group (2 to 7) a person types back to show they stored `key`: the same every time for
/// one key, so the window and the CLI ask alike.
pub fn confirm_group(key: &RecoveryKey) -> usize {
    2 + (key.id().bytes().map(usize::from).sum::<usize>() % 6)
}

/// The key SQLCipher encrypts the file with, and the id of the recovery key it comes from.
#[derive(Clone)]
pub struct DatabaseKey {
    key: Zeroizing<[u8; 32]>,
    id: String,
}

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseKey({})", self.id)
    }
}

impl PartialEq for DatabaseKey {
    fn eq(&self, other: &Self) -> bool {
        self.key[..] == other.key[..]
    }
}

impl DatabaseKey {
    /// The recovery key's id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The value for `PRAGMA key` / `PRAGMA rekey`: a raw key, no key derivation.
    pub fn pragma(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(&self.key[..])))
    }
}

/// The key file beside a database or a backup: `<file>.key`.
pub fn key_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// What the key file holds: one slot normally; two for a moment while a recovery key is being
/// replaced or a backup restored, so a kill between steps still leaves a key that opens.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KeyFile {
    pub format: String,
    pub version: u32,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Slot {
    /// The recovery key's id (not secret; repeated inside the sealed part, which is what counts).
    pub id: String,
    pub made: String,
    /// age (scrypt, under the passphrase) of [`Sealed`] as JSON, base64.
    pub sealed: String,
}

#[derive(Serialize, Deserialize)]
struct Sealed {
    key: String,
    id: String,
}

const FORMAT: &str = "cofrestr-key-file";

impl KeyFile {
    pub fn new(slots: Vec<Slot>) -> KeyFile {
        KeyFile { format: FORMAT.into(), version: 1, slots }
    }

    /// Reads the key file beside `db`; `None` when there is none. A file that is not a key file
    /// of ours is refused as damaged (and nothing is written).
    pub fn read(db: &Path) -> Result<Option<KeyFile>> {
        let path = key_file(db);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        // A key file is a few hundred bytes, with one slot (two while a key changes or a backup
        // is restored); anything else is not ours, and no forged file makes unlocking slow.
        let parsed: Option<KeyFile> = (bytes.len() < 16 * 1024).then(|| serde_json::from_slice(&bytes).ok()).flatten();
        match parsed {
            Some(k) if k.format == FORMAT && k.version == 1 && !k.slots.is_empty() && k.slots.len() <= MAX_SLOTS => {
                Ok(Some(k))
            }
            _ => Err(Error::bad_input_with("err-key-file-damaged", &[("path", &path.display().to_string())])),
        }
    }

    /// Writes it beside `db`, replacing the one there whole or not at all.
    pub fn write(&self, db: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(self).expect("key file serialises");
        crate::files::replace(&key_file(db), &bytes)
    }

    /// The database keys the passphrase unseals, in slot order. A slot it does not open (another
    /// passphrase, or tampered) is passed over: the file is only ever read here.
    pub fn unseal(&self, passphrase: &str) -> Vec<DatabaseKey> {
        self.slots.iter().filter_map(|s| unseal_slot(s, passphrase)).collect()
    }
}

/// Seals `key` under `passphrase` in a new slot.
pub fn seal(key: &DatabaseKey, passphrase: &str, now: DateTime<Utc>) -> Slot {
    let mut recipient = age::scrypt::Recipient::new(passphrase.to_owned().into());
    recipient.set_work_factor(WORK_FACTOR);
    let body = Zeroizing::new(
        serde_json::to_vec(&Sealed { key: hex::encode(&key.key[..]), id: key.id.clone() }).expect("serialises"),
    );
    let sealed = age::encrypt(&recipient, &body).expect("sealing to a passphrase");
    use base64::Engine;
    Slot {
        id: key.id.clone(),
        made: crate::time::stamp(now),
        sealed: base64::engine::general_purpose::STANDARD.encode(sealed),
    }
}

fn unseal_slot(slot: &Slot, passphrase: &str) -> Option<DatabaseKey> {
    use base64::Engine;
    let sealed = base64::engine::general_purpose::STANDARD.decode(&slot.sealed).ok()?;
    let mut identity = age::scrypt::Identity::new(passphrase.to_owned().into());
    // Our own work factor and one more; a forged slot asking for more is refused unread.
    identity.set_max_work_factor(WORK_FACTOR + 1);
    let body = Zeroizing::new(age::decrypt(&identity, &sealed).ok()?);
    let s: Sealed = serde_json::from_slice(&body).ok()?;
    let raw = Zeroizing::new(hex::decode(&s.key).ok()?);
    if raw.len() != 32 {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&raw);
    Some(DatabaseKey { key, id: s.id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_however_it_is_typed_and_a_slip_is_caught() {
        let k = RecoveryKey::generate();
        assert_eq!(k.as_str().len(), 32 + 7);
        assert_eq!(k.groups().len(), 8);
        let typed = k.as_str().to_lowercase().replace('-', " ");
        assert_eq!(RecoveryKey::parse(&typed).unwrap().as_str(), k.as_str());
        assert_eq!(RecoveryKey::parse(&typed).unwrap().database_key(), k.database_key());
        // One character changed: the check characters catch it.
        let mut chars: Vec<char> = k.as_str().chars().collect();
        let i = chars.iter().position(|c| *c != '-').unwrap();
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let slipped: String = chars.into_iter().collect();
        // One slip in 1,024 passes the check by chance; then it is simply another key.
        match RecoveryKey::parse(&slipped) {
            Err(_) => {}
            Ok(other) => assert!(other.database_key() != k.database_key()),
        }
        assert!(RecoveryKey::parse("correct horse battery staple").is_err());
        assert!(RecoveryKey::parse(&k.as_str()[..20]).is_err());
        assert!(k.group_matches(3, &k.groups()[2].to_lowercase()));
        assert!(!k.group_matches(3, k.groups()[3]));
        assert!(!k.group_matches(0, k.groups()[0]));
        assert_ne!(RecoveryKey::generate().as_str(), k.as_str());
    }

    #[test]
    fn a_slot_opens_only_with_its_passphrase_and_untampered() {
        let k = RecoveryKey::generate().database_key();
        let now = chrono::Utc::now();
        let file = KeyFile::new(vec![seal(&k, "a long passphrase of mine", now)]);
        assert_eq!(file.unseal("a long passphrase of mine"), vec![k.clone()]);
        assert!(file.unseal("another passphrase entirely").is_empty());
        let mut tampered = file.clone();
        let mut s = tampered.slots[0].sealed.clone().into_bytes();
        let n = s.len() - 10;
        s[n] = if s[n] == b'A' { b'B' } else { b'A' };
        tampered.slots[0].sealed = String::from_utf8(s).unwrap();
        assert!(tampered.unseal("a long passphrase of mine").is_empty());
    }
}
