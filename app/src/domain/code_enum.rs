//! `code_enum!` declares a closed list of values that travel as short
//! string codes (in URLs, JSON and the database). The names people see
//! are in `i18n/labels.rs`.

/// Declares an enum whose variants each have a stable code, with `ALL`,
/// `code`, `parse` and serde support through the code. Parsing an unknown code yields
/// [`InputError::UnknownCode`](crate::domain::InputError::UnknownCode)
/// naming the given field.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident for $field:path {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in URLs, JSON and storage.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// Reads a code; anything else is an `UnknownCode` error.
            pub fn parse(code: &str) -> Result<Self, $crate::domain::InputError> {
                let trimmed = code.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.code() == trimmed)
                    .ok_or_else(|| $crate::domain::InputError::UnknownCode {
                        field: $field,
                        value: $crate::domain::error::excerpt(trimmed),
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $name::parse(&code).map_err(|_| {
                    serde::de::Error::custom(format!("unknown {} code {:?}", stringify!($name), code))
                })
            }
        }

        /// Documented in the API as a string with its closed list of codes.
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::SchemaType::Type(
                        utoipa::openapi::Type::String,
                    ))
                    .enum_values(Some(Self::ALL.iter().map(|value| value.code())))
                    .into()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}

        /// Stored as its code in a text column.
        #[cfg(feature = "ssr")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            String: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as sqlx::Type<DB>>::compatible(ty)
            }
        }

        /// A stored code this build does not know fails the row's decoding
        /// (logged with the column and the code by the caller's
        /// `database_failure`), so services only ever see known values.
        #[cfg(feature = "ssr")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            String: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <String as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok($name::parse(&code)?)
            }
        }
    };
}

pub(crate) use code_enum;
