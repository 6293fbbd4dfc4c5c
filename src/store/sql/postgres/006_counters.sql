-- Counters handed out in their own short transaction (status list indexes):
-- a reservation never conflicts with the long award transaction, and a
-- reserved number that ends up unused only leaves a gap, which a status
-- list allows.
CREATE TABLE counters (
    org_id BIGINT NOT NULL,
    name   TEXT NOT NULL,
    value  BIGINT NOT NULL,
    PRIMARY KEY (org_id, name)
);
