-- SPDX-License-Identifier: Apache-2.0
-- Business rules and enrichment over typed rows. The staged placeholder (in braces, below) is
-- replaced with a relation shaped like
-- the output of stage.sql. reason_code is NULL for a row that reaches the marts; otherwise the
-- row is quarantined with that code (the seeds' inner joins dropped such rows silently).
-- The tolerance comes from the setting sales.total_tolerance.
SELECT
  s.*,
  c.first_name AS customer_first_name,
  c.last_name AS customer_last_name,
  c.address AS customer_address,
  c.pincode AS customer_pincode,
  c.phone_number AS customer_phone_number,
  st.address AS store_address,
  st.store_manager_name,
  sp.first_name AS sales_person_first_name,
  sp.last_name AS sales_person_last_name,
  sp.address AS sales_person_address,
  sp.pincode AS sales_person_pincode,
  sp.manager_id,
  sp.is_manager,
  strftime(s.sales_date, '%Y-%m') AS sales_month,
  CASE
    WHEN s.type_reason IS NOT NULL THEN s.type_reason
    WHEN s.quantity <= 0 THEN 'BAD_QUANTITY'
    WHEN s.price < 0 THEN 'BAD_PRICE'
    WHEN abs(s.total_cost - s.price * s.quantity) > getvariable('rp_total_tolerance')
      THEN 'TOTAL_MISMATCH'
    WHEN c.customer_id IS NULL THEN 'UNKNOWN_CUSTOMER'
    WHEN st.id IS NULL THEN 'UNKNOWN_STORE'
    WHEN sp.id IS NULL THEN 'UNKNOWN_SALES_PERSON'
  END AS reason_code
FROM {staged} s
LEFT JOIN customer c ON c.customer_id = s.customer_id
LEFT JOIN store st ON st.id = s.store_id
LEFT JOIN sales_team sp ON sp.id = s.sales_person_id
