-- Training compliance reads each person's latest completion and expiry of each course; with
-- the expiry in the index it answers from the index alone instead of reading every row.
DROP INDEX completions_person_course;
CREATE INDEX completions_latest ON completions (person_id, course_id, completed_on, expires_on);
