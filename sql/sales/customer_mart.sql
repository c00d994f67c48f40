-- SPDX-License-Identifier: Apache-2.0
-- Customer data mart (seeds.md §2.5 step 14): one row per customer and month with the month's
-- total. Reads the view enriched_sales (every accepted sale of the affected months, enriched with
-- the dimensions); its result replaces those months in customers_data_mart.
-- Edit freely, keeping the output columns; point sales.sql_dir at your copy of this folder.
SELECT
  customer_id,
  concat(customer_first_name, ' ', customer_last_name) AS full_name,
  customer_address AS address,
  customer_phone_number AS phone_number,
  CAST(date_trunc('month', sales_date) AS DATE) AS sales_date_month,
  CAST(sum(total_cost) AS DECIMAL(18,2)) AS total_sales
FROM enriched_sales
GROUP BY ALL
