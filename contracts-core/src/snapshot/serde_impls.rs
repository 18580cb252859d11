//! Serde for the descriptor's `Risk` and `Phase` as their lowercase names. They only
//! implement `Serialize`; snapshots read them back through `FromStr`, so an unknown
//! value lists the accepted ones.

macro_rules! by_name {
    ($module:ident, $ty:ty) => {
        pub(crate) mod $module {
            use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

            pub(crate) fn serialize<S: Serializer>(
                value: &$ty,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(value.as_str())
            }

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$ty, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(D::Error::custom)
            }
        }
    };
}

by_name!(risk, crate::descriptor::Risk);
by_name!(phase, crate::descriptor::Phase);
