use super::{text_cell, unguard, Csv};

#[test]
fn a_record_of_another_width_than_the_header_is_an_error() {
    let mut w = Csv::new();
    w.row(["a", "b"]).unwrap();
    w.row(["1", "2"]).unwrap();
    assert_eq!(w.finish().unwrap(), "a,b\n1,2\n");
    // The csv crate has written the short record's fields by the time it
    // refuses it, so the error must reach the caller, not be dropped.
    let mut w = Csv::new();
    w.row(["a", "b"]).unwrap();
    assert!(w.row(["3"]).is_err());
    let mut w = Csv::new();
    w.row(["a", "b"]).unwrap();
    assert!(w.row(["3", "4", "5"]).is_err());
}

#[test]
fn cells_a_spreadsheet_would_run_as_formulas_are_written_as_text() {
    let mut w = Csv::new();
    let cells = [
        "=1+2",
        "@cmd",
        "+15% volume",
        "-2+3",
        "\tx",
        "-3.5",
        "+12",
        "-",
        "a=b",
        "",
    ];
    w.row(cells).unwrap();
    // By hand: the first five are formulas to Excel, the rest are not.
    assert_eq!(
        w.finish().unwrap(),
        "'=1+2,'@cmd,'+15% volume,'-2+3,'\tx,-3.5,+12,-,a=b,\n"
    );
    for cell in cells {
        let written = text_cell(cell);
        let read = written.trim_matches('"');
        assert_eq!(unguard(read), cell, "{cell:?} read back");
    }
    // A cell that starts with ' but was not guarded is read as it is.
    assert_eq!(unguard("'tis"), "'tis");
    assert_eq!(text_cell("=SUM(A1,A2)"), "\"'=SUM(A1,A2)\"");
}
