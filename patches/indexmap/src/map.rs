//! [`IndexMap`]: keys and their values in the order the keys were inserted.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::marker::PhantomData;

use crate::Equivalent;

/// Keys and their values, in the order the keys were first inserted.
#[derive(Clone)]
pub struct IndexMap<K, V, S = RandomState> {
    entries: Vec<(K, V)>,
    hasher: PhantomData<S>,
}

/// Iterates over the entries of a map, by reference, in order.
pub struct Iter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

/// Iterates over the entries of a map, taking them, in order.
pub type IntoIter<K, V> = std::vec::IntoIter<(K, V)>;

impl<K, V> IndexMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        IndexMap::default()
    }
}

impl<K, V, S> IndexMap<K, V, S> {
    /// An empty map.
    pub fn with_hasher(_hasher: S) -> Self {
        IndexMap {
            entries: Vec::new(),
            hasher: PhantomData,
        }
    }

    /// An empty map with room for `n` entries.
    pub fn with_capacity_and_hasher(n: usize, _hasher: S) -> Self {
        IndexMap {
            entries: Vec::with_capacity(n),
            hasher: PhantomData,
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Its entries by reference, in order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.entries.iter())
    }
}

impl<K: Eq, V, S> IndexMap<K, V, S> {
    /// The index of the entry whose key `key` stands for.
    pub fn get_index_of<Q: ?Sized + Equivalent<K>>(&self, key: &Q) -> Option<usize> {
        self.entries.iter().position(|(k, _)| key.equivalent(k))
    }

    /// Sets the value of `key`: a new key goes at the end, a known one keeps its place; the
    /// value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.get_index_of(&key) {
            Some(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Whether the map has the key `key` stands for.
    pub fn contains_key<Q: ?Sized + Equivalent<K>>(&self, key: &Q) -> bool {
        self.get_index_of(key).is_some()
    }

    /// The value of the key `key` stands for.
    pub fn get<Q: ?Sized + Equivalent<K>>(&self, key: &Q) -> Option<&V> {
        let index = self.get_index_of(key)?;
        Some(&self.entries[index].1)
    }

    /// The value of the key `key` stands for, to change.
    pub fn get_mut<Q: ?Sized + Equivalent<K>>(&mut self, key: &Q) -> Option<&mut V> {
        let index = self.get_index_of(key)?;
        Some(&mut self.entries[index].1)
    }

    /// Removes the entry of the key `key` stands for, shifting the later ones down (their order
    /// is kept); its value.
    pub fn shift_remove<Q: ?Sized + Equivalent<K>>(&mut self, key: &Q) -> Option<V> {
        let index = self.get_index_of(key)?;
        Some(self.entries.remove(index).1)
    }
}

impl<K, V, S> Default for IndexMap<K, V, S> {
    fn default() -> Self {
        IndexMap {
            entries: Vec::new(),
            hasher: PhantomData,
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for IndexMap<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V, S> IntoIterator for IndexMap<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        self.entries.into_iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a IndexMap<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}
