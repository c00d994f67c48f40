-- SPDX-License-Identifier: Apache-2.0
-- Strict typing of raw CSV text (DuckDB). Every column is read as VARCHAR and typed here, because
-- DuckDB's own casts are lenient ('1.5' -> INTEGER 2, 'nan' -> DOUBLE). A value that is not in
-- the accepted form becomes NULL, and the row is quarantined with a reason.
CREATE OR REPLACE TEMP MACRO rp_int(x) AS
  CASE WHEN regexp_full_match(x, '[+]?[0-9]{1,9}') THEN CAST(x AS INTEGER) END;
CREATE OR REPLACE TEMP MACRO rp_money(x) AS
  CASE WHEN regexp_full_match(x, '[+-]?[0-9]{1,13}([.][0-9]{1,4})?') THEN CAST(x AS DECIMAL(18,4)) END;
CREATE OR REPLACE TEMP MACRO rp_date(x) AS
  CASE WHEN regexp_full_match(x, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(x AS DATE) END;
