# SPDX-License-Identifier: Apache-2.0
"""The country sales publisher and CSV sink (seeds.md §3.1-3.3) on the real servers: records go
through the project's Apache Kafka broker (scripts/kafka_server.sh) into CSV objects on its S3
server (scripts/s3_server.sh). The objects are read back with a small SigV4 client written here
with the standard library, so the check does not share code with the writer. A test skips,
naming the command to run, when a server is not exported (and fails instead when
RP_REQUIRE_SERVERS is set, as scripts/test.sh does).
"""
import collections
import csv
import datetime
import hashlib
import hmac
import io
import os
import signal
import sys
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from conftest import Retailpipe  # noqa: E402

COLUMNS = ["sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"]
COUNTRIES = ["US", "FR"]
# Kafka needs a few seconds to form a consumer group, and after a kill -9 it waits for the dead
# member's session to expire (shortened to 6 s here) before the next run gets its partitions;
# idle is counted from the start.
IDLE = "20s"
GROUP_SETTINGS = "?session.timeout.ms=6000&heartbeat.interval.ms=1000"


def servers():
    missing = [v for v in ("RP_TEST_KAFKA_URI", "RP_TEST_S3_URI", "RP_TEST_S3_ENDPOINT")
               if not os.environ.get(v)]
    if missing and os.environ.get("RP_REQUIRE_SERVERS"):
        pytest.fail(f"RP_REQUIRE_SERVERS is set but {', '.join(missing)} is not")
    if missing:
        pytest.skip(f"{', '.join(missing)} not set; run: scripts/kafka_server.sh start && "
                    "scripts/s3_server.sh start && eval \"$(scripts/kafka_server.sh env)\" && "
                    "eval \"$(scripts/s3_server.sh env)\"")


class S3:
    """Just enough S3 (path-style, SigV4, unsigned-payload GETs) to list and read objects."""

    def __init__(self):
        self.endpoint = os.environ["RP_TEST_S3_ENDPOINT"].rstrip("/")
        parsed = urllib.parse.urlparse(os.environ["RP_TEST_S3_URI"])
        self.bucket = parsed.netloc
        self.prefix = parsed.path.strip("/")
        self.access = os.environ["AWS_ACCESS_KEY_ID"]
        self.secret = os.environ["AWS_SECRET_ACCESS_KEY"]
        self.region = os.environ.get("AWS_REGION", "us-east-1")

    def _get(self, path, query):
        host = urllib.parse.urlparse(self.endpoint).netloc
        q = "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
                     for k, v in sorted(query.items()))
        now = datetime.datetime.now(datetime.timezone.utc)
        amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        payload = hashlib.sha256(b"").hexdigest()
        headers = {"host": host, "x-amz-content-sha256": payload, "x-amz-date": amz_date}
        signed = ";".join(sorted(headers))
        canonical = "\n".join(["GET", path, q, "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)),
                               signed, payload])
        scope = f"{day}/{self.region}/s3/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                             hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4" + self.secret).encode()
        for part in (day, self.region, "s3", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.access}/{scope}, "
                                    f"SignedHeaders={signed}, Signature={signature}")
        del headers["host"]
        url = self.endpoint + path + ("?" + q if q else "")
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as resp:
            return resp.read()

    def list(self, prefix):
        keys, token = [], None
        while True:
            query = {"list-type": "2", "prefix": prefix}
            if token:
                query["continuation-token"] = token
            root = ET.fromstring(self._get(f"/{self.bucket}", query))
            ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
            keys += [c.findtext(f"{ns}Key") for c in root.findall(f"{ns}Contents")]
            token = root.findtext(f"{ns}NextContinuationToken")
            if root.findtext(f"{ns}IsTruncated") != "true":
                return keys

    def get(self, key):
        return self._get(f"/{self.bucket}/" + urllib.parse.quote(key, safe="/-_.~"), {})


def binary():
    path = os.environ.get("RETAILPIPE_BIN")
    if not path:
        pytest.fail("set RETAILPIPE_BIN to the retailpipe binary (ctest does)")
    return path


def test_country_sales_through_kafka_into_s3(tmp_path):
    servers()
    run = f"cs-{uuid.uuid4().hex[:10]}"
    root = f"{os.environ['RP_TEST_S3_URI'].rstrip('/')}/{run}"
    env = {"RP_STORE_URI": root, "RP_STREAM_URI": os.environ["RP_TEST_KAFKA_URI"] + GROUP_SETTINGS}
    sets = ["--set", f"country_sales.topic={run}-{{country}}_topic",
            "--set", f"country_sales.group={run}-{{country}}_consumer-group",
            "--set", "country_sales.local_dir="]
    data = tmp_path / "data"
    data.mkdir()
    rp = Retailpipe(binary(), str(data))
    countries = ",".join(COUNTRIES)
    published = rp.run(*sets, "publish", "country-sales", "--countries", countries, "--batches", "2",
                       "--delay", "0s", "--seed", "21", "--sale-frequency", "2", env=env)
    expected = collections.Counter()
    with open(data / "logs" / "country_sales_counts.txt") as f:
        for line in f:
            country, n, _ = line.split(",")
            expected[country] += int(n)
    assert sum(expected.values()) > 0, published.stdout

    # A sink killed right after its first upload (before the commit), then a full run.
    killed = rp.run(*sets, "sink", "country-sales", "--countries", countries, "--max-records",
                    "200", "--stop-when-idle", IDLE, env={**env, "RP_KILLPOINT": "sink.after_upload"},
                    check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    sunk = rp.run(*sets, "sink", "country-sales", "--countries", countries, "--max-records", "200",
                  "--stop-when-idle", IDLE, env=env)
    assert "streamed" in sunk.stdout, sunk.stdout + sunk.stderr
    # The object uploaded before the kill was rebuilt from its manifest and found, not rewritten.
    assert "1 found from an earlier run" in sunk.stdout, sunk.stdout

    s3 = S3()
    base = f"{s3.prefix}/{run}/Inbound" if s3.prefix else f"{run}/Inbound"
    for country in COUNTRIES:
        keys = s3.list(f"{base}/{country}/")
        objects = [k for k in keys if "/" not in k[len(base) + 4:] and k.endswith(".csv")]
        manifests = [k for k in keys if "/_manifests/" in k]
        assert objects and len(manifests) >= len(objects), keys
        ids = []
        for key in objects:
            rows = list(csv.reader(io.StringIO(s3.get(key).decode())))
            assert rows[0] == COLUMNS, key
            assert len(rows) - 1 <= 200, key
            assert all(r[2] == country for r in rows[1:])
            ids += [r[0] for r in rows[1:]]
        assert len(ids) == expected[country], (country, len(ids), expected[country])
        assert len(set(ids)) == len(ids), f"{country}: a record landed twice"
