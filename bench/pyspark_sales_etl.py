# SPDX-License-Identifier: Apache-2.0
"""The seeds' sales transformation (seeds.md §2.5 steps 9-15) in PySpark local mode.

The peer that bench/sales_etl_bench.sh compares `retailpipe etl sales` with. It follows the
seed code: read each CSV with header+inferSchema, union into the 9-column schema with
additional_column, three inner joins with the dimensions, the customer and sales-team data
mart files (plus the partitioned one), and the two mart calculations. Instead of MySQL over
JDBC, the dimensions come from CSV files exported from the warehouse before the clock starts
(that export is not timed), and the marts are written to Parquet instead of appended to MySQL.

Usage: pyspark_sales_etl.py --warehouse W.duckdb --out DIR [--master local[2]]
                            [--driver-memory 4g] FILE.csv...
Prints row counts and the elapsed seconds of the job (Spark start-up included).
"""
import argparse
import os
import shutil
import time

MANDATORY = ["customer_id", "store_id", "product_name", "sales_date", "sales_person_id",
             "price", "quantity", "total_cost"]
DIMENSIONS = ["customer", "store", "sales_team"]


def export_dimensions(warehouse, dims_dir):
    """Write the dimension tables to CSV (stands in for the seed's MySQL tables)."""
    import duckdb

    os.makedirs(dims_dir, exist_ok=True)
    con = duckdb.connect(warehouse, read_only=True)
    for table in DIMENSIONS:
        path = os.path.join(dims_dir, table + ".csv")
        con.execute(f"COPY {table} TO '{path}' (HEADER, DELIMITER ',')")
    con.close()


def dimension_schemas():
    from pyspark.sql.types import (DateType, IntegerType, StringType, StructField,
                                   StructType)

    def fields(*cols):
        return StructType([StructField(n, t, True) for n, t in cols])

    s, i, d = StringType(), IntegerType(), DateType()
    return {
        "customer": fields(("customer_id", i), ("first_name", s), ("last_name", s),
                           ("address", s), ("pincode", s), ("phone_number", s),
                           ("customer_joining_date", d)),
        "store": fields(("id", i), ("address", s), ("store_pincode", s),
                        ("store_manager_name", s), ("store_opening_date", d), ("reviews", s)),
        "sales_team": fields(("id", i), ("first_name", s), ("last_name", s), ("manager_id", i),
                             ("is_manager", s), ("address", s), ("pincode", s),
                             ("joining_date", d)),
    }


def read_sales(spark, files):
    """Step 9: per-file read with inferSchema, extra columns into additional_column, union."""
    from pyspark.sql.functions import concat_ws, lit
    from pyspark.sql.types import (DateType, FloatType, IntegerType, StringType, StructField,
                                   StructType)

    schema = StructType([
        StructField("customer_id", IntegerType(), True),
        StructField("store_id", IntegerType(), True),
        StructField("product_name", StringType(), True),
        StructField("sales_date", DateType(), True),
        StructField("sales_person_id", IntegerType(), True),
        StructField("price", FloatType(), True),
        StructField("quantity", IntegerType(), True),
        StructField("total_cost", FloatType(), True),
        StructField("additional_column", StringType(), True),
    ])
    final_df_to_process = spark.createDataFrame([], schema=schema)
    for data in files:
        data_df = spark.read.format("csv").option("header", "true") \
            .option("inferSchema", "true").load(data)
        extra_columns = list(set(data_df.columns) - set(MANDATORY))
        if extra_columns:
            data_df = data_df.withColumn("additional_column", concat_ws(", ", *extra_columns))
        else:
            data_df = data_df.withColumn("additional_column", lit(None))
        data_df = data_df.select(*MANDATORY, "additional_column")
        final_df_to_process = final_df_to_process.union(data_df)
    return final_df_to_process


def enrich(final_df, customer, store, sales_team):
    """Step 11: dimesions_table_join, three inner joins."""
    from pyspark.sql.functions import col

    joined = final_df.alias("s3_data") \
        .join(customer.alias("ct"), col("s3_data.customer_id") == col("ct.customer_id"), "inner") \
        .drop("product_name", "price", "quantity", "additional_column", "s3_data.customer_id",
              "customer_joining_date")
    joined = joined.join(store, store["id"] == joined["store_id"], "inner") \
        .drop("id", "store_pincode", "store_opening_date", "reviews")
    joined = joined.join(sales_team.alias("st"), col("st.id") == joined["sales_person_id"],
                         "inner") \
        .withColumn("sales_person_first_name", col("st.first_name")) \
        .withColumn("sales_person_last_name", col("st.last_name")) \
        .withColumn("sales_person_address", col("st.address")) \
        .withColumn("sales_person_pincode", col("st.pincode")) \
        .drop("id", "st.first_name", "st.last_name", "st.address", "st.pincode")
    return joined


def customer_mart(customer_df, path):
    """Step 14: monthly total per customer (window sum, distinct)."""
    from pyspark.sql.functions import col, concat, lit, substring, sum
    from pyspark.sql.window import Window

    window = Window.partitionBy("customer_id", "sales_date_month")
    final = customer_df.withColumn("sales_date_month", substring(col("sales_date"), 1, 7)) \
        .withColumn("total_sales", sum("total_cost").over(window)) \
        .select("customer_id", concat(col("first_name"), lit(" "),
                                      col("last_name")).alias("full_name"),
                "address", "phone_number", "sales_date_month",
                col("total_sales").alias("total_sales")) \
        .distinct()
    final.write.mode("overwrite").parquet(path)  # the seed appends to MySQL over JDBC


def sales_team_mart(team_df, path):
    """Step 15: monthly total per sales person, rank per store and month, incentive."""
    from pyspark.sql.functions import col, concat, lit, rank, round, sum, when
    from pyspark.sql.window import Window

    window = Window.partitionBy("store_id", "sales_person_id", "sales_month")
    final = team_df.withColumn("sales_month", substring_month(col("sales_date"))) \
        .withColumn("total_sales_every_month", sum(col("total_cost")).over(window)) \
        .select("store_id", "sales_person_id",
                concat(col("sales_person_first_name"), lit(" "),
                       col("sales_person_last_name")).alias("full_name"),
                "sales_month", "total_sales_every_month") \
        .distinct()
    rank_window = Window.partitionBy("store_id", "sales_month") \
        .orderBy(col("total_sales_every_month").desc())
    final = final.withColumn("rnk", rank().over(rank_window)) \
        .withColumn("incentive", when(col("rnk") == 1,
                                      round(col("total_sales_every_month") * 0.01, 2))
                    .otherwise(0)) \
        .withColumn("total_sales", col("total_sales_every_month")) \
        .select("store_id", "sales_person_id", "full_name", "sales_month", "total_sales",
                "incentive")
    final.write.mode("overwrite").parquet(path)  # the seed appends to MySQL over JDBC


def substring_month(column):
    from pyspark.sql.functions import substring
    return substring(column, 1, 7)


def run_job(args, dims_dir):
    """Steps 9-15 as the seed's main.py runs them, from Spark start-up to the last write."""
    from pyspark.sql import SparkSession
    from pyspark.sql.functions import col

    spark = SparkSession.builder.master(args.master).appName("salesETL") \
        .config("spark.driver.memory", args.driver_memory).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    final_df = read_sales(spark, args.files)
    schemas = dimension_schemas()
    dims = {t: spark.read.format("csv").option("header", "true").schema(schemas[t])
            .load(os.path.join(dims_dir, t + ".csv")) for t in DIMENSIONS}
    joined = enrich(final_df, dims["customer"], dims["store"], dims["sales_team"])
    out = args.out
    customer_df = joined.select("ct.customer_id", "ct.first_name", "ct.last_name",
                                "ct.address", "ct.pincode", "phone_number", "sales_date",
                                "total_cost")
    customer_df.write.format("parquet").option("header", "true").mode("overwrite") \
        .option("path", os.path.join(out, "customer_data_mart")).save()
    team_df = joined.select("store_id", "sales_person_id", "sales_person_first_name",
                            "sales_person_last_name", "store_manager_name", "manager_id",
                            "is_manager", "sales_person_address", "sales_person_pincode",
                            "sales_date", "total_cost",
                            substring_month(col("sales_date")).alias("sales_month"))
    team_df.write.format("parquet").option("header", "true").mode("overwrite") \
        .option("path", os.path.join(out, "sales_team_data_mart")).save()
    team_df.write.format("parquet").option("header", "true").mode("overwrite") \
        .partitionBy("sales_month", "store_id") \
        .option("path", os.path.join(out, "sales_partition_data")).save()
    customer_mart(customer_df, os.path.join(out, "customers_data_mart"))
    sales_team_mart(team_df, os.path.join(out, "sales_team_data_mart_table"))
    return spark


def count_outputs(spark, out):
    """Count what the job wrote (after the clock stops)."""
    def rows(name):
        return spark.read.parquet(os.path.join(out, name)).count()
    return (rows("sales_partition_data"), rows("customers_data_mart"),
            rows("sales_team_data_mart_table"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    dims_dir = os.path.join(args.out, "dimensions")
    export_dimensions(args.warehouse, dims_dir)
    start = time.monotonic()
    spark = run_job(args, dims_dir)
    elapsed = time.monotonic() - start
    loaded, customers, team = count_outputs(spark, args.out)
    print(f"rows loaded {loaded}; customers_data_mart {customers} rows, "
          f"sales_team_data_mart {team} rows")
    print(f"elapsed {elapsed:.3f} s")
    spark.stop()


if __name__ == "__main__":
    main()
