# SPDX-License-Identifier: Apache-2.0
"""The orders pipeline on the real services: orders published to a Kinesis stream on the
emulator (scripts/aws_emulator.sh) and subscribed into Delta tables on the project's S3 server
(scripts/s3_server.sh). The stream is made and read back with boto3, an independent client.
Skips, naming the commands to run, when a server is not exported (fails instead when
RP_REQUIRE_SERVERS is set)."""
import json
import os
import sys
import urllib.parse
import uuid

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from conftest import rp  # noqa: E402,F401  (the fixture)

NEEDED = ("RP_TEST_S3_URI", "RP_TEST_S3_ENDPOINT", "RP_TEST_KINESIS_ENDPOINT")


@pytest.fixture
def kinesis(tmp_path):
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
    endpoint = os.environ["RP_TEST_KINESIS_ENDPOINT"]
    client = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="rptest", aws_secret_access_key="rptest")
    name = f"orders-{uuid.uuid4().hex[:10]}"
    client.create_stream(StreamName=name, ShardCount=2)
    client.get_waiter("stream_exists").wait(StreamName=name)
    parsed = urllib.parse.urlparse(os.environ["RP_TEST_S3_URI"])
    checkpoints = tmp_path / "checkpoints"
    stream_uri = (f"kinesis://?region=us-east-1&endpoint={urllib.parse.quote(endpoint, safe='')}"
                  f"&checkpoint_dir={urllib.parse.quote(str(checkpoints), safe='')}")
    ctx = {
        "client": client, "stream": name,
        "flags": ["--set", f"stream.uri={stream_uri}",
                  "--set", f"orders.topic={name}",
                  "--set", f"store.uri=s3://{parsed.netloc}{parsed.path.rstrip('/')}/orders-{name}"],
        "env": {"AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "rptest"),
                "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "rptest")},
    }
    yield ctx
    client.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


def stream_order_ids(ctx):
    """Every order_id in the stream, read with boto3 from each shard's start."""
    ids = []
    shards = ctx["client"].list_shards(StreamName=ctx["stream"])["Shards"]
    for shard in shards:
        it = ctx["client"].get_shard_iterator(StreamName=ctx["stream"], ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            page = ctx["client"].get_records(ShardIterator=it, Limit=10000)
            ids += [json.loads(r["Data"])["order_id"] for r in page["Records"]]
            if not page["Records"] and page.get("MillisBehindLatest", 0) == 0:
                break
            it = page.get("NextShardIterator")
    return ids, len(shards)


def test_orders_through_kinesis_into_delta_on_s3_exactly_once(rp, kinesis):  # noqa: F811
    flags, env = kinesis["flags"], kinesis["env"]
    rp.run(*flags, "generate", "reference", "--seed", "4", env=env)
    published = rp.run(*flags, "publish", "orders", "-n", "1500", "--seed", "9", env=env)
    assert "published 1500 orders" in published.stdout, published.stdout + published.stderr

    ids, shards = stream_order_ids(kinesis)
    assert len(ids) == 1500 and len(set(ids)) == 1500
    assert shards == 2

    first = rp.run(*flags, "subscribe", "orders", "--once", "--idle-timeout", "5s", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    counted = rp.run(*flags, "sql", "--format", "csv",
                     "SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders", env=env)
    assert counted.stdout.split() == ["n,d", "1500,1500"], counted.stdout + counted.stderr
    in_table = rp.run(*flags, "sql", "--format", "csv", "SELECT order_id FROM orders", env=env)
    assert sorted(in_table.stdout.split()[1:]) == sorted(ids)

    # The checkpoints were saved with the data: a second drain writes nothing.
    again = rp.run(*flags, "subscribe", "orders", "--once", "--idle-timeout", "5s", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    recounted = rp.run(*flags, "sql", "--format", "csv", "SELECT count(*) AS n FROM orders",
                       env=env)
    assert recounted.stdout.split() == ["n", "1500"]
    stock = rp.run(*flags, "sql", "--format", "csv",
                   "SELECT min(stock_quantity) AS m FROM package_stock", env=env)
    assert int(stock.stdout.split()[1]) >= 0
