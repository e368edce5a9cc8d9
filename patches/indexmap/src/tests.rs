use crate::{IndexMap, IndexSet};
use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;

type Set = IndexSet<u32, BuildHasherDefault<DefaultHasher>>;

#[test]
fn a_set_keeps_insertion_order_and_each_value_once() {
    let mut set = Set::with_capacity_and_hasher(2, Default::default());
    assert!(set.insert(3));
    assert!(set.insert(1));
    assert!(!set.insert(3));
    assert!(set.insert(2));
    assert_eq!(set.iter().copied().collect::<Vec<_>>(), [3, 1, 2]);
    assert_eq!(set.len(), 3);
    assert_eq!(set.get_index(1), Some(&1));
    assert_eq!(set.get_full(&2), Some((2, &2)));
    assert!(set.contains(&1) && !set.contains(&4));
}

#[test]
fn shift_remove_keeps_the_order_and_swap_remove_moves_the_last() {
    let mut set: Set = (1..=5).collect();
    assert!(set.shift_remove(&2));
    assert!(!set.shift_remove(&2));
    assert_eq!(set.iter().copied().collect::<Vec<_>>(), [1, 3, 4, 5]);
    assert!(set.swap_remove(&1));
    assert_eq!(set.into_iter().collect::<Vec<_>>(), [5, 3, 4]);
}

#[test]
fn taken_sets_are_empty_and_equal_sets_ignore_order() {
    let mut set: Set = [7, 8].into_iter().collect();
    let taken = std::mem::take(&mut set);
    assert!(set.is_empty());
    assert_eq!(taken, [8, 7].into_iter().collect::<Set>());
    assert_ne!(taken, [8].into_iter().collect::<Set>());
    assert_eq!(format!("{taken:?}"), "{7, 8}");
}

#[test]
fn a_map_keeps_its_keys_in_order_and_replaces_values_in_place() {
    let mut map = IndexMap::new();
    assert_eq!(map.insert("b", 1), None);
    assert_eq!(map.insert("a", 2), None);
    assert_eq!(map.insert("b", 3), Some(1));
    assert!(map.contains_key("a") && !map.contains_key("c"));
    assert_eq!(map.get("b"), Some(&3));
    *map.get_mut("a").expect("a is in it") += 10;
    assert_eq!(format!("{map:?}"), r#"{"b": 3, "a": 12}"#);
    assert_eq!(map.shift_remove("b"), Some(3));
    assert_eq!(map.into_iter().collect::<Vec<_>>(), [("a", 12)]);
}
