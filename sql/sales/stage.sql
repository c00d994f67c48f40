-- SPDX-License-Identifier: Apache-2.0
-- Type one relation of raw sales rows and give each row its first type-level problem.
-- The source placeholder (in braces, below) is replaced by retailpipe with a relation of VARCHAR
-- columns file_id, customer_id, store_id, product_name, sales_date, sales_person_id, price,
-- quantity, total_cost, additional_column. type_reason is NULL for a well-typed row.
-- Each value is typed once (inner query); the reason is read off the typed values.
SELECT
  t.* EXCLUDE (any_missing),
  CASE
    WHEN t.any_missing THEN 'MISSING_VALUE'
    WHEN t.customer_id IS NULL OR t.store_id IS NULL OR t.sales_person_id IS NULL
      OR t.quantity IS NULL THEN 'BAD_INTEGER'
    WHEN t.sales_date IS NULL THEN 'BAD_DATE'
    WHEN t.price IS NULL OR t.total_cost IS NULL THEN 'BAD_NUMBER'
  END AS type_reason
FROM (
  SELECT
    file_id,
    rp_int(customer_id) AS customer_id,
    rp_int(store_id) AS store_id,
    product_name,
    rp_date(sales_date) AS sales_date,
    rp_int(sales_person_id) AS sales_person_id,
    rp_money(price) AS price,
    rp_int(quantity) AS quantity,
    rp_money(total_cost) AS total_cost,
    additional_column,
    (customer_id IS NULL OR store_id IS NULL OR product_name IS NULL OR sales_date IS NULL
      OR sales_person_id IS NULL OR price IS NULL OR quantity IS NULL OR total_cost IS NULL)
      AS any_missing
  FROM {source}
) t
