# SPDX-License-Identifier: Apache-2.0
"""The country sales loader and the load_s3_to_db DAG on the real services: CSV objects on the
project's S3 server (scripts/s3_server.sh) loaded into a DynamoDB table on the emulator
(scripts/aws_emulator.sh). Objects are written and items read back with boto3, an independent
client. Runs in the emulator's venv (RP_TEST_AWS_PYTHON), which has boto3 and pytest. A test
skips, naming the commands to run, when a server is not exported (and fails instead when
RP_REQUIRE_SERVERS is set, as scripts/test.sh does)."""
import csv
import io
import os
import sys
import urllib.parse
import uuid
from decimal import Decimal

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from conftest import rp  # noqa: E402,F401  (the fixture)

COLUMNS = ["sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"]
CURRENCY = {"US": "USD", "UK": "GBP", "DE": "EUR", "FR": "EUR", "IT": "EUR"}
NEEDED = ("RP_TEST_S3_URI", "RP_TEST_S3_ENDPOINT", "RP_TEST_DYNAMODB_ENDPOINT")


@pytest.fixture
def aws():
    missing = [v for v in NEEDED if not os.environ.get(v)]
    message = (f"{', '.join(missing)} not set; run: scripts/s3_server.sh start && "
               "scripts/aws_emulator.sh start && eval \"$(scripts/s3_server.sh env)\" && "
               "eval \"$(scripts/aws_emulator.sh env)\"")
    if missing and os.environ.get("RP_REQUIRE_SERVERS"):
        pytest.fail("RP_REQUIRE_SERVERS is set but " + message)
    if missing:
        pytest.skip(message)
    try:
        import boto3
    except ImportError:
        if os.environ.get("RP_REQUIRE_SERVERS"):
            pytest.fail("boto3 is missing; run with RP_TEST_AWS_PYTHON")
        pytest.skip("boto3 is missing; run with RP_TEST_AWS_PYTHON from scripts/aws_emulator.sh env")
    s3 = boto3.client("s3", endpoint_url=os.environ["RP_TEST_S3_ENDPOINT"],
                      region_name=os.environ.get("AWS_REGION", "us-east-1"))
    dynamodb = boto3.client("dynamodb", endpoint_url=os.environ["RP_TEST_DYNAMODB_ENDPOINT"],
                            region_name="us-east-1", aws_access_key_id="rptest",
                            aws_secret_access_key="rptest")
    parsed = urllib.parse.urlparse(os.environ["RP_TEST_S3_URI"])
    run_id = uuid.uuid4().hex[:10]
    ctx = {
        "s3": s3, "dynamodb": dynamodb, "bucket": parsed.netloc,
        "prefix": f"{parsed.path.strip('/')}/load-{run_id}",
        "table": f"stage.sales.{run_id}",
    }
    yield ctx
    try:
        dynamodb.delete_table(TableName=ctx["table"])
    except Exception:  # noqa: BLE001 - the table may not have been made
        pass


def put_sales(ctx, country, name, first, n, bad=0):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for i in range(first, first + n):
        w.writerow([f"{country}-{i:06d}", f"p{i % 10 + 1}", country, f"2025-07-10 02:57:{i % 60:02d}.{i:06d}",
                    f"{10 + i % 90}.{i % 100:02d}", CURRENCY[country]])
    for i in range(bad):
        w.writerow([f"{country}-bad-{i}", "p1", country, "2025-07-10 02:57:08", "n/a", CURRENCY[country]])
    ctx["s3"].put_object(Bucket=ctx["bucket"], Key=f"{ctx['prefix']}/Inbound/{country}/{name}",
                         Body=out.getvalue().encode())


def keys(ctx, below):
    prefix = f"{ctx['prefix']}/{below}"
    out, token = [], None
    while True:
        args = {"Bucket": ctx["bucket"], "Prefix": prefix}
        if token:
            args["ContinuationToken"] = token
        page = ctx["s3"].list_objects_v2(**args)
        out += [o["Key"][len(ctx["prefix"]) + 1:] for o in page.get("Contents", [])]
        if not page.get("IsTruncated"):
            return sorted(out)
        token = page["NextContinuationToken"]


def items(ctx):
    out, start = {}, None
    while True:
        args = {"TableName": ctx["table"], "ConsistentRead": True}
        if start:
            args["ExclusiveStartKey"] = start
        page = ctx["dynamodb"].scan(**args)
        for item in page["Items"]:
            out[item["sale_id"]["S"]] = item
        start = page.get("LastEvaluatedKey")
        if not start:
            return out


def flags(ctx):
    endpoint = os.environ["RP_TEST_DYNAMODB_ENDPOINT"]
    return ["--set", f"store.uri=s3://{ctx['bucket']}/{ctx['prefix']}",
            "--set", f"country_sales.target=dynamodb://{ctx['table']}?endpoint={endpoint}"]


def test_load_and_the_dag_put_typed_items_into_dynamodb_once(rp, aws):  # noqa: F811
    put_sales(aws, "US", "US_topic-p0-o00000000000000000000.csv", 0, 60, bad=2)
    put_sales(aws, "UK", "UK_topic-p0-o00000000000000000000.csv", 0, 30)
    missing = rp.run(*flags(aws), "load", "country-sales", check=False)
    assert missing.returncode == 1 and "does not exist" in missing.stderr, missing.stderr
    assert "--create-table" in missing.stderr

    loaded = rp.run(*flags(aws), "load", "country-sales", "--create-table")
    assert loaded.returncode == 3, loaded.stdout + loaded.stderr
    assert "loaded 90 rows from 2 files" in loaded.stdout, loaded.stdout
    got = items(aws)
    assert len(got) == 90
    item = got["US-000042"]
    assert item["selling_price"] == {"N": "52.42"}, "numbers are numbers, unlike the seed"
    assert Decimal(item["selling_price"]["N"]) == Decimal("52.42")
    assert item["country_of_sale"] == {"S": "US"} and item["currency"] == {"S": "USD"}
    assert item["datetime"] == {"S": "2025-07-10 02:57:42.000042"}
    assert keys(aws, "Inbound/") == ["Inbound/UK/Processed/UK_topic-p0-o00000000000000000000.csv",
                                     "Inbound/US/Processed/US_topic-p0-o00000000000000000000.csv"]
    bad = rp.sql("SELECT reason_code, count(*) AS n FROM country_sales_quarantine GROUP BY 1")
    assert bad == [{"reason_code": "BAD_PRICE", "n": "2"}]

    # More files, through the DAG; one of them again (a replay): the key keeps one item each.
    put_sales(aws, "US", "US_topic-p0-o00000000000000000000.csv", 0, 60, bad=2)
    put_sales(aws, "FR", "FR_topic-p0-o00000000000000000000.csv", 0, 45)
    run = rp.run(*flags(aws), "dag", "run", "load_s3_to_db")
    assert run.returncode == 3, run.stdout + run.stderr
    assert "run cli__" in run.stdout and ": success in" in run.stdout
    assert len(items(aws)) == 135
    states = rp.sql("SELECT task_id, state FROM task_instance ORDER BY task_id")
    assert {s["state"] for s in states} == {"success"} and len(states) == 5
    assert keys(aws, "Inbound/FR/") == ["Inbound/FR/Processed/FR_topic-p0-o00000000000000000000.csv"]
