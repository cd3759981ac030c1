//! Time zones by IANA name, with a pointer to the right zone for a
//! well-known city the database does not name.

/// Cities that are not IANA zone names but are often written as if they
/// were (`Asia/Lahore`), with the zone they keep. The database names one city
/// per region, so a planner's own city is often missing; nearest-spelling
/// suggestions then point at the wrong country.
const CITY_ZONES: &[(&str, &[&str])] = &[
    (
        "Asia/Karachi",
        &[
            "lahore",
            "islamabad",
            "rawalpindi",
            "faisalabad",
            "peshawar",
            "multan",
            "quetta",
            "sialkot",
            "gujranwala",
            "sargodha",
            "bahawalpur",
            "sukkur",
            "pakistan",
        ],
    ),
    (
        "Asia/Kolkata",
        &[
            "mumbai",
            "bombay",
            "delhi",
            "new_delhi",
            "bangalore",
            "bengaluru",
            "chennai",
            "madras",
            "pune",
            "ahmedabad",
            "noida",
            "gurgaon",
            "gurugram",
            "jaipur",
            "chandigarh",
            "mohali",
            "india",
        ],
    ),
    ("Asia/Dhaka", &["chittagong", "chattogram", "sylhet"]),
    (
        "Asia/Manila",
        &["cebu", "davao", "quezon_city", "makati", "pasig", "taguig"],
    ),
    ("Asia/Dubai", &["abu_dhabi", "sharjah", "ajman", "uae"]),
    (
        "Asia/Riyadh",
        &["jeddah", "mecca", "makkah", "medina", "dammam", "khobar"],
    ),
    (
        "Asia/Shanghai",
        &["beijing", "guangzhou", "shenzhen", "chengdu", "hangzhou"],
    ),
    ("Asia/Ho_Chi_Minh", &["hanoi", "saigon", "da_nang"]),
    ("Africa/Cairo", &["alexandria", "giza"]),
    ("Africa/Johannesburg", &["cape_town", "durban", "pretoria"]),
    ("Africa/Lagos", &["abuja"]),
    ("Africa/Casablanca", &["rabat", "marrakesh", "fes"]),
    ("Europe/Istanbul", &["ankara", "izmir"]),
    (
        "Europe/London",
        &[
            "manchester",
            "birmingham",
            "glasgow",
            "edinburgh",
            "cardiff",
            "leeds",
            "liverpool",
            "bristol",
        ],
    ),
    (
        "Europe/Berlin",
        &["frankfurt", "munich", "hamburg", "cologne", "dusseldorf"],
    ),
    (
        "Europe/Madrid",
        &["barcelona", "valencia", "seville", "malaga"],
    ),
    ("Europe/Rome", &["milan", "naples", "turin"]),
    ("Europe/Zurich", &["geneva", "basel", "bern"]),
    (
        "America/New_York",
        &[
            "boston",
            "washington",
            "atlanta",
            "miami",
            "philadelphia",
            "charlotte",
            "orlando",
            "tampa",
            "pittsburgh",
            "baltimore",
        ],
    ),
    (
        "America/Chicago",
        &[
            "dallas",
            "houston",
            "austin",
            "san_antonio",
            "minneapolis",
            "st_louis",
            "kansas_city",
            "nashville",
            "new_orleans",
        ],
    ),
    ("America/Denver", &["salt_lake_city", "albuquerque"]),
    (
        "America/Los_Angeles",
        &[
            "san_francisco",
            "seattle",
            "san_diego",
            "las_vegas",
            "portland",
            "san_jose",
            "sacramento",
        ],
    ),
    ("America/Toronto", &["ottawa", "quebec"]),
    ("America/Edmonton", &["calgary"]),
    ("America/Mexico_City", &["guadalajara"]),
    ("America/Sao_Paulo", &["rio_de_janeiro", "rio", "brasilia"]),
    ("Australia/Brisbane", &["gold_coast"]),
];

/// An IANA time zone by name (as chrono-tz knows it, links like US/Eastern
/// included). An unknown name gets the zone of the city it names, when it is
/// a well-known city without a zone of its own (`Asia/Lahore` → Asia/Karachi),
/// else the nearest spellings.
pub fn parse_timezone(name: &str) -> Result<chrono_tz::Tz, String> {
    if let Ok(tz) = name.trim().parse::<chrono_tz::Tz>() {
        return Ok(tz);
    }
    const HINT: &str = "use an IANA name like Asia/Karachi, America/New_York or Europe/London";
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    {
        return Err(format!(
            "unknown time zone `{name}`; zone names are case-sensitive: did you mean `{}`?",
            tz.name()
        ));
    }
    let city = name
        .trim()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_lowercase()
        .replace([' ', '-'], "_");
    if let Some((zone, _)) = CITY_ZONES
        .iter()
        .find(|(_, cities)| cities.contains(&city.as_str()))
    {
        return Err(format!(
            "unknown time zone `{name}`: the time zone database names one city per zone, and {} keeps the time of `{zone}`: write timezone: {zone}",
            name.trim().rsplit('/').next().unwrap_or_default().replace('_', " ")
        ));
    }
    let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
    Err(format!(
        "unknown time zone `{name}`{}; {HINT}",
        crate::error::did_you_mean(name, names)
    ))
}
