-- SPDX-License-Identifier: Apache-2.0
-- Warehouse schema of the sales ETL (seeds 002/003, seeds.md §2.3), portable across DuckDB,
-- MySQL/MariaDB and PostgreSQL. Applied at the start of every `etl sales` and `generate sales`.
-- Differences from the seeds' DDL are deliberate fixes and are marked "fix:".

-- Dimensions (as in the seeds).
CREATE TABLE IF NOT EXISTS customer (
  customer_id INTEGER PRIMARY KEY,
  first_name VARCHAR(50),
  last_name VARCHAR(50),
  address VARCHAR(255),
  pincode VARCHAR(10),
  phone_number VARCHAR(20),
  customer_joining_date DATE
);

CREATE TABLE IF NOT EXISTS store (
  id INTEGER PRIMARY KEY,
  address VARCHAR(255),
  store_pincode VARCHAR(10),
  store_manager_name VARCHAR(100),
  store_opening_date DATE,
  reviews TEXT
);

CREATE TABLE IF NOT EXISTS product (
  id INTEGER PRIMARY KEY,
  name VARCHAR(255),
  current_price DECIMAL(10,2),
  old_price DECIMAL(10,2),
  created_date TIMESTAMP,
  updated_date TIMESTAMP,
  expiry_date DATE
);

CREATE TABLE IF NOT EXISTS sales_team (
  id INTEGER PRIMARY KEY,
  first_name VARCHAR(50),
  last_name VARCHAR(50),
  manager_id INTEGER,
  is_manager CHAR(1),
  address VARCHAR(255),
  pincode VARCHAR(10),
  joining_date DATE
);

-- The file ledger (the seeds' product_staging_table). One row per distinct file content.
-- status: 'A' = claimed by a run and in progress, 'I' = done, 'Q' = quarantined (see reason).
-- fix: keyed by (file_name, checksum) so a file is processed at most once; batch_id ties the
-- files of one run together so a crashed run is resumed as the same batch; updated_date is
-- really the time of the last change.
CREATE TABLE IF NOT EXISTS product_staging_table (
  file_name VARCHAR(255) NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  file_location VARCHAR(1024),
  size_bytes BIGINT,
  batch_id VARCHAR(64),
  status VARCHAR(1) NOT NULL,
  reason_code VARCHAR(32),
  reason TEXT,
  rows_in BIGINT,
  rows_out BIGINT,
  rows_quarantined BIGINT,
  created_date TIMESTAMP,
  updated_date TIMESTAMP,
  PRIMARY KEY (file_name, checksum)
);

-- Rows refused by typing, rules or enrichment, with where they came from and why.
CREATE TABLE IF NOT EXISTS sales_quarantine (
  file_name VARCHAR(255) NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  line_number BIGINT NOT NULL,
  reason_code VARCHAR(32) NOT NULL,
  reason TEXT,
  raw_line TEXT,
  batch_id VARCHAR(64),
  quarantined_at TIMESTAMP
);

-- Marts. fix: sales_date_month holds the first day of the month (the seeds wrote 'YYYY-MM'
-- into a DATE); totals are DECIMAL(18,2) so large inputs cannot overflow; primary keys make a
-- re-run replace rows instead of appending duplicates.
CREATE TABLE IF NOT EXISTS customers_data_mart (
  customer_id INTEGER NOT NULL,
  full_name VARCHAR(100),
  address VARCHAR(200),
  phone_number VARCHAR(20),
  sales_date_month DATE NOT NULL,
  total_sales DECIMAL(18,2),
  PRIMARY KEY (customer_id, sales_date_month)
);

CREATE TABLE IF NOT EXISTS sales_team_data_mart (
  store_id INTEGER NOT NULL,
  sales_person_id INTEGER NOT NULL,
  full_name VARCHAR(255),
  sales_month VARCHAR(10) NOT NULL,
  total_sales DECIMAL(18,2),
  incentive DECIMAL(18,2),
  PRIMARY KEY (store_id, sales_person_id, sales_month)
);
