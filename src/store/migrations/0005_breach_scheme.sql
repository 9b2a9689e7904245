-- The NHS DSPT 5x5 breach assessment grid, for councils that choose it over the ICO's scheme.
ALTER TABLE breaches ADD COLUMN likelihood_score INTEGER CHECK (likelihood_score IS NULL OR likelihood_score BETWEEN 1 AND 5);
ALTER TABLE breaches ADD COLUMN impact_score INTEGER CHECK (impact_score IS NULL OR impact_score BETWEEN 1 AND 5);
