-- An information asset's business function in Welsh (issue 21): shown on Welsh screens and in
-- Welsh documents where it is filled in, as a department's or a retention class's Welsh twin is.
ALTER TABLE assets ADD COLUMN business_function_cy TEXT;
