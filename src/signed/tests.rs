//! The X.690 SET OF order the DER-order rule compares against.
//! (Compiled only under `#[cfg(test)]`, declared in mod.rs.)

use core::cmp::Ordering;

use super::attributes::set_order;

#[test]
fn set_order_compares_octets_then_pads_the_shorter_with_zeros() {
    assert_eq!(set_order(&[0x30, 0x01], &[0x30, 0x02]), Ordering::Less);
    assert_eq!(set_order(&[0x31], &[0x30, 0xff]), Ordering::Greater);
    // X.690 §11.6: the shorter is padded with zero octets.
    assert_eq!(set_order(&[0x30], &[0x30, 0x00]), Ordering::Equal);
    assert_eq!(set_order(&[0x30], &[0x30, 0x01]), Ordering::Less);
    assert_eq!(set_order(&[0x30, 0x01], &[0x30]), Ordering::Greater);
}

proptest::proptest! {
    /// The order is a total preorder consistent with sorting: sorting with it and checking
    /// neighbours never finds a pair out of order.
    #[test]
    fn set_order_sorts_consistently(mut items in proptest::collection::vec(proptest::collection::vec(0u8..4, 0..4), 0..12)) {
        items.sort_by(|a, b| set_order(a, b));
        for pair in items.windows(2) {
            proptest::prop_assert_ne!(set_order(&pair[0], &pair[1]), Ordering::Greater);
        }
    }
}
