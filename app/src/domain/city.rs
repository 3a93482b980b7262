//! The areas of the province that publish catalogues.

use super::{code_enum::code_enum, Field};

code_enum! {
    /// One of the ten areas of the 2024 target table: the nine
    /// prefecture-level cities of Fujian and the Pingtan comprehensive
    /// experimental zone (county code 350128, reported on its own).
    pub enum City for Field::City {
        Fuzhou = "350100";
        Xiamen = "350200";
        Putian = "350300";
        Sanming = "350400";
        Quanzhou = "350500";
        Zhangzhou = "350600";
        Nanping = "350700";
        Longyan = "350800";
        Ningde = "350900";
        Pingtan = "350128";
    }
}

impl City {
    /// Name of the cookie that remembers the worker's city.
    pub const COOKIE: &'static str = "city";

    /// Reads an optional city filter (a query's `city=`): absent or blank
    /// is no city, anything else must be a city's code.
    pub fn parse_optional(code: Option<&str>) -> Result<Option<City>, super::InputError> {
        code.map(str::trim)
            .filter(|code| !code.is_empty())
            .map(City::parse)
            .transpose()
    }

    /// The short name used in running text and demo data (福州, 平潭).
    pub const fn short_name(self) -> &'static str {
        match self {
            City::Fuzhou => "福州",
            City::Xiamen => "厦门",
            City::Putian => "莆田",
            City::Sanming => "三明",
            City::Quanzhou => "泉州",
            City::Zhangzhou => "漳州",
            City::Nanping => "南平",
            City::Longyan => "龙岩",
            City::Ningde => "宁德",
            City::Pingtan => "平潭",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InputError;

    #[test]
    fn every_area_of_the_target_table_is_listed_once() {
        // The targets themselves are kept in the database
        // (migrations/*/20261211000001_training_targets.sql).
        assert_eq!(City::ALL.len(), 10, "nine cities and 平潭");
    }

    #[test]
    fn a_city_is_read_from_its_area_code() {
        assert_eq!(City::parse("350100"), Ok(City::Fuzhou));
        assert_eq!(City::parse(" 350128 "), Ok(City::Pingtan));
    }

    #[test]
    fn an_unknown_area_code_is_rejected() {
        assert!(matches!(
            City::parse("110000"),
            Err(InputError::UnknownCode {
                field: Field::City,
                ..
            })
        ));
    }
}
