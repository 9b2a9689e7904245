# Registers and their fields.
register-departments = Departments
register-people = People
register-roles = Roles
register-assets = Information assets

field-departments-name = Name
field-departments-name_cy = Welsh name
field-departments-code = Code
help-departments-code = A short code used in references, for example HSG.

field-people-name = Name
field-people-job_title = Job title
field-people-email = Email
field-people-staff_number = Staff number
field-people-department_id = Department
field-people-start_date = Start date
field-people-leaving_date = Leaving date
field-people-elected_member = Elected member

field-roles-person_id = Person
field-roles-role = Role
field-roles-department_id = Department
help-roles-department_id = Required for departmental roles: Information Asset Owners and Administrators, Link Officers and their deputies.
field-roles-from_date = From
field-roles-to_date = To
help-roles-to_date = Leave empty while the role is held.
field-roles-notes = Notes

field-assets-reference = Reference
field-assets-name = Asset name
field-assets-description = Description
field-assets-purpose = Purpose of processing
field-assets-business_function = Business function
help-assets-business_function = Group assets by function rather than department so the register survives restructures.
field-assets-business_function_cy = Business function in Welsh
help-assets-business_function_cy = Shown on Welsh screens and in Welsh documents instead of the English, when filled in.
field-assets-department_id = Department
field-assets-iao_id = Information Asset Owner
field-assets-iaa_ids = Information Asset Administrators
field-assets-users = Users and teams
field-assets-format = Format
field-assets-storage = Where it is kept
field-assets-system_location = System or location
field-assets-supplier = Supplier or host
field-assets-personal_data = Contains personal data
field-assets-data_subjects = Categories of data subjects
field-assets-data_categories = Categories of personal data
field-assets-special_categories = Special category data
field-assets-criminal_offence_data = Criminal offence data
field-assets-lawful_bases = Lawful basis (Article 6)
field-assets-art9_conditions = Condition for special category data (Article 9)
field-assets-schedule1_condition = DPA 2018 Schedule 1 condition
field-assets-recipients = Recipients and sharing
field-assets-international_transfers = International transfers
field-assets-transfer_safeguards = Safeguards for transfers
field-assets-privacy_notice = Privacy notice
field-assets-retention = Retention period and trigger
field-assets-disposal_action = Action at the end of retention
field-assets-classification = Security classification
field-assets-vital_record = Vital record
field-assets-criticality = Business criticality
field-assets-access_controls = Who has access
field-assets-security_measures = Technical and organisational security measures
help-assets-security_measures = Article 30(1)(g): a general description is enough.
field-assets-dpia_ref = DPIA reference
field-assets-in_publication_scheme = In the publication scheme
field-assets-last_reviewed = Last reviewed
field-assets-review_months = Review every (months)
help-assets-review_months = Twelve months unless the Information Asset Owner sets another interval.
field-assets-next_review = Next review due
help-assets-next_review = The last review plus the review interval. Never reviewed means due now.

register-holidays = Proclaimed bank holidays
field-holidays-day = Date
field-holidays-nation = Where
field-holidays-name = Occasion
help-holidays-day = Only days proclaimed after Cofrestr was released: the bank holidays of 2016 to 2030 are built in.

register-requests = Requests
field-requests-reference = Reference
help-requests-reference = Leave empty to number it automatically, for example FOI-2026-0042.
field-requests-request_type = Type
field-requests-received_on = Received on
help-requests-received_on = The day it arrived, even at a weekend: the clock counts from the next working day.
field-requests-received_via = Received by
field-requests-requester_type = Requester
help-requests-requester_type = Record the type of requester only: no more personal data than needed.
field-requests-summary = Summary of the request
field-requests-department_ids = Departments
field-requests-link_officer_id = Link Officer
field-requests-clarification_sought_on = Clarification sought on
field-requests-clarification_received_on = Clarification received on
help-requests-clarification_received_on = The clock stands still until the clarification arrives.
field-requests-fee_notice_on = Fees notice sent on
field-requests-fee_paid_on = Fee paid on
field-requests-id_received_on = Proof of identity received on
help-requests-id_received_on = Subject access only: the month runs from the latest of receipt, identity and fee.
field-requests-extended = Extended
field-requests-extension_kind = Kind of extension
field-requests-extension_reason = Reason for the extension
field-requests-extension_notified_on = Requester told of the extension on
field-requests-due_on = Due
help-requests-due_on = Worked out from the statutory rules and UK bank holidays. Empty while the clock is stopped.
field-requests-responded_on = Responded on
field-requests-acknowledged_on = Acknowledged on
help-requests-acknowledged_on = Data protection complaints must be acknowledged within 30 days.
field-requests-outcome = Outcome
field-requests-exemptions = Exemptions and exceptions applied
field-requests-timeliness = Timeliness
field-requests-status = Status
field-requests-review_requested_on = Internal review requested on
field-requests-review_complex = Complex review (40 working days)
field-requests-review_due_on = Internal review due
field-requests-review_completed_on = Internal review completed on
field-requests-review_outcome = Internal review outcome
field-requests-ico_complaint = Complaint to the ICO
field-requests-ico_reference = ICO case reference
field-requests-decision_notice = ICO decision notice

register-breaches = Breaches and incidents
field-breaches-reference = Reference
help-breaches-reference = Leave empty to number it automatically, for example BR-2026-0007.
field-breaches-title = Short title
field-breaches-near_miss = Near miss
field-breaches-department_id = Department
field-breaches-cause = Cause
field-breaches-what_happened = What happened, and how
field-breaches-how_discovered = How it was discovered
field-breaches-occurred_at = When it happened
field-breaches-discovered_at = When it was discovered
field-breaches-aware_at = When the council became aware
help-breaches-aware_at = Date and time in UK time, e.g. 2026-11-24 09:30. The 72-hour ICO clock runs from here, weekends included.
field-breaches-cyber = Cyber incident
field-breaches-breach_types = Type of breach
field-breaches-data_categories = Categories of personal data
field-breaches-special_categories = Special category data involved
field-breaches-people_affected = Approximate number of people affected
field-breaches-records_affected = Approximate number of records
field-breaches-subject_categories = Categories of people affected
field-breaches-consequences = Likely consequences
field-breaches-consequence_likelihood = Likelihood of those consequences
field-breaches-staff_involved = A member of staff was involved
field-breaches-staff_training = Their data protection training
field-breaches-containment = Containment and recovery
field-breaches-preventive_measures = Preventive measures already in place
field-breaches-risk = Risk assessment
help-breaches-risk = The ICO's test: is the breach likely to result in a risk, or a high risk, to people's rights and freedoms?
field-breaches-notify_ico = Notify the ICO
field-breaches-notify_ico_reason = Why the ICO is not being told
field-breaches-tell_subjects = Tell the people affected
field-breaches-tell_subjects_reason = Why the people affected are not being told
field-breaches-decided_by = Decided by
field-breaches-ico_deadline = ICO deadline
field-breaches-reported_at = Reported to the ICO at
field-breaches-ico_reference = ICO reference
field-breaches-late_reason = Reasons for the delay
field-breaches-reported_in_time = Reported within 72 hours
field-breaches-severity = Severity
field-breaches-lessons = Lessons learned
field-breaches-follow_up = Follow-up actions
field-breaches-closed_on = Closed on
field-breaches-status = Status
field-breaches-likelihood_score = Likelihood (NHS grid, 1 to 5)
help-breaches-likelihood_score = Used when Settings choose the NHS DSPT grid: 1 not occurred, 2 not likely, 3 likely, 4 highly likely, 5 occurred. With an impact score it decides the risk.
field-breaches-impact_score = Impact (NHS grid, 1 to 5)
help-breaches-impact_score = 1 no adverse effect, 2 minor, 3 some adverse effect, 4 pain and suffering or financial loss, 5 death or catastrophe.

register-risks = Information risks
field-risks-reference = Reference
help-risks-reference = Leave empty to number it automatically, for example RISK-0012.
field-risks-title = Risk
field-risks-description = Description
field-risks-category = Category
field-risks-owner_id = Risk owner
field-risks-department_id = Department
field-risks-asset_ids = Information assets affected
field-risks-inherent_likelihood = Likelihood before controls (1 to 5)
field-risks-inherent_impact = Impact before controls (1 to 5)
field-risks-inherent_score = Inherent score
field-risks-controls = Controls in place
field-risks-residual_likelihood = Likelihood with controls (1 to 5)
field-risks-residual_impact = Impact with controls (1 to 5)
field-risks-residual_score = Residual score
help-risks-residual_score = Likelihood × impact with the controls in place. A score at or above the escalation threshold in Settings (15 unless changed) is escalated to the SIRO.
field-risks-band = Band
field-risks-target_score = Target score
field-risks-treatment = Treatment
field-risks-actions = Actions
field-risks-escalated = Escalated to the SIRO
field-risks-last_reviewed = Last reviewed
field-risks-review_date = Next review
field-risks-status = Status

register-actions = Action plan
field-actions-reference = Reference
field-actions-title = Action
field-actions-description = Description
field-actions-area = Approach area
field-actions-owner_id = Owner
field-actions-department_id = Department
field-actions-due_on = Due
field-actions-source = Where it came from
field-actions-risk_id = Risk it treats
field-actions-breach_id = Breach it learns from
field-actions-status = Status
field-actions-completed_on = Completed on
field-actions-rag = Latest RAG
help-actions-rag = From the latest quarterly update.

register-action_updates = Quarterly updates
field-action_updates-action_id = Action
field-action_updates-quarter = Quarter
help-action_updates-quarter = The financial-year quarter, for example 2026-27-Q2 (July to September).
field-action_updates-rag = RAG
field-action_updates-commentary = Commentary for the IMG

register-policies = Policies and documents
field-policies-title = Title
field-policies-doc_type = Type
field-policies-owner_id = Owner
field-policies-department_id = Department
field-policies-approved_by = Approved by
field-policies-approved_on = Approved on
field-policies-version = Version in force
field-policies-supersedes_id = Supersedes
field-policies-location = Where the approved copy is held
field-policies-review_date = Review date
field-policies-status = Status

register-policy_versions = Version history
field-policy_versions-policy_id = Document
field-policy_versions-version = Version
field-policy_versions-dated = Date
field-policy_versions-description = Brief description of changes
field-policy_versions-comments = Comments

register-publication = Publication scheme
field-publication-class = Class of information
field-publication-title = Information
field-publication-description = Description
field-publication-published_at = Where it is published
field-publication-department_id = Department
field-publication-link_officer_id = Link Officer
field-publication-last_checked = Last checked
field-publication-check_months = Check every (months)
field-publication-next_check = Next check due
help-publication-next_check = The last check plus the interval. Never checked means due now.

register-retention = Retention schedule
field-retention-reference = Reference
field-retention-function = Function
field-retention-activity = Activity
field-retention-activity_cy = Activity (Welsh)
field-retention-description = Records
field-retention-description_cy = Records (Welsh)
field-retention-trigger_event = Trigger
help-retention-trigger_event = The event the retention period counts from. "End of financial year" counts from the 31 March after it; "end of the current year" from the 31 December.
field-retention-trigger_note = Trigger (explained)
field-retention-period_years = Years
field-retention-period_months = Months
field-retention-action = Action at the end
field-retention-authority = Authority
help-retention-authority = The statute, regulation or guidance the period rests on, e.g. Limitation Act 1980 s5.
field-retention-notes = Notes

field-assets-retention_class_id = Retention class
field-assets-oldest_trigger = Trigger date of the oldest records held
help-assets-oldest_trigger = For example the closure date of the oldest case file still kept. With the retention class this gives the date the records are due for disposal; recording a disposal moves it on.

register-sharing = Data sharing (WASPI)
field-sharing-reference = Reference
field-sharing-title = Title
field-sharing-agreement_type = Type
field-sharing-purpose = Purpose
field-sharing-lead_organisation = Lead organisation
field-sharing-partners_signed = Partners signed
help-sharing-partners_signed = Partners who have signed, of all partners. Add partners and their sign-off under "Sharing partners".
field-sharing-direction = Direction
field-sharing-data_subjects = Data subjects
field-sharing-data_categories = Personal data shared
field-sharing-special_categories = Special category data
field-sharing-criminal_offence_data = Criminal offence data
field-sharing-lawful_bases = Lawful basis (Article 6)
field-sharing-art9_conditions = Article 9 condition
field-sharing-statutory_power = Statutory power or duty
field-sharing-frequency = Frequency
field-sharing-transfer_method = Transfer method
field-sharing-security = Security of the transfer and storage
field-sharing-retention_deletion = Retention and deletion
field-sharing-asset_ids = Information assets shared
field-sharing-dpia_ref = DPIA reference
field-sharing-privacy_notice_updated = Privacy notice updated
field-sharing-status = Status
field-sharing-qa_group = WASPI QA group
field-sharing-qa_date = Quality assured on
field-sharing-start_date = Start date
field-sharing-last_reviewed = Last reviewed
field-sharing-review_months = Review every (months)
help-sharing-review_months = Left empty, the default in Settings (24 months unless changed).
field-sharing-review_date = Review date
help-sharing-review_date = The last review, or the start date, plus the interval.
field-sharing-department_id = Department
field-sharing-iao_id = Information Asset Owner
field-sharing-iaa_id = Information Asset Administrator

register-sharing_partners = Sharing partners
field-sharing_partners-sharing_id = Agreement
field-sharing_partners-organisation = Organisation
field-sharing_partners-role = Role
field-sharing_partners-contact = Contact
field-sharing_partners-signed_by = Signed by
field-sharing_partners-signed_on = Signed on

register-disposals = Disposal log
field-disposals-reference = Reference
field-disposals-description = What was disposed of
field-disposals-asset_id = Information asset
field-disposals-series = Series
help-disposals-series = When the records are not an asset of their own, the series they belong to.
field-disposals-retention_class_id = Retention class
field-disposals-department_id = Department
field-disposals-format = Format
field-disposals-volume = Volume
help-disposals-volume = For example 14 boxes, 2,300 files or 4.2 GB.
field-disposals-records_from = Records dated from
field-disposals-records_to = Records dated to
field-disposals-disposal_date = Disposal date
field-disposals-method = Method
field-disposals-authorised_by_id = Authorised by
help-disposals-authorised_by_id = The asset's Information Asset Owner, or someone holding the IAO or SIRO role.
field-disposals-carried_out_by = Carried out by
field-disposals-certificate_ref = Certificate of destruction
field-disposals-no_legal_hold = Checked: no legal hold
field-disposals-no_open_request = Checked: no open request, litigation or investigation
field-disposals-all_copies = Checked: all copies, including backups, destroyed
field-disposals-notes = Notes

register-report_texts = Annual report texts
field-report_texts-year = Financial year
field-report_texts-section = Section
field-report_texts-body_en = Text in English
field-report_texts-body_cy = Text in Welsh
help-report_texts-year = Like 2025-26 (April to March).
register-courses = Training courses
field-courses-name = Course
field-courses-name_cy = Course name in Welsh
field-courses-mandatory = Mandatory
field-courses-audience = Who must take it
field-courses-roles = Roles that must take it
field-courses-refresh_months = Valid for (months)
field-courses-induction_months = New starters within (months)
field-courses-description = Description
help-courses-refresh_months = How long a completion counts before the course must be taken again: 12 months unless the council decides otherwise.
help-courses-induction_months = How soon after starting a new member of staff must complete it. Until then they are shown as due, not overdue.
help-courses-roles = Only when “Who must take it” is people in named roles: the roles held on the roles register.
register-completions = Training completions
field-completions-person_id = Person
field-completions-course_id = Course
field-completions-completed_on = Completed on
field-completions-score = Score (%)
field-completions-expires_on = Valid until
field-completions-source = Recorded from
field-completions-notes = Notes
register-checklist_templates = Audit checklists
field-checklist_templates-name = Checklist
field-checklist_templates-name_cy = Checklist name in Welsh
field-checklist_templates-items = Items
field-checklist_templates-description = Description
help-checklist_templates-items = One item per line. Give the Welsh after a bar: “Clear desk | Desg glir”. A new audit copies the items, so changes here never alter an audit already started.
register-site_audits = Site audits
field-site_audits-reference = Reference
field-site_audits-site = Site
field-site_audits-department_id = Department
field-site_audits-audit_date = Date of audit
field-site_audits-auditor_id = Auditor
field-site_audits-template_id = Checklist
field-site_audits-status = Status
field-site_audits-score = Score (%)
field-site_audits-rag = RAG
field-site_audits-summary = Summary
help-site_audits-score = Share of answered items that comply: partly counts half, not applicable is left out.
help-site_audits-rag = Green from 90%, amber from 70%, otherwise red; a finding rated worse than the score makes the audit that colour.
register-site_audit_items = Site audit answers
field-site_audit_items-audit_id = Site audit
field-site_audit_items-number = No.
field-site_audit_items-item = Item
field-site_audit_items-item_cy = Item in Welsh
field-site_audit_items-answer = Answer
field-site_audit_items-notes = Notes
field-site_audit_items-finding = Finding
field-site_audit_items-finding_rag = Finding RAG
field-site_audit_items-action_id = Action raised
register-accountability_assessments = Accountability self-assessments
field-accountability_assessments-title = Assessment
field-accountability_assessments-assessed_on = Assessed on
field-accountability_assessments-assessor_id = Assessed by
field-accountability_assessments-score = Score (%)
field-accountability_assessments-notes = Notes
help-accountability_assessments-score = Share of rated expectations met: partly met counts half, not applicable is left out.
register-accountability_ratings = Accountability ratings
field-accountability_ratings-assessment_id = Self-assessment
field-accountability_ratings-category = Category
field-accountability_ratings-expectation = Expectation
field-accountability_ratings-rating = Rating
field-accountability_ratings-evidence = Evidence
field-accountability_ratings-evidence_policies = Evidence: policies
field-accountability_ratings-evidence_assets = Evidence: information assets
field-accountability_ratings-action_id = Action raised

## The sections of a record's page (registers/pages.rs)
section-assets-details = Details
section-assets-personal = Personal data
section-assets-lawful = Lawful basis
section-assets-retention = Retention
section-assets-security = Security
section-assets-review = Review
section-requests-receipt = Receipt
section-requests-clock = Clock
section-requests-handling = Handling
section-requests-response = Response
section-requests-review = Internal review and ICO
section-breaches-report = What happened
section-breaches-assessment = Assessment
section-breaches-decision = Decision to notify
section-breaches-reporting = Report to the ICO
section-breaches-closure = Closure and lessons
section-risks-details = Details
section-risks-scores = Scores
section-risks-treatment = Treatment
section-risks-review = Review
section-sharing-details = Details
section-sharing-data = Data shared
section-sharing-lawful = Lawful basis
section-sharing-review = Approval and review

## A record at a glance (glance.rs): labels in tables and a record's header
glance-due-in = { $days ->
    [one] Due tomorrow
   *[other] Due in { $days } days
}
glance-due-today = Due today
glance-due-overdue = { $days ->
    [one] Overdue by 1 day
   *[other] Overdue by { $days } days
}
glance-review-in = { $days ->
    [one] Review due tomorrow
   *[other] Review due in { $days } days
}
glance-review-today = Review due today
glance-review-overdue = { $days ->
    [one] Review overdue by 1 day
   *[other] Review overdue by { $days } days
}
glance-review-never = Never reviewed
glance-rag = RAG: { $rag }
glance-answered-on-time = Answered on time
glance-answered-extended = Answered within an extension
glance-answered-late = Answered late
glance-reported-in-time = Reported within 72 hours
glance-reported-late = Reported after 72 hours
glance-due-in-working = { $days ->
    [one] Due in 1 working day
   *[other] Due in { $days } working days
}
glance-due-overdue-working = { $days ->
    [one] Overdue by 1 working day
   *[other] Overdue by { $days } working days
}
glance-review-in-working = { $days ->
    [one] Review due in 1 working day
   *[other] Review due in { $days } working days
}
glance-review-overdue-working = { $days ->
    [one] Review overdue by 1 working day
   *[other] Review overdue by { $days } working days
}
glance-ico-within-hours = { $n ->
    [one] Report to the ICO within 1 hour
   *[other] Report to the ICO within { $n } hours
}
glance-ico-within-minutes = Report to the ICO within { $n } minutes
glance-ico-passed-hours = { $n ->
    [one] ICO deadline passed 1 hour ago
   *[other] ICO deadline passed { $n } hours ago
}
glance-ico-passed-minutes = ICO deadline passed { $n } minutes ago
