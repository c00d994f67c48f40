-- SPDX-License-Identifier: Apache-2.0
-- Customer data mart (seeds.md §2.5 step 14): one row per customer and month with the month's
-- total. Reads the view enriched_sales (every accepted sale of the affected months, enriched with
-- the dimensions); its result replaces those months in customers_data_mart.
-- Names and contact details come from the current customer table; a customer no longer in it
-- keeps the details of their latest sale.
-- Edit freely, keeping the output columns; point sales.sql_dir at your copy of this folder.
WITH monthly AS (
  SELECT
    customer_id,
    CAST(date_trunc('month', sales_date) AS DATE) AS sales_date_month,
    sum(total_cost) AS total_sales,
    arg_max(concat(customer_first_name, ' ', customer_last_name), sales_date) AS sale_full_name,
    arg_max(customer_address, sales_date) AS sale_address,
    arg_max(customer_phone_number, sales_date) AS sale_phone_number
  FROM enriched_sales
  GROUP BY customer_id, sales_date_month
)
SELECT
  m.customer_id,
  coalesce(concat(c.first_name, ' ', c.last_name), m.sale_full_name) AS full_name,
  coalesce(c.address, m.sale_address) AS address,
  coalesce(c.phone_number, m.sale_phone_number) AS phone_number,
  m.sales_date_month,
  CAST(m.total_sales AS DECIMAL(18,2)) AS total_sales
FROM monthly m
LEFT JOIN customer c ON c.customer_id = m.customer_id
