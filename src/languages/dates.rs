//! Dates written the language's way: `5 mars 2024`, `5. März 2024`, `2024年3月5日`. Templates
//! call the `local_date` filter on a page's date (`2024-03-05`, or a full RFC 3339 time); the
//! `datetime` attribute keeps the machine form. A language without a table here gets the ISO
//! form, which every reader can read.

/// `date` (starting `YYYY-MM-DD`) as `language` writes it; the text unchanged when it is not
/// such a date.
pub fn local_date(date: &str, language: &str) -> String {
    let Some((y, m, d)) = parse(date) else {
        return date.to_string();
    };
    let month = |names: &[&'static str; 12]| names[m as usize - 1];
    match super::primary(language) {
        "en" => format!("{} {d}, {y}", month(&EN)),
        "fr" => format!("{d} {} {y}", month(&FR)),
        "de" => format!("{d}. {} {y}", month(&DE)),
        "es" => format!("{d} de {} de {y}", month(&ES)),
        "pt" => format!("{d} de {} de {y}", month(&PT)),
        "it" => format!("{d} {} {y}", month(&IT)),
        "ar" => format!("{d} {} {y}", month(&AR)),
        "zh" | "ja" => format!("{y}年{m}月{d}日"),
        "ko" => format!("{y}년 {m}월 {d}일"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    }
}

fn parse(date: &str) -> Option<(u32, u32, u32)> {
    let head = date.get(..10)?;
    let mut parts = head.split('-');
    let y = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const PT: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];
const IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
const AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_the_date_its_way() {
        assert_eq!(local_date("2024-03-05", "en"), "March 5, 2024");
        assert_eq!(local_date("2024-03-05", "fr"), "5 mars 2024");
        assert_eq!(local_date("2024-03-05T10:00:00Z", "de"), "5. März 2024");
        assert_eq!(local_date("2024-03-05", "pt-BR"), "5 de março de 2024");
        assert_eq!(local_date("2024-03-05", "zh"), "2024年3月5日");
        assert_eq!(local_date("2024-03-05", "ar"), "5 مارس 2024");
        assert_eq!(local_date("2024-03-05", "sw"), "2024-03-05");
        assert_eq!(local_date("soon", "fr"), "soon");
    }
}
