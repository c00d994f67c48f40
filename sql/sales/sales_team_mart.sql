-- SPDX-License-Identifier: Apache-2.0
-- Sales team data mart (seeds.md §2.5 step 15): monthly total per sales person, ranked within
-- store and month; rank 1 (ties included) earns an incentive of 1 % of the total, rounded to
-- cents (half away from zero). Reads enriched_sales like customer_mart.sql.
WITH monthly AS (
  SELECT
    store_id,
    sales_person_id,
    concat(sales_person_first_name, ' ', sales_person_last_name) AS full_name,
    sales_month,
    sum(total_cost) AS total_sales
  FROM enriched_sales
  GROUP BY ALL
),
ranked AS (
  SELECT *, rank() OVER (PARTITION BY store_id, sales_month ORDER BY total_sales DESC) AS rnk
  FROM monthly
)
SELECT
  store_id,
  sales_person_id,
  full_name,
  sales_month,
  CAST(total_sales AS DECIMAL(18,2)) AS total_sales,
  CAST(CASE WHEN rnk = 1 THEN round(total_sales * 0.01, 2) ELSE 0 END AS DECIMAL(18,2)) AS incentive
FROM ranked
