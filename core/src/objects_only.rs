//! A deserializer adapter under which a struct is read from an object only, never from a list.
//!
//! serde's derived `Deserialize` for a struct reads it from a map *or* from a sequence (its
//! fields in declaration order), and serde_json's `deserialize_struct` takes whichever the
//! text holds. No biller sends a reply struct as a positional list, and reading one that way
//! would assign values by position to fields the document names: that is a misreading to
//! refuse, not a spelling to tolerate. It also costs: every reply struct's positional reader
//! is compiled into each bundle although no reply reaches it (about 13 KB of the Unicomer
//! bundle, 23 KB of Zoom's, before compression).
//!
//! [`ObjectsOnly`] wraps a deserializer, and everything it hands to a visitor (maps, lists,
//! options, enums, their entries), so that `deserialize_struct`, at any depth, becomes
//! `deserialize_map`: a list where a struct belongs is then an "invalid type" error naming the
//! struct, and the positional readers are never called, so the optimiser drops them. A field
//! name is never serde_json's private number key ([`FieldName`]: under `arbitrary_precision` a
//! number can arrive as a map, and must not be read as an object). Every other request is
//! forwarded unchanged, serde_json's raw-value requests included (the amount codecs depend on
//! them).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};

/// See the module docs: `D` is a deserializer, a visitor, a seed or an access, wrapped.
pub(crate) struct ObjectsOnly<D>(pub(crate) D);

/// Forwards a `Deserializer` method to the wrapped deserializer, its visitor wrapped.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)+) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* ObjectsOnly(visitor))
        }
    )+};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_seq(); deserialize_map(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    /// The one request not forwarded as asked: a struct is read as a map (see the module docs).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(ObjectsOnly(visitor))
    }

    /// A field name (serde's derive reads it with `deserialize_identifier`) is never serde_json's
    /// private number key: see [`FieldName`].
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_identifier(FieldName(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The visitor of a field name. Under serde_json's `arbitrary_precision`, which an application
/// may turn on for its whole build, `deserialize_any` hands a number over as a one-entry map
/// under a private key; a struct read from that map (where a lenient reader such as
/// `wire::object_opt` found a map) would be a struct of absent fields. The key is refused here,
/// as the number it stands for, for every struct at once; any other name passes on unchanged.
/// serde_json's own `Number` and `Value` read that key as a field name too, so a reply type that
/// held one would fail on a number under `arbitrary_precision`: none does (replies keep such
/// values as `wire::RawJson`, whose raw-value key passes). Maps read into a `BTreeMap` name their
/// keys as strings, not identifiers, and are not concerned.
struct FieldName<V>(V);

/// Refuses serde_json's private number key as a field name (see [`FieldName`]).
fn field_name<E: de::Error>(name: &[u8]) -> Result<(), E> {
    if name == crate::money::wire::NUMBER_TOKEN.as_bytes() {
        Err(E::invalid_type(
            de::Unexpected::Other("a number"),
            &"an object",
        ))
    } else {
        Ok(())
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for FieldName<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    // Every text form goes to the name visitor's `visit_str` (a field name is never borrowed),
    // so that its match over the names is compiled once per struct, not once per form.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        field_name(v.as_bytes())?;
        self.0.visit_str(v)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.visit_str(v)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.visit_str(&v)
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        field_name(v)?;
        self.0.visit_bytes(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_u64(v)
    }
}

/// Forwards a `Visitor` method that takes a plain value.
macro_rules! visit {
    ($($method:ident($ty:ty);)+) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )+};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ObjectsOnly<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_char(char); visit_str(&str);
        visit_borrowed_str(&'de str); visit_string(String); visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }
    // A float serde_json has already parsed, passed on unchanged to the visitor that asked (a
    // `serde_json::Value`'s): the adapter makes none, and amounts never take this path (their
    // codecs read a number's text and refuse a float). The one line xtask's float check allows.
    visit! { visit_f32(f32); visit_f64(f64); }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(ObjectsOnly(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(ObjectsOnly(d))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(ObjectsOnly(seq))
    }
    // Forced inline: the struct's own reader is then inlined where serde_json calls it, as it was
    // without the adapter (measured: Unicomer and Zoom -1.8 KB gzip each, Cooplan +0.5 KB).
    #[inline(always)]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(ObjectsOnly(map))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(ObjectsOnly(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ObjectsOnly<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(ObjectsOnly(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(ObjectsOnly(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(ObjectsOnly(seed))
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(ObjectsOnly(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;
    type Variant = ObjectsOnly<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(ObjectsOnly(seed))?;
        Ok((value, ObjectsOnly(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(ObjectsOnly(seed))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, ObjectsOnly(visitor))
    }
    /// A struct variant's fields, like a struct's, are read from an object only: through the
    /// newtype form, whose value is then read with `deserialize_map`.
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.newtype_variant_seed(MapSeed(visitor))
    }
}

/// Reads a value with `deserialize_map` and the given visitor (a struct variant's fields).
struct MapSeed<V>(V);

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for MapSeed<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        ObjectsOnly(d).deserialize_map(ObjectsOnly(self.0))
    }
}
