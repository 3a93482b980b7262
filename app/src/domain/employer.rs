//! Employers (用工企业): the company as it registers, its unified social
//! credit code, and where its verification by the city's bureau stands.

use serde::{Deserialize, Serialize};

use super::{
    code_enum::code_enum, error::excerpt, tidy, Address, City, ContactPerson, Field, InputError,
    InstitutionName, MobileNumber, Password, RealName, Username,
};

/// 统一社会信用代码 (GB 32100-2015): 18 characters from the code's own
/// alphabet, the 3rd to 8th the administrative division (digits), the last
/// a check character over the first 17.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

/// The 31 characters a credit code is written in: digits and the capital
/// letters except I, O, S, V and Z. A character's value is its position.
const CREDIT_CODE_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weight of each of the first 17 positions: 3^i mod 31.
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

impl CreditCode {
    /// Reads a code as printed on a business licence: spaces dropped,
    /// full-width characters and lower case accepted.
    pub fn parse(input: &str) -> Result<CreditCode, InputError> {
        let code: String = tidy(input)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.is_empty() {
            return Err(InputError::Required {
                field: Field::CreditCode,
            });
        }
        let values: Option<Vec<u32>> = code.bytes().map(alphabet_value).collect();
        let well_formed = code.len() == 18
            && code.is_ascii()
            && code.as_bytes()[2..8].iter().all(u8::is_ascii_digit);
        let values = match values {
            Some(values) if well_formed => values,
            _ => {
                return Err(InputError::CreditCodeFormat {
                    value: excerpt(&code),
                })
            }
        };
        if values[17] == check_value(&values[..17]) {
            Ok(CreditCode(code))
        } else {
            Err(InputError::CreditCodeCheck {
                value: excerpt(&code),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six digits of the administrative division it was issued in
    /// (福州 350100 and its districts start with 3501).
    pub fn division(&self) -> &str {
        &self.0[2..8]
    }
}

fn alphabet_value(byte: u8) -> Option<u32> {
    CREDIT_CODE_ALPHABET
        .iter()
        .position(|&c| c == byte)
        .and_then(|position| u32::try_from(position).ok())
}

/// The value of the check character for the first 17 values.
fn check_value(values: &[u32]) -> u32 {
    let sum: u32 = values
        .iter()
        .zip(CREDIT_CODE_WEIGHTS)
        .map(|(value, weight)| value * weight)
        .sum();
    (31 - sum % 31) % 31
}

impl TryFrom<String> for CreditCode {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Self::parse(&value)
    }
}

impl From<CreditCode> for String {
    fn from(value: CreditCode) -> String {
        value.0
    }
}

impl std::fmt::Display for CreditCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

code_enum! {
    /// Where an employer's registration stands with its city's bureau.
    /// Only a verified employer posts orders; a rejected one may correct
    /// its details and ask again.
    pub enum EmployerStatus for Field::Decision {
        Pending = "pending";
        Verified = "verified";
        Rejected = "rejected";
    }
}

/// The company's details as typed, on registration or correction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompanyInput {
    /// 企业名称, as on the business licence.
    pub name: String,
    /// 统一社会信用代码 (18 characters).
    pub credit_code: String,
    pub address: String,
    /// The city code (for example `350100`).
    pub city: String,
    /// 联系人.
    pub contact_person: String,
    /// The contact person's mobile number.
    pub contact_mobile: String,
}

/// A company's details that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    pub name: InstitutionName,
    pub credit_code: CreditCode,
    pub address: Address,
    pub city: City,
    pub contact_person: ContactPerson,
    pub contact_mobile: MobileNumber,
}

impl TryFrom<&CompanyInput> for Company {
    type Error = InputError;

    fn try_from(input: &CompanyInput) -> Result<Company, InputError> {
        Ok(Company {
            name: InstitutionName::parse(&input.name)?,
            credit_code: CreditCode::parse(&input.credit_code)?,
            address: Address::parse(&input.address)?,
            city: City::parse(&input.city)?,
            contact_person: ContactPerson::parse(&input.contact_person)?,
            contact_mobile: MobileNumber::parse(&input.contact_mobile)?,
        })
    }
}

/// An employer's registration: the company, and the first staff account
/// (its HR clerk), who signs in with a user name and password and may add
/// a passkey afterwards.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployerRegistrationInput {
    #[serde(flatten)]
    pub company: CompanyInput,
    /// The clerk's own name, as on the ID card.
    pub display_name: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for EmployerRegistrationInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmployerRegistrationInput")
            .field("company", &self.company)
            .field("display_name", &self.display_name)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// A registration that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerRegistration {
    pub company: Company,
    pub display_name: RealName,
    pub username: Username,
    pub password: Password,
}

impl TryFrom<&EmployerRegistrationInput> for EmployerRegistration {
    type Error = InputError;

    fn try_from(input: &EmployerRegistrationInput) -> Result<Self, InputError> {
        Ok(EmployerRegistration {
            company: Company::try_from(&input.company)?,
            display_name: RealName::parse(&input.display_name)?,
            username: Username::parse(&input.username)?,
            password: Password::parse(&input.password)?,
        })
    }
}

/// An employer as its staff, its bureau and the province see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EmployerView {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub city: City,
    pub contact_person: String,
    /// Masked (`138****8000`) for everyone but the employer's own staff
    /// and its bureau.
    pub contact_mobile: String,
    pub status: EmployerStatus,
    pub registered_at: String,
    pub decided_at: Option<String>,
    /// Why the bureau rejected it (or its note on verifying).
    pub decision_reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completes 17 characters with their check character.
    fn with_check(first17: &str) -> String {
        let values: Vec<u32> = first17
            .bytes()
            .map(|b| alphabet_value(b).expect("in the alphabet"))
            .collect();
        let check = check_value(&values) as usize;
        format!("{first17}{}", CREDIT_CODE_ALPHABET[check] as char)
    }

    #[test]
    fn a_published_credit_code_passes_its_check() {
        // Printed on the business licence of 深圳市腾讯计算机系统有限公司.
        assert!(CreditCode::parse("9144030071526726XG").is_ok());
        // 招商银行股份有限公司.
        assert!(CreditCode::parse("9144030010001686XA").is_ok());
    }

    #[test]
    fn a_credit_code_is_read_as_printed_with_spaces_full_width_and_lower_case() {
        let code = with_check("91350100M000100Y4");
        let typed = format!(" {} {}", &code[..9].to_lowercase(), &code[9..]);
        let full_width: String = code
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).expect("a full-width form"))
            .collect();
        assert_eq!(
            CreditCode::parse(&typed).expect("read as typed").as_str(),
            code
        );
        assert_eq!(
            CreditCode::parse(&full_width)
                .expect("read in full width")
                .as_str(),
            code
        );
    }

    #[test]
    fn one_wrong_character_fails_the_check() {
        let code = with_check("91350100M000100Y4");
        let mut wrong = code.clone().into_bytes();
        wrong[10] = if wrong[10] == b'0' { b'1' } else { b'0' };
        let wrong = String::from_utf8(wrong).expect("ASCII");
        assert!(matches!(
            CreditCode::parse(&wrong),
            Err(InputError::CreditCodeCheck { .. })
        ));
    }

    #[test]
    fn a_credit_code_of_the_wrong_length_or_alphabet_is_refused_as_malformed() {
        for bad in [
            "9135010012345678",
            "91350100M000100Y4XX",
            "91350100M000100I4X", // I is not in the alphabet
            "91AB0100M000100Y4X", // the division is digits
        ] {
            assert!(
                matches!(
                    CreditCode::parse(bad),
                    Err(InputError::CreditCodeFormat { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            CreditCode::parse("  "),
            Err(InputError::Required { .. })
        ));
    }

    #[test]
    fn the_division_is_the_third_to_eighth_character() {
        let code = CreditCode::parse(&with_check("91350102M000100Y4")).expect("valid");
        assert_eq!(code.division(), "350102");
    }

    #[test]
    fn a_registration_needs_a_valid_company_and_clerk() {
        let mut input = EmployerRegistrationInput {
            company: CompanyInput {
                name: "福州闽江电子有限公司".into(),
                credit_code: with_check("91350100M000100Y4"),
                address: "福州市仓山区建新镇".into(),
                city: "350100".into(),
                contact_person: "林晓".into(),
                contact_mobile: "13800138000".into(),
            },
            display_name: "林晓".into(),
            username: "minjiang-hr".into(),
            password: "a long enough secret".into(),
        };
        assert!(EmployerRegistration::try_from(&input).is_ok());
        input.company.contact_mobile = "12345".into();
        assert!(matches!(
            EmployerRegistration::try_from(&input),
            Err(InputError::MobileFormat { .. })
        ));
        assert!(
            !format!("{input:?}").contains("secret"),
            "no password in logs"
        );
    }
}
