# SPDX-License-Identifier: Apache-2.0
"""Canary: does the DynamoDB/Kinesis emulator (scripts/aws_emulator.sh) have the semantics the
country-sales loader and the Kinesis stream rely on? Talks to it with boto3, an independent
client. If a check here fails, no test built on the emulator can be trusted: say so in the README
and change emulators.
"""
import os
import uuid

import pytest

REQUIRE = bool(os.environ.get("RP_REQUIRE_SERVERS"))


def endpoint(var):
    url = os.environ.get(var)
    if not url:
        message = (f"{var} not set; run: scripts/aws_emulator.sh start && "
                   "eval \"$(scripts/aws_emulator.sh env)\"")
        if REQUIRE:
            pytest.fail("RP_REQUIRE_SERVERS is set but " + message)
        pytest.skip(message)
    return url


def client(service, var):
    try:
        import boto3
    except ImportError:
        if REQUIRE:
            pytest.fail("boto3 is missing; run the test with the emulator's venv "
                        "(RP_TEST_AWS_PYTHON from scripts/aws_emulator.sh env)")
        pytest.skip("boto3 is missing; run with RP_TEST_AWS_PYTHON")
    return boto3.client(service, endpoint_url=endpoint(var), region_name="us-east-1",
                        aws_access_key_id="rptest", aws_secret_access_key="rptest")


@pytest.fixture
def dynamodb():
    db = client("dynamodb", "RP_TEST_DYNAMODB_ENDPOINT")
    name = f"canary_{uuid.uuid4().hex[:8]}"
    db.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": "sale_id", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "sale_id", "KeyType": "HASH"}])
    yield db, name
    db.delete_table(TableName=name)


def test_dynamodb_conditional_put_refuses_an_existing_key(dynamodb):
    db, table = dynamodb
    db.put_item(TableName=table, Item={"sale_id": {"S": "a"}, "price": {"N": "1.50"}})
    with pytest.raises(db.exceptions.ConditionalCheckFailedException):
        db.put_item(TableName=table, Item={"sale_id": {"S": "a"}, "price": {"N": "9"}},
                    ConditionExpression="attribute_not_exists(sale_id)")
    item = db.get_item(TableName=table, Key={"sale_id": {"S": "a"}}, ConsistentRead=True)["Item"]
    assert item["price"] == {"N": "1.5"} or item["price"] == {"N": "1.50"}


def test_dynamodb_batch_write_takes_25_and_numbers_stay_numbers(dynamodb):
    db, table = dynamodb
    def batch(n, start):
        return {table: [{"PutRequest": {"Item": {"sale_id": {"S": f"k{start + i}"},
                                                 "quantity": {"N": str(i)}}}}
                        for i in range(n)]}
    answer = db.batch_write_item(RequestItems=batch(25, 0))
    assert answer.get("UnprocessedItems", {}) == {}
    # Numbers come back as numbers (type N), and a paged scan pages.
    seen, start = [], None
    while True:
        args = {"TableName": table, "Limit": 10}
        if start:
            args["ExclusiveStartKey"] = start
        page = db.scan(**args)
        seen += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert len(seen) == 25
    assert all("N" in item["quantity"] for item in seen)


def test_kinesis_put_records_limits_shards_and_resume_after_a_sequence_number():
    kinesis = client("kinesis", "RP_TEST_KINESIS_ENDPOINT")
    name = f"canary_{uuid.uuid4().hex[:8]}"
    kinesis.create_stream(StreamName=name, ShardCount=2)
    try:
        kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                 WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
        shards = kinesis.list_shards(StreamName=name)["Shards"]
        assert len(shards) == 2
        records = [{"Data": f"order-{i}".encode(), "PartitionKey": f"order-{i}"}
                   for i in range(500)]
        answer = kinesis.put_records(StreamName=name, Records=records)
        assert answer["FailedRecordCount"] == 0
        with pytest.raises(kinesis.exceptions.ClientError):
            kinesis.put_records(StreamName=name, Records=records + records[:1])
        # Read every shard from the start; then resume after a checkpointed sequence number.
        total, per_shard = 0, {}
        for shard in shards:
            it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard["ShardId"],
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            got = kinesis.get_records(ShardIterator=it, Limit=10000)["Records"]
            per_shard[shard["ShardId"]] = got
            total += len(got)
        assert total == 500
        assert all(len(got) > 0 for got in per_shard.values()), "keys must spread over shards"
        shard_id, got = next(iter(per_shard.items()))
        checkpoint = got[len(got) // 2]["SequenceNumber"]
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id,
                                        ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                        StartingSequenceNumber=checkpoint)["ShardIterator"]
        resumed = kinesis.get_records(ShardIterator=it, Limit=10000)["Records"]
        assert [r["SequenceNumber"] for r in resumed] == \
            [r["SequenceNumber"] for r in got[len(got) // 2 + 1:]]
    finally:
        kinesis.delete_stream(StreamName=name)


def test_known_gap_moto_does_not_enforce_the_25_item_batch_limit(dynamodb):
    """Real DynamoDB answers ValidationException to a BatchWriteItem of more than 25 items;
    moto 5.2.5 accepts it. So the emulator cannot catch a loader that sends too many: the
    25-item split must be proved by our own unit tests. If this test starts failing, moto now
    enforces the limit: turn it into a check that it does."""
    db, table = dynamodb
    items = [{"PutRequest": {"Item": {"sale_id": {"S": f"k{i}"}}}} for i in range(26)]
    answer = db.batch_write_item(RequestItems={table: items})
    assert answer.get("UnprocessedItems", {}) == {}


@pytest.fixture
def kinesis_stream():
    kinesis = client("kinesis", "RP_TEST_KINESIS_ENDPOINT")
    name = f"canary_{uuid.uuid4().hex[:8]}"
    kinesis.create_stream(StreamName=name, ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                             WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    yield kinesis, name
    kinesis.delete_stream(StreamName=name)


def read_shard(kinesis, name, shard_id):
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id,
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    return kinesis.get_records(ShardIterator=it, Limit=10000)


def test_kinesis_keys_data_listing_and_caught_up_reads(kinesis_stream):
    """What the Kinesis stream (src/retailpipe/stream/kinesis_*) relies on besides the above:
    a control character in a partition key (its unkeyed records use "\\x01<n>") and binary data
    come back unchanged; PutRecords answers per record in request order; ListShards gives
    every shard in id order on one page; a caught-up read of an open shard has
    MillisBehindLatest 0 and a NextShardIterator."""
    kinesis, name = kinesis_stream
    records = [{"Data": bytes([0, 255, i]), "PartitionKey": f"\x01{i}"} for i in range(20)]
    answer = kinesis.put_records(StreamName=name, Records=records)
    assert answer["FailedRecordCount"] == 0
    assert len(answer["Records"]) == 20
    assert all(r["SequenceNumber"] and r["ShardId"] for r in answer["Records"])
    page = kinesis.list_shards(StreamName=name, MaxResults=10000)
    assert "NextToken" not in page or not page["NextToken"]
    ids = [s["ShardId"] for s in page["Shards"]]
    assert ids == sorted(ids) and len(ids) == 2
    seen = {}
    for shard_id in ids:
        got = read_shard(kinesis, name, shard_id)
        assert got["MillisBehindLatest"] == 0
        assert got.get("NextShardIterator"), "an open shard always has a next iterator"
        for r in got["Records"]:
            seen[r["PartitionKey"]] = r["Data"]
    assert seen == {f"\x01{i}": bytes([0, 255, i]) for i in range(20)}


def test_known_gap_moto_list_shards_wants_the_stream_name_with_next_token(kinesis_stream):
    """Real Kinesis wants NextToken alone on later ListShards pages (and refuses StreamName with
    it), which is what our consumer sends; moto 5.2.5 looks the stream up by StreamName even
    then and fails. Our consumer asks for 10000 shards a page, so it never pages on moto; paging
    is proved by the unit tests' FakeKinesis. If this fails, moto now pages like AWS."""
    kinesis, name = kinesis_stream
    first = kinesis.list_shards(StreamName=name, MaxResults=1)
    assert first.get("NextToken")
    with pytest.raises(kinesis.exceptions.ClientError):
        kinesis.list_shards(NextToken=first["NextToken"])


def test_known_gap_moto_split_shard_does_not_close_the_parent_for_readers(kinesis_stream):
    """After SplitShard, real Kinesis writes new records to the children, and a reader of the
    parent gets no NextShardIterator once it has read everything; our consumer reads children
    only then. moto 5.2.5 still writes to the parent and always returns a NextShardIterator, so
    resharding cannot be tested on it; the unit tests' FakeKinesis does it. If this fails, moto
    now closes parents: add a reshard case to tests/integration/kinesis."""
    kinesis, name = kinesis_stream
    parent = kinesis.list_shards(StreamName=name)["Shards"][0]
    low = int(parent["HashKeyRange"]["StartingHashKey"])
    high = int(parent["HashKeyRange"]["EndingHashKey"])
    kinesis.split_shard(StreamName=name, ShardToSplit=parent["ShardId"],
                        NewStartingHashKey=str((low + high) // 2))
    kinesis.put_records(StreamName=name, Records=[{"Data": b"x", "PartitionKey": f"k{i}"}
                                                  for i in range(40)])
    got = read_shard(kinesis, name, parent["ShardId"])
    assert got["Records"], "moto still writes to the split parent"
    assert got.get("NextShardIterator"), "moto never ends a closed shard"
