//! FNV-1a hashing for the translation pass's maps: their keys are short texts and fingerprints
//! of the run's own pages, for which FNV is several times cheaper than the standard SipHash
//! (which guards against keys chosen to collide; nobody chooses these).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

/// Builds [`FnvHasher`]s.
#[derive(Clone, Copy, Default, Debug)]
pub struct Fnv;

pub type FnvHashMap<K, V> = HashMap<K, V, Fnv>;
pub type FnvHashSet<K> = HashSet<K, Fnv>;

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

impl BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(OFFSET)
    }
}

/// 64-bit FNV-1a.
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }
}

impl FnvHasher {
    /// Hashes `c`'s UTF-8 bytes (an ASCII character without encoding it).
    #[inline]
    pub fn write_char(&mut self, c: char) {
        if c.is_ascii() {
            self.0 = (self.0 ^ c as u64).wrapping_mul(PRIME);
        } else {
            self.write(c.encode_utf8(&mut [0u8; 4]).as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // FNV-1a 64 test vectors.
        let h = |s: &[u8]| {
            let mut x = Fnv.build_hasher();
            x.write(s);
            x.finish()
        };
        assert_eq!(h(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(h(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(h(b"foobar"), 0x8594_4171_f739_67e8);
        for text in ["foobar", "blåbærgrød", "ÆØÅ ½"] {
            let mut x = Fnv.build_hasher();
            text.chars().for_each(|c| x.write_char(c));
            assert_eq!(x.finish(), h(text.as_bytes()), "{text}");
        }
    }
}
