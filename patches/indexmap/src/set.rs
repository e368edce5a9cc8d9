//! [`IndexSet`]: distinct values in the order they were inserted.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::marker::PhantomData;

use crate::Equivalent;

/// Distinct values, in the order they were first inserted.
#[derive(Clone)]
pub struct IndexSet<T, S = RandomState> {
    values: Vec<T>,
    hasher: PhantomData<S>,
}

/// Iterates over the values of a set, by reference, in order.
pub type Iter<'a, T> = std::slice::Iter<'a, T>;
/// Iterates over the values of a set, taking them, in order.
pub type IntoIter<T> = std::vec::IntoIter<T>;

impl<T> IndexSet<T> {
    /// An empty set.
    pub fn new() -> Self {
        IndexSet::default()
    }
}

impl<T, S> IndexSet<T, S> {
    /// An empty set.
    pub fn with_hasher(_hasher: S) -> Self {
        IndexSet {
            values: Vec::new(),
            hasher: PhantomData,
        }
    }

    /// An empty set with room for `n` values.
    pub fn with_capacity_and_hasher(n: usize, _hasher: S) -> Self {
        IndexSet {
            values: Vec::with_capacity(n),
            hasher: PhantomData,
        }
    }

    /// How many values it holds.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Its values by reference, in order.
    pub fn iter(&self) -> Iter<'_, T> {
        self.values.iter()
    }

    /// The value at `index`.
    pub fn get_index(&self, index: usize) -> Option<&T> {
        self.values.get(index)
    }
}

impl<T: Eq, S> IndexSet<T, S> {
    /// Adds `value` at the end unless the set holds it already; whether it was added.
    pub fn insert(&mut self, value: T) -> bool {
        self.insert_full(value).1
    }

    /// As [`IndexSet::insert`], with the value's index.
    pub fn insert_full(&mut self, value: T) -> (usize, bool) {
        match self.get_index_of(&value) {
            Some(index) => (index, false),
            None => {
                self.values.push(value);
                (self.values.len() - 1, true)
            }
        }
    }

    /// The index of the value `value` stands for.
    pub fn get_index_of<Q: ?Sized + Equivalent<T>>(&self, value: &Q) -> Option<usize> {
        self.values.iter().position(|v| value.equivalent(v))
    }

    /// Whether the set holds the value `value` stands for.
    pub fn contains<Q: ?Sized + Equivalent<T>>(&self, value: &Q) -> bool {
        self.get_index_of(value).is_some()
    }

    /// The value `value` stands for, with its index.
    pub fn get_full<Q: ?Sized + Equivalent<T>>(&self, value: &Q) -> Option<(usize, &T)> {
        let index = self.get_index_of(value)?;
        Some((index, &self.values[index]))
    }

    /// Removes the value `value` stands for, shifting the later ones down (their order is kept);
    /// whether it was there.
    pub fn shift_remove<Q: ?Sized + Equivalent<T>>(&mut self, value: &Q) -> bool {
        self.shift_take(value).is_some()
    }

    /// As [`IndexSet::shift_remove`], returning the value.
    pub fn shift_take<Q: ?Sized + Equivalent<T>>(&mut self, value: &Q) -> Option<T> {
        let index = self.get_index_of(value)?;
        Some(self.values.remove(index))
    }

    /// Removes the value `value` stands for, putting the last value in its place; whether it
    /// was there.
    pub fn swap_remove<Q: ?Sized + Equivalent<T>>(&mut self, value: &Q) -> bool {
        let Some(index) = self.get_index_of(value) else {
            return false;
        };
        self.values.swap_remove(index);
        true
    }
}

impl<T, S> Default for IndexSet<T, S> {
    fn default() -> Self {
        IndexSet {
            values: Vec::new(),
            hasher: PhantomData,
        }
    }
}

impl<T: fmt::Debug, S> fmt::Debug for IndexSet<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(&self.values).finish()
    }
}

impl<T: Eq, S> PartialEq for IndexSet<T, S> {
    /// The same values, in any order (as indexmap's).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.values.iter().all(|v| other.contains(v))
    }
}

impl<T: Eq, S> Eq for IndexSet<T, S> {}

impl<T, S> IntoIterator for IndexSet<T, S> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> IntoIter<T> {
        self.values.into_iter()
    }
}

impl<'a, T, S> IntoIterator for &'a IndexSet<T, S> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.values.iter()
    }
}

impl<T: Eq, S> Extend<T> for IndexSet<T, S> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, values: I) {
        for value in values {
            self.insert(value);
        }
    }
}

impl<T: Eq, S: Default> FromIterator<T> for IndexSet<T, S> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut set = IndexSet::default();
        set.extend(values);
        set
    }
}
