//! How a record is laid out as a page: its sections (each with a contents entry), the child
//! registers shown as tabs inside it, and, for casework, which section holds the fields of the
//! stage the case has reached (shown first).
//!
//! Architecture invariant: every field of a register appears in exactly one of its sections
//! (tested below); a register without sections here is one section, "details".

use crate::register::{Fields, Value};

/// One section of a record's page: its id (its heading is `section-<register>-<id>`) and its
/// fields, in the order the form shows them.
pub type Section = (&'static str, &'static [&'static str]);

/// The sections of a register's record page; empty: one section holding every field.
pub fn sections(register: &str) -> &'static [Section] {
    match register {
        "assets" => &[
            (
                "details",
                &[
                    "reference",
                    "name",
                    "description",
                    "purpose",
                    "business_function",
                    "business_function_cy",
                    "department_id",
                    "iao_id",
                    "iaa_ids",
                    "users",
                    "format",
                    "storage",
                    "system_location",
                    "supplier",
                ],
            ),
            (
                "personal",
                &[
                    "personal_data",
                    "data_subjects",
                    "data_categories",
                    "special_categories",
                    "criminal_offence_data",
                    "recipients",
                    "international_transfers",
                    "transfer_safeguards",
                    "privacy_notice",
                ],
            ),
            ("lawful", &["lawful_bases", "art9_conditions", "schedule1_condition"]),
            ("retention", &["retention_class_id", "oldest_trigger", "retention", "disposal_action"]),
            (
                "security",
                &[
                    "classification",
                    "vital_record",
                    "criticality",
                    "access_controls",
                    "security_measures",
                    "dpia_ref",
                    "in_publication_scheme",
                ],
            ),
            ("review", &["last_reviewed", "review_months", "next_review"]),
        ],
        "requests" => &[
            ("receipt", &["reference", "request_type", "received_on", "received_via", "requester_type", "summary"]),
            (
                "clock",
                &[
                    "due_on",
                    "status",
                    "clarification_sought_on",
                    "clarification_received_on",
                    "fee_notice_on",
                    "fee_paid_on",
                    "id_received_on",
                    "extended",
                    "extension_kind",
                    "extension_reason",
                    "extension_notified_on",
                ],
            ),
            ("handling", &["department_ids", "link_officer_id"]),
            ("response", &["responded_on", "acknowledged_on", "outcome", "exemptions", "timeliness"]),
            (
                "review",
                &[
                    "review_requested_on",
                    "review_complex",
                    "review_due_on",
                    "review_completed_on",
                    "review_outcome",
                    "ico_complaint",
                    "ico_reference",
                    "decision_notice",
                ],
            ),
        ],
        "breaches" => &[
            (
                "report",
                &[
                    "reference",
                    "title",
                    "near_miss",
                    "department_id",
                    "cause",
                    "what_happened",
                    "how_discovered",
                    "occurred_at",
                    "discovered_at",
                    "aware_at",
                ],
            ),
            (
                "assessment",
                &[
                    "cyber",
                    "breach_types",
                    "data_categories",
                    "special_categories",
                    "people_affected",
                    "records_affected",
                    "subject_categories",
                    "consequences",
                    "consequence_likelihood",
                    "staff_involved",
                    "staff_training",
                    "containment",
                    "preventive_measures",
                    "likelihood_score",
                    "impact_score",
                    "risk",
                ],
            ),
            (
                "decision",
                &[
                    "notify_ico",
                    "notify_ico_reason",
                    "tell_subjects",
                    "tell_subjects_reason",
                    "decided_by",
                    "ico_deadline",
                ],
            ),
            ("reporting", &["reported_at", "ico_reference", "late_reason", "reported_in_time"]),
            ("closure", &["severity", "lessons", "follow_up", "closed_on", "status"]),
        ],
        "risks" => &[
            ("details", &["reference", "title", "description", "category", "owner_id", "department_id", "asset_ids"]),
            (
                "scores",
                &[
                    "inherent_likelihood",
                    "inherent_impact",
                    "inherent_score",
                    "controls",
                    "residual_likelihood",
                    "residual_impact",
                    "residual_score",
                    "band",
                    "target_score",
                ],
            ),
            ("treatment", &["treatment", "actions", "escalated", "status"]),
            ("review", &["last_reviewed", "review_date"]),
        ],
        "sharing" => &[
            (
                "details",
                &[
                    "reference",
                    "title",
                    "agreement_type",
                    "purpose",
                    "lead_organisation",
                    "partners_signed",
                    "direction",
                    "department_id",
                    "iao_id",
                    "iaa_id",
                ],
            ),
            (
                "data",
                &[
                    "data_subjects",
                    "data_categories",
                    "special_categories",
                    "criminal_offence_data",
                    "asset_ids",
                    "frequency",
                    "transfer_method",
                    "security",
                    "retention_deletion",
                ],
            ),
            ("lawful", &["lawful_bases", "art9_conditions", "statutory_power", "dpia_ref", "privacy_notice_updated"]),
            (
                "review",
                &["status", "qa_group", "qa_date", "start_date", "last_reviewed", "review_months", "review_date"],
            ),
        ],
        _ => &[],
    }
}

/// The child registers shown as tabs on a record's page: (child register, its field that
/// names the parent). Child registers are not in the window's navigation.
pub fn children(register: &str) -> &'static [(&'static str, &'static str)] {
    match register {
        "sharing" => &[("sharing_partners", "sharing_id")],
        "actions" => &[("action_updates", "action_id")],
        "policies" => &[("policy_versions", "policy_id")],
        "site_audits" => &[("site_audit_items", "audit_id")],
        "accountability_assessments" => &[("accountability_ratings", "assessment_id")],
        "courses" => &[("completions", "course_id")],
        "people" => &[("completions", "person_id")],
        _ => &[],
    }
}

/// Whether a register's records are reached through a parent's page rather than the navigation.
pub fn is_child(register: &str) -> bool {
    crate::registers::all().iter().any(|d| children(d.name).iter().any(|(child, _)| *child == register))
}

fn text<'a>(f: &'a Fields, name: &str) -> Option<&'a str> {
    f.get(name).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

fn set(f: &Fields, name: &str) -> bool {
    f.get(name).is_some_and(|v| !v.is_empty())
}

/// The section holding the fields of the stage a case has reached, for the registers worked
/// as cases (requests, breaches); `None` for the others, whose pages start at the top.
pub fn stage(register: &str, f: &Fields) -> Option<&'static str> {
    match register {
        "requests" => Some(if set(f, "review_requested_on") || f.get("ico_complaint").is_some_and(Value::as_bool) {
            "review"
        } else if matches!(text(f, "status"), Some("awaiting-clarification" | "awaiting-fee")) {
            "clock"
        } else if !set(f, "responded_on") && !set(f, "link_officer_id") {
            "handling"
        } else {
            "response"
        }),
        "breaches" => Some(if set(f, "closed_on") || set(f, "reported_at") {
            "closure"
        } else if !set(f, "risk") {
            "assessment"
        } else if text(f, "notify_ico").is_none_or(|d| d == "pending") {
            "decision"
        } else if text(f, "notify_ico") == Some("yes") {
            "reporting"
        } else {
            "closure"
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Messages};

    #[test]
    fn every_field_is_in_exactly_one_section_and_every_section_is_named_in_both_languages() {
        for def in crate::registers::all() {
            let sections = sections(def.name);
            if sections.is_empty() {
                continue;
            }
            for f in def.fields {
                let n = sections.iter().filter(|(_, fields)| fields.contains(&f.name)).count();
                assert_eq!(n, 1, "{}.{} is in {n} sections", def.name, f.name);
            }
            for (id, fields) in sections {
                for name in *fields {
                    assert!(def.field(name).is_some(), "{}: section {id} names {name}, which is not a field", def.name);
                }
                for lang in [Lang::En, Lang::Cy] {
                    let key = format!("section-{}-{id}", def.name);
                    assert!(Messages::for_lang(lang).has(&key), "{key} missing in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn children_name_a_reference_to_their_parent() {
        for def in crate::registers::all() {
            for (child, field) in children(def.name) {
                let c = crate::registers::by_name(child).expect("child register");
                let f = c.field(field).unwrap_or_else(|| panic!("{child}.{field}"));
                assert!(matches!(f.kind, crate::register::FieldKind::Ref(p) if p == def.name), "{child}.{field}");
            }
        }
        assert!(is_child("completions") && is_child("sharing_partners") && !is_child("sharing"));
    }

    #[test]
    fn a_case_opens_at_the_stage_it_has_reached() {
        let f =
            |pairs: &[(&str, Value)]| -> Fields { pairs.iter().cloned().map(|(k, v)| (k.to_string(), v)).collect() };
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(stage("requests", &f(&[("status", t("open"))])), Some("handling"));
        assert_eq!(stage("requests", &f(&[("status", t("open")), ("link_officer_id", t("x"))])), Some("response"));
        assert_eq!(stage("requests", &f(&[("status", t("awaiting-fee"))])), Some("clock"));
        assert_eq!(stage("requests", &f(&[("review_requested_on", t("2026-11-02"))])), Some("review"));
        assert_eq!(stage("breaches", &f(&[])), Some("assessment"));
        assert_eq!(stage("breaches", &f(&[("risk", t("high")), ("notify_ico", t("pending"))])), Some("decision"));
        assert_eq!(stage("breaches", &f(&[("risk", t("high")), ("notify_ico", t("yes"))])), Some("reporting"));
        assert_eq!(stage("breaches", &f(&[("reported_at", t("2026-11-02T10:00:00Z"))])), Some("closure"));
        assert_eq!(stage("assets", &f(&[])), None);
        for def in crate::registers::all() {
            for s in [stage(def.name, &f(&[])), stage(def.name, &f(&[("status", t("closed"))]))].into_iter().flatten() {
                assert!(sections(def.name).iter().any(|(id, _)| *id == s), "{}: {s}", def.name);
            }
        }
    }
}
