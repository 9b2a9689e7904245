# The window. Messages here use only plain { $name } placeholders: the front end fills them in.
ui-app-name = Cofrestr
ui-app-tagline = Information governance registers
ui-skip-link = Skip to main content
ui-loading = Loading…
ui-language = Language
ui-lang-en = English
ui-lang-cy = Cymraeg
ui-setup-title = Set up Cofrestr
ui-setup-intro = Cofrestr keeps your council's information governance registers in one encrypted file on this computer. Choose a passphrase you will remember: without it nobody, including you, can open the file.
ui-setup-council = Council name
ui-setup-user = Your name
ui-setup-department = Your department
ui-setup-create = Create the database
ui-setup-open-existing = Open an existing database file instead
ui-setup-new-instead = Create a new database instead
ui-passphrase = Passphrase
ui-passphrase-repeat = Type the passphrase again
ui-passphrase-hint = At least 12 characters. A few unrelated words make a strong passphrase.
ui-db-path = Database file
ui-unlock-title = Unlock Cofrestr
ui-unlock-intro = The registers are encrypted. Enter the passphrase to open them.
ui-unlock = Unlock
ui-open = Open
ui-lock = Lock
ui-locked-idle = Cofrestr locked itself after a period without use.
ui-nav-label = Main menu
ui-nav-dashboard = Dashboard
ui-nav-organisation = Organisation
ui-nav-registers = Registers
ui-nav-settings = Settings
ui-signed-in-as = Signed in as { $name }
ui-dashboard-title = Dashboard
ui-dashboard-attention = Needs attention
ui-dashboard-nothing = Nothing needs attention.
ui-dashboard-records = Records held
ui-dashboard-open = Open
ui-search = Search
ui-search-placeholder = Search this register
ui-filters = Filters
ui-filter-any = Any
ui-filter-due = Review
ui-due-overdue = Overdue or never reviewed
ui-due-soon = Due in the next 30 days
ui-clear-filters = Clear filters
ui-add = Add
ui-edit = Edit
ui-save = Save
ui-cancel = Cancel
ui-delete = Delete
ui-close = Close
ui-history = History
ui-details = Details
ui-records-count = Records: { $count }
ui-showing = Showing { $from } to { $to } of { $total }
ui-previous = Previous page
ui-next = Next page
ui-sort-by = Sort by { $field }
ui-sorted-asc = sorted ascending
ui-sorted-desc = sorted descending
ui-no-records = No records match.
ui-new-record = New record: { $register }
ui-edit-record = Edit record: { $register }
ui-required = required
ui-yes = Yes
ui-no = No
ui-saved = Saved.
ui-deleted = Deleted.
ui-confirm-delete = Delete this record? The audit trail keeps a copy of what it held.
ui-history-empty = No history.
ui-history-by = { $action } by { $actor } at { $at }
ui-history-field = Field
ui-history-before = Before
ui-history-after = After
ui-computed = Worked out by Cofrestr
ui-select-none = (none)
ui-multi-hint = Tick every one that applies.
ui-settings-title = Settings
ui-settings-general = General
ui-idle-lock = Lock after this many minutes without use
ui-backups-keep = Automatic backups to keep
ui-settings-save = Save settings
ui-settings-saved = Settings saved.
ui-change-passphrase = Change passphrase
ui-passphrase-current = Current passphrase
ui-passphrase-new = New passphrase
ui-passphrase-changed = Passphrase changed.
ui-backup-title = Backups
ui-backup-intro = A backup is taken every time Cofrestr is unlocked. You can also save one now, for example to a USB stick; it is encrypted with the same passphrase.
ui-backup-path = Save a backup to this file
ui-backup-now = Back up now
ui-backup-done = Backup written to { $path }.
ui-audit-title = Audit trail
ui-audit-intro = Every change is recorded in a hash-chained audit trail. Verifying it shows whether anything was altered outside Cofrestr.
ui-audit-verify = Verify the audit trail
ui-audit-ok = The audit trail is intact: { $entries } entries and { $records } records checked.
ui-about = About this database
ui-installation = Installation
ui-council = Council
ui-error-title = Something went wrong
ui-field-errors = Please correct the fields marked below.
ui-dismiss = Dismiss
ui-filters-active = Filters ({ $count } in use)
ui-nav-rights = Information rights
ui-nav-reference = Reference data
ui-dashboard-due = Due and overdue
ui-dashboard-nothing-due = No requests or breaches are waiting.
ui-urgent-title = Deadlines close at hand
ui-breach-scheme = How breaches are assessed
ui-breach-scheme-ico = The ICO's scheme: no risk, risk, high risk
ui-breach-scheme-nhs-dspt = The NHS DSPT grid: likelihood × impact, 1 to 5 each
ui-heat-map = Heat map of open risks (with controls)
ui-heat-likelihood = Likelihood
ui-heat-impact = impact
ui-linked-records = Linked records
ui-no-linked-records = No other records refer to this one.
ui-nav-records = Records and documents
ui-filter-none = (not set)
ui-starter-load-retention = Add missing starter classes
ui-starter-added-retention = Starter classes added: { $count }.
ui-starter-load-checklist_templates = Add the starter spot check
ui-starter-added-checklist_templates = Starter checklists added: { $count }.
ui-dashboard-disposals = Due for disposal (next 90 days)
ui-dashboard-nothing-disposal = No records are due for disposal in the next 90 days.
ui-sharing-review-months = Review data-sharing agreements every (months)
ui-training-target = Training target: staff holding each mandatory course (%)
ui-risk-scale-title = Risk scale
ui-risk-scale-intro = Each band of residual score (likelihood × impact): its name in English and Welsh, the score it starts at and its heat-map colour; then when a risk is escalated to the SIRO. Saving re-bands every risk, and each change is recorded in the audit trail.
ui-band-1 = Lowest band
ui-band-2 = Second band
ui-band-3 = Third band
ui-band-4 = Highest band
ui-band-name-en = Name in English
ui-band-name-cy = Name in Welsh
ui-band-starts-at = Starts at score
ui-band-starts-at-one = Starts at score 1.
ui-band-colour = Colour
ui-escalate-at = Escalate to the SIRO from score
ui-band-colour-help = Colours: a # and six hexadecimal digits, e.g. #ffcc80. Counts are shown in black, so the colour must be light enough to read them.
ui-heat-legend = Key
ui-heat-legend-entry = { $label }: scores { $from } to { $to }
ui-heat-cell = Likelihood { $l }, impact { $i }, { $band }. Risks: { $n }. Show them.
ui-risk-scale-save = Save risk scale
ui-risk-scale-saved = Risk scale saved; every risk re-banded.
ui-links-refers-to = This record refers to
ui-links-referred-by = Referred to by

# Reports screen.
ui-nav-reports = Reports
ui-reports-title = Reports
ui-report-pack = IMG quarterly pack
ui-report-pack-intro = The Information Management Group's quarterly pack as a PDF: key measures against the previous quarter, incidents and breaches, access to information, the action plan, information risks and the health of the registers, every figure taken from the registers.
ui-report-quarter = Quarter
ui-report-quarter-option = Q{ $q } { $fy }
ui-report-lang = Language of the document
ui-report-marking = Protective marking
ui-report-marking-official = OFFICIAL
ui-report-marking-official-sensitive = OFFICIAL-SENSITIVE
ui-report-meeting = Meeting date (optional)
ui-report-meeting-help = DD/MM/YYYY or YYYY-MM-DD; printed on the cover.
ui-report-version = Version
ui-report-path = Save as
ui-report-path-help = A new PDF file: an existing file is never overwritten.
ui-report-generate = Generate the pack
ui-report-progress = Generating…
ui-report-done = The pack was saved to { $path }.
ui-report-annual = SIRO annual report
ui-report-annual-intro = The Senior Information Risk Owner's report on a financial year: the foreword, the statement of assurance and next year's priorities written below, with the year's figures beside the year before, contact with the ICO, requests, risks and the action plan's outcomes.
ui-report-year = Financial year
ui-report-texts-intro = Write each section in English and in Welsh: each edition prints its own language, and says so where a section is missing. Changes are kept in the audit trail.
ui-report-text-en = In English
ui-report-text-cy = In Welsh
ui-report-texts-save = Save the texts
ui-report-texts-saved = The texts for { $year } were saved.
ui-report-annual-generate = Generate the annual report
ui-report-annual-done = The annual report was saved to { $path }.
ui-print-link = PDF list…
ui-print-title = { $register }: PDF list
ui-print-intro = The register as a list to print or send, for example to an auditor: a table of its main columns and, if you choose, each record in full. Every page carries the protective marking and page numbers.
ui-print-shown = Only the records the register is showing now (its search and filters)
ui-print-details = After the table, each record in full
ui-print-details-help = Every field of every record, one after another: longer, for an auditor or the file.
ui-print-generate = Save the PDF list
ui-print-done = The list was saved to { $path }.
ui-open-file = Open it
transfer-about-sheet = About these columns
transfer-about-column = Column
transfer-about-label = Field
transfer-about-required = Required
transfer-about-values = What it holds
transfer-about-id = Record id (leave blank for a new record)
transfer-about-revision = Revision when exported (leave as it is)
transfer-about-date = A date: DD/MM/YYYY or YYYY-MM-DD
transfer-about-yes-no = yes or no
transfer-about-ref = A record of “{ $register }”: its name, unique number or id; several separated by “;”
transfer-about-computed = Worked out by Cofrestr: changes here are ignored
cli-import-where = Row { $line }
cli-import-where-column = Row { $line }, column “{ $column }”
cli-import-applied = Imported { $rows ->
        [one] one row
       *[other] { $rows } rows
    }: { $added } added, { $updated } updated, { $unchanged } unchanged, { $left } marked as left.
cli-import-dry-run = Checked { $rows ->
        [one] one row
       *[other] { $rows } rows
    }, nothing written: { $added } would be added, { $updated } updated, { $unchanged } unchanged, { $left } marked as left.
cli-import-refused = Nothing was imported: { $errors ->
        [one] one problem
       *[other] { $errors } problems
    } in { $rows ->
        [one] one row
       *[other] { $rows } rows
    } (listed above). Correct the file and import it again.
action-from-audit = Site audit at { $site }: { $item }
action-from-accountability = Accountability: { $expectation }
training-chase-sheet = Training to chase
training-col-name = Name
training-col-staff-number = Staff number
training-col-department = Department
training-col-course = Course
training-col-standing = Standing
training-col-last = Last completed
training-col-due = Due or expired
training-elected-members = Elected members
training-standing-never = Never completed
training-standing-expired = Expired
training-standing-new-starter = New starter: due
training-standing-due-soon = Expires soon
training-standing-valid = Valid
ui-nav-training = Training
ui-nav-training-summary = Compliance
ui-nav-assurance = Assurance
ui-transfer-link = Spreadsheets…
ui-transfer-title = { $register }: spreadsheets
ui-transfer-back = Back to { $register }
ui-export-heading = Export to Excel or CSV
ui-export-path = Save as
ui-export-path-help = A new file ending .xlsx (Excel) or .csv. An existing file is never overwritten.
ui-export-run = Export
ui-export-done = Saved { $path }.
ui-import-heading = Import from Excel or CSV
ui-import-intro = The first row must name the columns. Cofrestr matches them to fields and checks every row before anything is written: rows with an id, or matching a record already here, update it; the rest are added. Nothing is imported until every row is right.
ui-import-path = File to import
ui-import-path-help = The full path of a .xlsx or .csv file. Only its first sheet is read.
ui-import-roster = This is the full staff roster from HR
ui-import-roster-help = Staff with a staff number who are not in the file, and have not left, will be marked as leaving today.
ui-import-check = Check the file
ui-import-leave-out = (leave out)
ui-import-record-id = Record id
ui-import-columns = How the file's columns are matched
ui-import-column = Column
ui-import-field = Field
ui-import-field-for = Field for column “{ $column }”
ui-import-missing = No column fills these required fields, so new records will be refused: { $fields }.
ui-import-errors = Problems to correct: { $count }
# Formatted in the core (plural rules), shown as the import report's summary.
import-summary-ready = Checked { $rows ->
        [one] one row
       *[other] { $rows } rows
    }, all good: { $added } to add, { $updated } to update, { $unchanged } unchanged, { $left } to mark as left. Nothing has been written yet.
import-summary-problems = { $errors ->
        [one] One problem
       *[other] { $errors } problems
    } in { $rows ->
        [one] one row
       *[other] { $rows } rows
    }: nothing can be imported until { $errors ->
        [one] it is
       *[other] they are
    } corrected. Correct the file (or the column matches) and check it again.
import-summary-applied = Imported: { $added } added, { $updated } updated, { $unchanged } unchanged, { $left } marked as left.
import-apply = { $count ->
        [one] Import one change
       *[other] Import { $count } changes
    }
ui-import-row = Row
ui-import-problem = Problem
ui-import-change = Change
ui-import-record = Record
ui-import-will-change = What the import will change
ui-import-changed = What changed
ui-import-change-added = Added
ui-import-change-updated = Updated
ui-import-change-unchanged = Unchanged
ui-import-change-left = Marked as left
ui-training-title = Training compliance
ui-training-intro = Mandatory training in date on { $date }, against the council's target of { $target }%.
ui-training-departments = All mandatory courses, by department (target { $target }%)
ui-training-group = Department
ui-training-required = Required
ui-training-holding = In date
ui-training-pct = %
ui-training-expiring = Expiring in 30 days
ui-training-overdue = Overdue
ui-training-new = New starters due
ui-training-all-staff = All staff
ui-training-no-courses = No mandatory courses are set up yet. Add them under Training courses.
ui-training-courses = Each course
ui-training-course = Course
ui-training-staff = Staff
ui-training-optional = { $name } (optional)
ui-training-chase = People to chase
ui-training-department = Department
ui-training-all-departments = All departments
ui-training-chase-count = People and courses to chase: { $count }
ui-training-chase-none = Nobody to chase: everyone holds their mandatory training.
ui-training-chase-path = Save the list as
ui-training-chase-export = Save the list
ui-rag-red = red
ui-rag-amber = amber
ui-rag-green = green
ui-raise-action = Raise an action
ui-action-raised = Action { $reference } raised in the action plan.

# Departmental returns on the command line.
cli-hub-ready = This installation is now the hub. Give { $path } to each department laptop (“cofrestr join”), as safely as a passphrase.
cli-joined = Joined the hub of { $council }. Write returns with “cofrestr return export”.
cli-return-written = Return { $seq } written to { $path }: { $records } records and { $deletions } deletions, sealed for the hub.
cli-return-applied = Return { $seq } from { $from } applied: { $added } added, { $changed } changed, { $deleted } deleted, { $unchanged } unchanged, { $stale } older than what the hub has, { $conflicts } conflicts held for a decision.
cli-return-checked = Return { $seq } from { $from } checked, nothing written: { $added } to add, { $changed } to change, { $deleted } to delete, { $unchanged } unchanged, { $stale } older than what the hub has, { $conflicts } conflicts.
cli-return-already = Return { $seq } from { $from } was applied before: nothing changed.

# Reference packs and conflicts on the command line.
cli-pack-written = Reference pack { $seq } written to { $path }: { $records } reference records, acknowledging returns from { $departments } departments.
cli-pack-applied = Reference pack { $seq } from { $council } applied: { $added } added, { $changed } changed, { $deleted } removed, { $matched } of this laptop's own records matched to the council's, { $kept } kept because they are still used, { $decided } decided conflicts taken. The hub has acknowledged return { $acknowledged }.
cli-pack-checked = Reference pack { $seq } from { $council } checked, nothing written: { $added } to add, { $changed } to change, { $deleted } to remove, { $matched } of this laptop's own records to match to the council's.
cli-pack-already = Reference pack { $seq } (or a newer one) was applied before: nothing changed.
cli-conflict-decided = Conflict { $id } decided.
conflict-missing-link = { $id } (not in this copy)
conflict-reason-changed = Changed on both sides
conflict-reason-deleted = Deleted there, changed or still used here
conflict-reason-clash = Cannot be taken as it stands
