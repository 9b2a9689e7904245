# Errors, audit findings, dashboard notices and CLI output.
err-wrong-passphrase = Wrong passphrase, or the file is damaged. Forgotten the passphrase? Unlock with the recovery key instead. (A database copied from elsewhere needs its key file, the file of the same name ending .key, copied beside it.)
err-passphrase-weak = That passphrase is too easy to guess. Use at least 12 characters; a few unrelated words work well.
err-passphrase-mismatch = The two passphrases do not match.
err-db-exists = There is already a file at { $path }. Choose another name, or open it instead.
err-db-missing = There is no database at { $path }.
err-schema-too-new = This database was written by a newer version of Cofrestr (schema { $found }; this version reads up to { $supported }). Install the newer version to open it.
err-locked = Cofrestr is locked. Unlock it to carry on.
err-validation = { $count ->
    [one] One field needs correcting: { $first }
   *[other] { $count } fields need correcting. The first: { $first }
}
err-not-found = Not found: { $what }.
err-conflict = Someone else changed this record while you were editing it. Reload it to see their changes, then make yours again.
err-in-use = This record cannot be deleted: { $register } still uses it (“{ $label }”).
err-unknown-register = There is no register called “{ $name }”.
err-io = A file could not be read or written: { $detail }
err-storage = The database reported a problem: { $detail }
err-audit-broken = The audit trail is broken at entry { $seq }: { $reason }
err-required = This field is required.
err-required-enter = Enter { $field }.
err-required-choose = Choose { $field }.
err-required-choose-some = Choose at least one: { $field }.
err-too-long = Too long: at most { $max } characters.
err-email = Enter an email address like name@example.gov.uk.
err-date = “{ $value }” is not a date. Use YYYY-MM-DD or DD/MM/YYYY.
err-instant = “{ $value }” is not a date and time.
err-number = “{ $value }” is not a whole number.
err-range = Enter a number from { $min } to { $max }.
err-choice = “{ $value }” is not one of the choices.
err-reference = Choose a record that exists.
err-yes-no = “{ $value }” is not yes or no.
err-unique = “{ $value }” is already used by another record.
err-control-character = This holds a control character (such as NUL) that cannot be stored. Remove it and try again.
err-one-value = Give one value here, not a list.
err-leaving-before-start = The leaving date is before the start date.
err-staff-need-department = Staff must belong to a department.
err-role-needs-department = This role is held in a department: choose the department.
err-to-before-from = The end date is before the start date.
err-asset-lawful-basis = An asset holding personal data needs its lawful basis.
err-asset-data-subjects = Say whose personal data the asset holds.
err-asset-data-categories = Say what kinds of personal data the asset holds.
err-asset-art9 = Special category data needs an Article 9 condition.
err-asset-not-personal = Only an asset holding personal data can have this.
err-asset-safeguards = Describe the safeguards for international transfers.
err-date-in-future = This date is in the future.
err-bad-lang = “{ $value }” is not a language Cofrestr speaks (en or cy).
err-bad-filter = Cannot filter { $field } by “{ $value }”.
err-bad-sort = Cannot sort by { $field }.
err-file-exists = There is already a file at { $path }.
err-backup-damaged = The backup is damaged: { $detail }
err-passphrase-empty = Enter the passphrase.
err-db-empty = The file at { $path } is empty, so it is not a Cofrestr database (a copy cut short?). Nothing was written to it.
err-db-not-ours = The file at { $path } is not a Cofrestr database. Nothing was written to it.
err-busy = Another Cofrestr (a window or the command line) is writing to this file. Nothing was changed: try again in a moment.
err-backup-missing = There is no backup at { $path }.
err-restore-in-use = The database is open in another Cofrestr (a window or the command line). Close it there first, then restore. Nothing was changed.
err-missing-revision = The record's revision is missing; reload it and try again.
err-csv = The CSV file could not be written: { $detail }
err-bad-scale = “{ $value }” is not a demo scale (small or council).
err-demo-not-empty = The demo fills an empty database only; this one already has information assets.
err-bad-id = “{ $value }” is not a record id.
err-no-passphrase = No passphrase given. Set COFRESTR_PASSPHRASE or run the command in a terminal.
err-bad-json = The input is not valid JSON: { $detail }

audit-action-create = Created
audit-action-update = Changed
audit-action-delete = Deleted
audit-entry-missing = Audit entry { $seq } is missing.
audit-link-broken = Audit entry { $seq } does not follow on from the entry before it.
audit-entry-altered = Audit entry { $seq } has been altered.
audit-anchor-differs = Audit entry { $seq } is not the entry a published report recorded: the trail has been rewritten since that report was made.
audit-anchor-beyond = The trail has fewer entries than the { $seq } a published report recorded: entries have been removed since that report was made.
err-anchor = “{ $value }” is not an audit anchor. Give it as the report prints it: the entry number, a colon, then the 64-character hash.
cli-audit-anchor-ok = It still holds { $anchors ->
    [one] the anchor given
   *[other] the { $anchors } anchors given
}, so it has not been rewritten since.
export-kind-register = { $register } exported as a spreadsheet
export-kind-print = { $register } listed at the command line
export-kind-list = { $register } printed as a PDF list
export-kind-chase = Training chase list
export-kind-pack = IMG quarterly pack
export-kind-annual = SIRO annual report
export-kind-return = Departmental return
export-kind-reference-pack = Reference pack
export-place-stdout = (the command line's output)
cli-export-line = { $at }  { $actor }  { $what } ({ $format }, records: { $records })  → { $place }
export-records-none = –
audit-entries-removed = Audit entries from { $seq } onwards have been removed.
audit-record-unlogged = A record in { $register } ({ $record }) was added or restored outside Cofrestr.
audit-record-altered = A record in { $register } ({ $record }) was changed outside Cofrestr after audit entry { $seq }.
audit-record-removed = A record in { $register } ({ $record }) was deleted outside Cofrestr after audit entry { $seq }.

dash-no-siro = Nobody holds the role of SIRO today.
dash-settings-unreadable = The council's settings in this database cannot be read: risks, data sharing agreements and breaches cannot be saved until they are saved again in Settings.
dash-no-iao = { $department } has no Information Asset Owner today.

cli-created = Created { $path }.
cli-demo-done = Demo council added: { $departments } departments, { $people } people, { $roles } roles, { $assets } information assets, { $requests } requests, { $breaches } breaches and incidents, { $risks } information risks, { $actions } actions with their quarterly updates, { $policies } policies and documents, { $publication } publication scheme entries, { $sharing } data-sharing agreements and { $disposals } disposals.
cli-exported = Wrote { $count ->
        [one] one record
       *[other] { $count } records
    } to { $path }.
cli-report-written = Wrote the report to { $path } ({ $bytes } bytes).
cli-backup-done = Backup written to { $path }.
cli-restored = Restored { $path } from { $from }. The previous file was kept in the backups folder.
cli-audit-ok = Audit trail intact: { $entries } entries and { $records } records checked.
cli-check-ok = The database is healthy: integrity, foreign keys and audit trail all pass.
cli-integrity-problem = Integrity: { $detail }
cli-fk-problem = Foreign key: { $detail }
cli-passphrase-prompt = Passphrase:
cli-passphrase-repeat = Repeat the passphrase:
cli-passphrase-new = New passphrase:
cli-passphrase-changed = Passphrase changed.
err-bad-clock = “{ $value }” is not a clock Cofrestr knows: foi, eir, sar, foi-review, eir-review or complaint-ack.
warn-beyond-holidays = Warning: this date is after { $year }, the last year whose bank holidays Cofrestr knows. A holiday proclaimed later could move it.
err-before-receipt = This date is before the request was received.
err-extension-details = An extension needs its kind, its reason and the date the requester was told.
err-outcome-needed = Record the outcome.
err-sar-only = Only subject access requests need proof of identity.
err-breach-must-notify = A breach likely to result in a risk must be reported to the ICO. Reassess the risk if you disagree.
err-breach-reason-no = Record the reason for this decision.
err-breach-assess-first = Assess the risk before deciding.
err-breach-reported-not-decided = Record the decision to notify the ICO.
err-before-aware = This is before the council became aware of the breach.
err-breach-late-reason = The report was made more than 72 hours after awareness: record the reasons for the delay.
err-aware-before-discovered = The council cannot have become aware before the breach was discovered.
dash-breach-clock = { $reference } { $title }: { $left } left to tell the ICO (by { $deadline }).
dash-breach-overdue = { $reference } { $title }: the ICO deadline passed { $over } ago ({ $deadline }).
dash-request-due = { $reference } ({ $type }) due { $due }: { $days ->
    [0] due today
    [one] one working day left
   *[other] { $days } working days left
}.
dash-request-overdue = { $reference } ({ $type }) was due { $due }: { $days ->
    [one] one working day late
   *[other] { $days } working days late
}.
dash-request-stopped = { $reference } ({ $type }): clock stopped, { $status }.
duration-hours-minutes = { $hours } h { $minutes } min
err-bad-quarter = “{ $value }” is not a quarter. Write it like 2026-27-Q2 (Q1 is April to June).
notify-title = Cofrestr: a deadline is close
dash-holidays-ending = Cofrestr knows the UK bank holidays up to the end of { $year }. Deadlines after that count weekends, Christmas Day and Good Friday only: add newly proclaimed bank holidays, or install a newer Cofrestr.
dash-returns-conflicts = { $count ->
    [one] One record from a departmental return waits for your decision: both versions are kept until you decide.
   *[other] { $count } records from departmental returns wait for your decision: both versions are kept until you decide.
}
dash-returns-no-pack = This laptop has joined the council's hub but has not taken its reference pack yet: take it before writing a return.
dash-returns-pending = { $count ->
    [one] One changed record has not reached the hub yet: write a return when you can.
   *[other] { $count } changed records have not reached the hub yet: write a return when you can.
}
dash-returns-quarter = { $count ->
    [one] One laptop has sent no return since the quarter began on { $date }.
   *[other] { $count } laptops have sent no return since the quarter began on { $date }.
}
err-risk-residual-above-inherent = The score with controls cannot be higher than the score before them.
dash-risks-escalated = Information risks at or above the escalation score: { $count }. They go to the SIRO.
err-action-source-link = Link the record this action came from.
err-action-not-complete = Only a complete action has a completion date.
err-action-quarter-taken = This action already has an update for { $value }: edit that one.
dash-review = { $register }: { $overdue } past their review or due date, { $soon } due in the next 30 days.
err-policy-approved-needs = An approved document needs who approved it, when, and its review date.
err-policy-supersedes-itself = A document cannot supersede itself.
err-check-failed = The database failed its health check: see the problems listed above. Restore the latest good backup, or ask for help before making more changes.
err-risk-band-order = Each band must start above the one before it: a score from { $min } to { $max }.
err-colour = “{ $value }” is not a colour. Write it as # and six hexadecimal digits, e.g. #ffcc80.
err-colour-contrast = Black text on { $value } would be hard to read (contrast below 4.5:1). Choose a lighter colour.
err-band-label-repeated = Another band already has this name: each band needs its own.
err-date-order = This date is before the start date.
err-retention-period = Give a retention period, unless the records are kept permanently.
err-retention-trigger-note = Explain the trigger when it is “Other”.
err-disposal-check = Confirm this check before recording the disposal.
err-disposal-certificate = A contractor's disposal needs the certificate of destruction reference.
err-disposal-what = Name the information asset, or the series the records belong to.
err-disposal-records-after = Records cannot be dated after the day they were disposed of.
err-disposal-authoriser = Disposal must be authorised by the asset's Information Asset Owner, or someone holding the IAO or SIRO role on the disposal date.
err-sharing-qa-needed = A quality-assured agreement needs its WASPI QA group and date.
err-sharing-unsigned = Only { $signed } of { $partners } partners have signed. Record every partner's sign-off under “Sharing partners” first.
err-sharing-start-needed = An agreement in force needs its start date.
err-partner-sign-both = Give who signed and the date together.
err-partner-agreement-signed = This agreement is signed or live, so every partner must have signed. Put the agreement under review before adding or changing partners.
dash-disposal-due = { $asset } ({ $reference }): { $action } due { $due } under { $class }.
dash-disposals-overdue = Information assets holding records past their disposal date: { $count }. See "Due for disposal" below.
dash-no-retention-class = Information assets with no retention class: { $count }.
dash-no-oldest-trigger = Assets with a retention class but no trigger date for their oldest records: { $count }.
cli-template-added = Starter retention classes added: { $count }.
err-never-deleted = These records are kept as evidence and are never deleted. Correct the record instead; the audit trail keeps every change.
err-bad-marking = “{ $value }” is not a protective marking: official or official-sensitive.
err-bad-year = “{ $value }” is not a financial year. Write it like 2025-26.
err-report-text-taken = { $value } already has this section: edit that one.
err-transfer-format = { $path } is neither a CSV file (.csv) nor an Excel workbook (.xlsx).
err-transfer-encoding = The CSV file is not in UTF-8, so Welsh letters would be lost. In Excel, save it as “CSV UTF-8 (Comma delimited)” and import that.
err-transfer-quote = Line { $line } of the CSV file opens a quotation mark that is never closed, so the rows after it cannot be told apart. Close the quotation mark (or remove it) and import the file again.
err-transfer-unreadable = The file could not be read: { $detail }
err-transfer-empty = The file has no header row: the first row must name the columns.
err-transfer-no-rows = The file has a header row but no rows under it: there is nothing to import.
err-transfer-too-large = The file is larger than { $max } MB, more than any register import needs. Split it, or import only the rows that changed.
err-transfer-unpacked-too-large = The workbook unpacks to more than { $max } MB, far more than its rows could need: it may be damaged or made to harm. Nothing was imported.
err-transfer-too-many-rows = The sheet has more than { $max } rows. Split it into smaller files and import them one by one.
err-transfer-too-many-columns = Row { $line } reaches beyond column { $max }: no register has that many fields. Remove the extra columns (or anything far to the right) and import again.
err-transfer-too-many-cells = The sheet holds more than { $max } cells. Split it into smaller files and import them one by one.
err-transfer-cell-too-long = Row { $line }, column { $column } holds more than { $max } characters, more than Excel allows in a cell.
err-transfer-no-columns = No column of the file matches a field of this register. Match the columns to fields, or check that the first row holds the column names.
err-transfer-column-twice = Two columns are matched to “{ $field }”. Leave one of them out.
err-transfer-row-width = This row has { $found } cells but the header has { $expected }: a cell is missing or a comma is not inside quotes.
err-transfer-unknown-ref = No record called “{ $value }” was found.
err-transfer-ambiguous-ref = More than one record is called “{ $value }”: use a unique number, an e-mail address or the record's id.
err-transfer-bad-id = “{ $value }” is not a record id. Leave the id column blank for new records.
err-transfer-stale = This record has changed in Cofrestr since the file was exported (the file has revision { $revision }). Export it again and make your changes in the new file.
err-transfer-deleted = This record was deleted in Cofrestr. Remove its id to add it again as a new record.
err-transfer-twice = Another row of the file is for the same record.
err-transfer-key-ambiguous = More than one existing record matches this row. Give the record's id.
err-xlsx = The Excel workbook could not be written: { $detail }
err-cli-map = “{ $value }” is not a column match: write it as "Column heading=field_name".
err-cli-filter = “{ $value }” is not a filter: write it as field=value, e.g. --filter due=overdue.
err-import-rows = { $count ->
        [one] One row or cell needs
       *[other] { $count } rows or cells need
    } correcting before anything is imported.
err-course-roles = Choose the roles that must take this course.
err-course-roles-unused = Roles are only for a course taken by people in named roles: clear them, or change who must take it.
err-completed-future = A course cannot be completed after today.
err-checklist-item = Item { $line } is blank or longer than { $max } characters.
err-audit-future-complete = An audit dated after today cannot be complete.
err-audit-taken = This site already has an audit on that date ({ $reference }): open that one.
err-audit-unanswered = { $count ->
        [one] One item is not answered yet: answer it
       *[other] { $count } items are not answered yet: answer them
    } (not applicable counts) before completing the audit.
err-finding-rag = Give the finding a RAG rating.
err-audit-explain = Say what falls short: a note or a finding.
err-rating-explain = Say what falls short in the evidence.
err-action-already-raised = An action has already been raised for this: open it from the links below.
err-raise-needs-finding = Write the finding first: it becomes the action's description.
err-raise-needs-shortfall = Only an expectation rated partly met or not met needs an action.
err-raise-not-here = Actions are raised from site audit findings and accountability ratings.
err-open-not-saved = Cofrestr opens only files it has just saved.
err-open-failed = The file was saved at { $path } but could not be opened ({ $detail }). Open it from that folder.

# Departmental returns.
err-hub-already = This installation is already a hub or has joined one.
err-return-not-hub = Only the hub (the IMG secretary's copy) can do this. Run “cofrestr hub init” there first.
err-join-unreadable = This is not a Cofrestr join file, or it has been changed. Ask the IMG secretary for the file again.
err-join-is-hub = This installation is the hub: departments join it, not the other way round.
err-join-other-hub = This installation has already joined another hub.
err-return-not-joined = This installation has not joined a hub yet: join with the file the IMG secretary gave you (Returns, or “cofrestr join FILE”).
err-return-is-hub = The hub receives returns; it does not write them.
err-return-seal = The return could not be sealed: { $detail }
err-return-unreadable = This file is not a Cofrestr return or reference pack, or it has been changed or cut short since it was written. Nothing was imported. Ask for it to be written again.
err-return-too-large = { $path } is far larger than any return or reference pack Cofrestr writes: it is not one. Nothing was read.
err-return-wrong-hub = This file was sealed for another hub, so this installation cannot read it. Nothing was imported.
err-returns-refused = { $count ->
    [one] One file was refused
   *[other] { $count } files were refused
}: what each held was left out, and the others were read as shown.
err-returns-no-folder = There is no folder at { $path }. Give the full path of the folder the returns are saved in.
err-returns-folder-empty = There is no Cofrestr file (ending .cofrestr) in { $path }. Nothing was imported.
err-return-no-pack = Take the hub's reference pack first, so your records name the council's departments and people. Then write the return.
err-pack-is-hub = The hub writes reference packs; it does not take them.
err-pack-clash = The reference pack could not be applied: its record “{ $title }” ({ $register }) clashes with one on this laptop. Nothing was changed. Ask the IMG secretary.
err-pack-links = The reference pack could not be applied: records here would point at records that no longer exist. Nothing was changed. Ask the IMG secretary.
err-join-old-format = This join file was made by an earlier version of Cofrestr, for every laptop at once. Ask the IMG secretary to add this laptop on the hub and give you its own join file.
err-return-rejoin = This laptop joined the hub with an earlier version of Cofrestr and has no signing key of its own. Ask the IMG secretary to add it on the hub, then join again with its new join file: nothing already sent is lost.
err-return-unsigned = This file is not signed, so it was not written by this version of Cofrestr (or it has been changed). Nothing was imported.
err-return-bad-signature = This file's signature does not match its contents: it has been changed since it was signed. Nothing was imported.
err-return-unknown-laptop = This return comes from a laptop the hub has not added (or from another hub's). Nothing was imported.
err-return-withdrawn = This return comes from a laptop withdrawn on { $at }: the hub no longer takes its returns. Nothing was imported.
err-return-wrong-key = This return is signed by a key that is not the one this laptop's first return brought. Either its join file was used by another installation, or this is not that laptop. Nothing was imported: check the laptop, withdraw it and add it again.
err-return-takes-over = This is the first return from a laptop that claims the history of another installation, one that has sent the hub returns before. If it is that laptop joining again, add it on the hub saying which laptop it replaces, and join with the new file. Nothing was imported.
err-return-hub-behind = This return carries only what changed since return { $seq }, which the hub acknowledged but no longer has (was the hub restored from a backup?). Nothing was imported: ask the laptop for a full return (on the laptop, Returns, “Send everything”, or “cofrestr return export --full”).
err-return-bad-enrolment = This is the first return from this laptop, but it does not prove it holds the join file the hub made for it. Nothing was imported.
err-pack-no-laptops = There is no laptop to seal a reference pack to: add the department laptops first (Returns, or “cofrestr hub add-laptop”).
err-pack-wrong-signer = This reference pack is not signed by the hub this laptop joined. Nothing was changed.
err-laptop-ambiguous = More than one laptop matches “{ $laptop }”: give more of its id.
err-conflict-decided = This conflict has already been decided.
err-conflict-merge-both = Fields can only be taken from each side when both sides still have the record.

## Recovery keys (src/keys.rs)
err-recovery-key-format = That is not a recovery key: it is 32 letters and digits in eight groups of four. Check each character against the recovery sheet.
err-recovery-key-wrong = That recovery key does not open this database. Check that the sheet names this database and installation, and that the key is the latest one.
err-key-file-damaged = The key file { $path } is damaged or is not Cofrestr's, so the passphrase cannot open the database. Nothing was changed. Unlock with the recovery key, which sets a new passphrase and a new key file.
err-recovery-nothing-pending = No recovery key is waiting to be stored. A recovery key is shown once, until you confirm you have stored it; to have one to print, make a new recovery key.
err-recovery-group = That is not group { $n } of the recovery key. Type the four characters of group { $n } as the sheet shows them.
err-recovery-not-yet = This database has no recovery key yet: unlock it again with no other Cofrestr open and it will be given one.
err-rekey-in-use = Another Cofrestr window or command has this database open. Close it and try again; nothing was changed.
key-event-made = Recovery key { $id } made
key-event-confirmed = Recovery key { $id } confirmed as stored
key-event-used = Unlocked with recovery key { $id }; a new passphrase was set
key-event-replaced = Recovery key { $id } made to replace { $previous }, which no longer opens this database
key-event-passphrase-changed = Passphrase changed (recovery key { $id } unchanged)
key-event-escrow-opened = Recovery key { $id } of laptop { $laptop } opened from the hub's escrow
export-kind-recovery-sheet = Recovery sheet
recovery-none = none
cli-recovery-waiting = A recovery key is waiting for you to store it: run `cofrestr recovery-key show`.
cli-recovery-key = Your recovery key (id { $id }):

        { $key }

    Anyone with this key can open the database. Print its sheet (`cofrestr recovery-key sheet --out FILE.pdf`) or write it down, and keep it locked away from the laptop, as your council's policy says.
cli-recovery-how = To confirm you have stored it, type back group { $group } (`cofrestr recovery-key confirm --group { $group } XXXX`).
cli-recovery-type-group = Type group { $group } of the recovery key to confirm you have stored it:
cli-recovery-confirmed = Recovery key confirmed as stored. It has been deleted from the database and will not be shown again.
cli-recovery-none-waiting = No recovery key is waiting to be stored.
cli-recovery-sheet = Recovery sheet written to { $path }. Print it, then delete the file: it holds the key in plain text.
cli-recovery-prompt = Recovery key:
cli-recovered = Unlocked with recovery key { $id } and the new passphrase set. The recovery key still works.
cli-restored-recover = This backup is under an earlier recovery key, which today's passphrase does not open. Unlock it with the passphrase it had when it was made, or with that recovery key (`cofrestr recover`, which sets a new passphrase); then make a new recovery key if the old sheet is no longer kept.
cli-recovery-status = Recovery key: { $id }
    Made: { $made }
    Confirmed as stored: { $confirmed }
err-escrow-none = The hub holds no recovery key for laptop { $laptop }. A laptop's key reaches the hub with its next return, once it has a recovery key; check the name with `cofrestr hub escrow`.
err-escrow-damaged = The recovery key held for laptop { $laptop } cannot be opened with this hub's key (damaged, or sealed to another hub). Nothing was changed.
cli-escrow-none = The hub holds no laptop's recovery key yet: each arrives with the laptop's next return.
cli-escrow-row = { $laptop }: recovery key { $id }, from return { $seq } received { $received }
cli-escrow-opened = Recovery key { $id } of laptop { $laptop } (this opening is recorded in the audit trail):

        { $key }

    Give it only to the person who must open that laptop's database; they unlock with "Forgotten your passphrase?" (or `cofrestr recover`) and set a new passphrase.
err-rekey-copy = The copy of the database under the new key did not match the database, so it was not used. Nothing was changed.
key-event-restored = Backup { $from } restored with recovery key { $id }
err-settings-unreadable = The council's settings kept in this database cannot be read: they may have been changed by another program. Nothing was saved. Open Settings, check them and save them to put them right, or restore the latest backup.
err-path-not-chosen = Choose the file in your computer's own dialog first: Cofrestr reads and writes only files you pick.
err-choose-file = Choose a file.
err-test-no-pick = A test asked for a file dialog ({ $purpose }) without an answer waiting.
err-save-exists = There is already a file at { $path }. Choose another name: Cofrestr never writes over a file.
