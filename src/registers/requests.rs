//! Access-to-information requests: FOI, EIR, subject access and other rights requests, and
//! data-protection complaints (DUAA). The due date is computed by `crate::deadlines`, never
//! typed; so are the status, the internal-review due date and whether the answer was on time.
//!
//! Clock rules applied here (docs/domain.md §2):
//! - FOI s1(3) / EIR reg 9: a request that needed clarification counts as received when the
//!   clarification arrives; while it is awaited there is no due date (the clock has stopped).
//! - FOI s10(2): the days from a fees notice to payment are disregarded; while the fee is
//!   unpaid there is no due date.
//! - SAR: from the latest of receipt, ID and fee; a clarification pause (DUAA) adds its
//!   inclusive days; an extension makes it three months.
//! - DP complaints: the due date is the acknowledgement date, 30 days from receipt.

use chrono::NaiveDate;

use crate::deadlines::{self, Clock, ClockInput};
use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "requests",
    table: "requests",
    fields: &[
        text("reference").unique().in_table().searchable(),
        choice("request_type", "request_type").required().in_table().filterable().default_value("foi"),
        date("received_on").required().in_table(),
        choice("received_via", "channel").filterable().default_value("email"),
        choice("requester_type", "requester_type").filterable(),
        long_text("summary").required().searchable(),
        references("department_ids", "departments").filterable().in_table(),
        reference("link_officer_id", "people").filterable(),
        date("clarification_sought_on"),
        date("clarification_received_on"),
        date("fee_notice_on"),
        date("fee_paid_on"),
        date("id_received_on"),
        yes_no("extended"),
        choice("extension_kind", "extension_kind"),
        long_text("extension_reason"),
        date("extension_notified_on"),
        date("due_on").computed().in_table(),
        date("responded_on").in_table(),
        date("acknowledged_on"),
        choice("outcome", "outcome").filterable(),
        multi_choice("exemptions", "exemption").filterable(),
        choice("timeliness", "timeliness").computed().filterable(),
        choice("status", "request_status").computed().in_table().filterable(),
        date("review_requested_on"),
        yes_no("review_complex"),
        date("review_due_on").computed(),
        date("review_completed_on"),
        choice("review_outcome", "review_outcome").filterable(),
        yes_no("ico_complaint").filterable(),
        text("ico_reference").searchable(),
        text("decision_notice").searchable(),
    ],
    title_field: "reference",
    title_field_cy: None,
    default_sort: "received_on",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

fn d(f: &Fields, name: &str) -> Option<NaiveDate> {
    f.get(name).and_then(Value::as_date)
}
fn s<'a>(f: &'a Fields, name: &str) -> Option<&'a str> {
    f.get(name).and_then(Value::as_str)
}

pub fn clock_for(request_type: &str) -> Clock {
    match request_type {
        "foi" => Clock::Foi,
        "eir" => Clock::Eir,
        "dp-complaint" => Clock::ComplaintAck,
        _ => Clock::Sar,
    }
}

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let received = d(f, "received_on");
    let after_receipt = [
        "clarification_sought_on",
        "clarification_received_on",
        "fee_notice_on",
        "fee_paid_on",
        "id_received_on",
        "extension_notified_on",
        "responded_on",
        "acknowledged_on",
        "review_requested_on",
    ];
    for name in after_receipt {
        if let (Some(r), Some(v)) = (received, d(f, name)) {
            if v < r {
                errors.push(FieldError::new(name, "err-before-receipt"));
            }
        }
    }
    for name in [
        "received_on",
        "responded_on",
        "acknowledged_on",
        "review_completed_on",
        "clarification_received_on",
        "fee_paid_on",
    ] {
        if d(f, name).is_some_and(|v| v > ctx.today) {
            errors.push(FieldError::new(name, "err-date-in-future"));
        }
    }
    let pairs = [
        ("clarification_sought_on", "clarification_received_on"),
        ("fee_notice_on", "fee_paid_on"),
        ("review_requested_on", "review_completed_on"),
    ];
    for (from, to) in pairs {
        match (d(f, from), d(f, to)) {
            (None, Some(_)) => errors.push(FieldError::new(from, "err-required")),
            (Some(a), Some(b)) if b < a => errors.push(FieldError::new(to, "err-to-before-from")),
            _ => {}
        }
    }
    if f.get("extended").is_some_and(Value::as_bool) {
        for name in ["extension_kind", "extension_reason", "extension_notified_on"] {
            if f.get(name).is_none_or(Value::is_empty) {
                errors.push(FieldError::new(name, "err-extension-details"));
            }
        }
    }
    if f.get("responded_on").is_some_and(|v| !v.is_empty()) && f.get("outcome").is_none_or(Value::is_empty) {
        errors.push(FieldError::new("outcome", "err-outcome-needed"));
    }
    if f.get("review_completed_on").is_some_and(|v| !v.is_empty())
        && f.get("review_outcome").is_none_or(Value::is_empty)
    {
        errors.push(FieldError::new("review_outcome", "err-outcome-needed"));
    }
    if s(f, "request_type") != Some("sar") && f.get("id_received_on").is_some_and(|v| !v.is_empty()) {
        errors.push(FieldError::new("id_received_on", "err-sar-only"));
    }
    errors
}

/// The inputs of a request's statutory clock.
pub fn clock_input(f: &Fields, cal: &deadlines::Calendar) -> Option<(Clock, ClockInput)> {
    let clock = clock_for(s(f, "request_type")?);
    let mut input = ClockInput {
        received: d(f, "received_on"),
        extended: f.get("extended").is_some_and(Value::as_bool),
        ..Default::default()
    };
    let sought = d(f, "clarification_sought_on");
    let clarified = d(f, "clarification_received_on");
    match clock {
        Clock::Foi | Clock::Eir => {
            if sought.is_some() {
                // The request counts as received when the clarification arrives.
                input.received = Some(clarified?);
            }
            if let Some(notice) = d(f, "fee_notice_on") {
                input.pauses.push((notice, d(f, "fee_paid_on")?));
            }
        }
        Clock::Sar => {
            input.id_received = d(f, "id_received_on");
            input.fee_received = d(f, "fee_paid_on");
            if let Some(a) = sought {
                input.pauses.push((a, clarified?));
            }
        }
        _ => {}
    }
    // An extension counts only if the requester was told in time: within the first 20 working
    // days (FOI s17(2), EIR reg 7(2)) or the first month (SAR). Told later, the original
    // deadline stands and an answer after it is late.
    if input.extended {
        let told = d(f, "extension_notified_on");
        let by = deadlines::extension_notice_by(clock, &input, cal);
        if told.zip(by).is_none_or(|(t, b)| t > b) {
            input.extended = false;
        }
    }
    Some((clock, input))
}

fn compute(f: &mut Fields, ctx: &Context) {
    let cal = super::holidays::calendar(ctx.conn);
    let clock = clock_input(f, &cal);
    let permitted_extension = clock.as_ref().is_some_and(|(_, i)| i.extended);
    let due = clock.and_then(|(clock, input)| deadlines::due(clock, &input, &cal));
    f.insert("due_on".into(), due.map(|d| Value::Text(d.date.to_string())).unwrap_or(Value::Null));

    // The reference, when none was typed: FOI-2026-0042.
    if f.get("reference").is_none_or(Value::is_empty) {
        if let (Some(kind), Some(received)) = (s(f, "request_type").map(str::to_string), d(f, "received_on")) {
            let prefix = format!("{}-{}-", kind.to_uppercase(), chrono::Datelike::year(&received));
            f.insert("reference".into(), Value::Text(store::reference_for(ctx, "requests", &prefix)));
        }
    }

    // On time: answered (or, for complaints, acknowledged) by the due date; "within a
    // permitted extension" when that took an extension.
    let answered = match s(f, "request_type") {
        Some("dp-complaint") => [d(f, "acknowledged_on"), d(f, "responded_on")].into_iter().flatten().min(),
        _ => d(f, "responded_on"),
    };
    let timeliness = match (answered, due) {
        (Some(a), Some(due)) if a <= due.date => {
            if permitted_extension {
                "on-time-extended"
            } else {
                "on-time"
            }
        }
        (Some(_), Some(_)) => "late",
        _ => "",
    };
    f.insert("timeliness".into(), if timeliness.is_empty() { Value::Null } else { Value::Text(timeliness.into()) });

    let review_due = d(f, "review_requested_on").map(|r| {
        let clock = if s(f, "request_type") == Some("eir") { Clock::EirReview } else { Clock::FoiReview };
        let input = ClockInput {
            received: Some(r),
            extended: f.get("review_complex").is_some_and(Value::as_bool),
            ..Default::default()
        };
        deadlines::due(clock, &input, &cal).expect("received given").date
    });
    f.insert("review_due_on".into(), review_due.map(|d| Value::Text(d.to_string())).unwrap_or(Value::Null));

    let status = if s(f, "outcome") == Some("withdrawn") {
        "closed"
    } else if d(f, "review_requested_on").is_some() && d(f, "review_completed_on").is_none() {
        "under-review"
    } else if d(f, "responded_on").is_some() {
        "closed"
    } else if d(f, "clarification_sought_on").is_some() && d(f, "clarification_received_on").is_none() {
        "awaiting-clarification"
    } else if d(f, "fee_notice_on").is_some() && d(f, "fee_paid_on").is_none() {
        "awaiting-fee"
    } else {
        "open"
    };
    f.insert("status".into(), Value::Text(status.into()));
}
