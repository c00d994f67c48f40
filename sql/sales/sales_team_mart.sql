-- SPDX-License-Identifier: Apache-2.0
-- Sales team data mart (seeds.md §2.5 step 15): monthly total per sales person, ranked within
-- store and month; rank 1 (ties included) earns an incentive of 1 % of the total, rounded to
-- cents (half away from zero). Reads enriched_sales like customer_mart.sql; names come from the
-- current sales_team table, else from the person's latest sale.
WITH monthly AS (
  SELECT
    store_id,
    sales_person_id,
    sales_month,
    sum(total_cost) AS total_sales,
    arg_max(concat(sales_person_first_name, ' ', sales_person_last_name), sales_date) AS sale_name
  FROM enriched_sales
  GROUP BY store_id, sales_person_id, sales_month
),
ranked AS (
  SELECT *, rank() OVER (PARTITION BY store_id, sales_month ORDER BY total_sales DESC) AS rnk
  FROM monthly
)
SELECT
  r.store_id,
  r.sales_person_id,
  coalesce(concat(t.first_name, ' ', t.last_name), r.sale_name) AS full_name,
  r.sales_month,
  CAST(r.total_sales AS DECIMAL(18,2)) AS total_sales,
  CAST(CASE WHEN r.rnk = 1 THEN round(r.total_sales * 0.01, 2) ELSE 0 END AS DECIMAL(18,2))
    AS incentive
FROM ranked r
LEFT JOIN sales_team t ON t.id = r.sales_person_id
