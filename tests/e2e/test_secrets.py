# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of `retailpipe secrets` and of encrypted values in the configuration."""
import base64
import os
import stat
import subprocess

# A password that must never show up in any output or log.
CANARY = "Canary-7d41c2-pw"
# Nothing listens on port 1, so opening this warehouse fails after the config is loaded.
CANARY_URI = f"mysql://etl:{CANARY}@127.0.0.1:1/sales"
# seeds.md 2.2: the upstream tutorial's constants and encrypt("AKIAEXAMPLEKEY000000").
LEGACY_ENV = {"RP_LEGACY_KEY": "youtube_project", "RP_LEGACY_IV": "youtube_encyptyo",
              "RP_LEGACY_SALT": "youtube_AesEncryption"}
LEGACY_VALUE = "c38EUUvY6vwoSu+cU7wU7CF661y8/YJlKxsneC1ijDU="


def run(rp, *args, stdin="", env=None):
    """Run the binary in rp.data_dir with `stdin`; return the CompletedProcess."""
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("RP_SECRET_KEY", "RP_LEGACY_", "RP_WAREHOUSE", "RP_STORE"))}
    full_env.update(env or {})
    return subprocess.run([rp.binary, *args], input=stdin, capture_output=True, text=True,
                          env=full_env, cwd=rp.data_dir)


def keygen(rp, name="secret.key"):
    path = os.path.join(rp.data_dir, name)
    proc = run(rp, "secrets", "keygen", "--key-file", path)
    assert proc.returncode == 0, proc.stderr
    return path


def encrypt(rp, key_file, value, field):
    proc = run(rp, "secrets", "encrypt", "--for", field, stdin=value + "\n",
               env={"RP_SECRET_KEY_FILE": key_file})
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.strip()
    assert text.startswith("enc:v1:")
    return text


def write_config(rp, warehouse_uri):
    with open(os.path.join(rp.data_dir, "retailpipe.yaml"), "w") as f:
        f.write(f"data_dir: {rp.data_dir}\nwarehouse:\n  uri: {warehouse_uri}\n")


def assert_no_canary(*texts):
    forms = [CANARY, base64.b64encode(CANARY.encode()).decode(), CANARY.encode().hex()]
    for text in texts:
        for form in forms:
            assert form not in text


def test_keygen_writes_a_private_key_once(rp):
    path = os.path.join(rp.data_dir, "secret.key")
    proc = run(rp, "secrets", "keygen", "--key-file", path)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote a new secret key to {path} (mode 0600)" in proc.stdout
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as f:
        key = f.read()
    assert len(base64.b64decode(key.strip(), validate=True)) == 32

    again = run(rp, "secrets", "keygen", "--key-file", path)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    with open(path) as f:
        assert f.read() == key


def test_encrypted_value_is_decrypted_and_shown_redacted(rp):
    key_file = keygen(rp)
    encrypted = encrypt(rp, key_file, CANARY_URI, "warehouse.uri")
    assert encrypted != encrypt(rp, key_file, CANARY_URI, "warehouse.uri")  # fresh nonce
    write_config(rp, encrypted)
    env = {"RP_SECRET_KEY_FILE": key_file}

    show = run(rp, "config", "show", env=env)
    assert show.returncode == 0, show.stderr
    assert 'uri: "***"  # file, decrypted' in show.stdout
    assert_no_canary(show.stdout, show.stderr)

    # The same value from RP_WAREHOUSE_URI and --set; the key inline in RP_SECRET_KEY.
    with open(key_file) as f:
        inline = {"RP_SECRET_KEY": f.read().strip()}
    write_config(rp, "duckdb:///tmp/unused.duckdb")
    show = run(rp, "config", "show", env={**inline, "RP_WAREHOUSE_URI": encrypted})
    assert 'uri: "***"  # RP_WAREHOUSE_URI, decrypted' in show.stdout
    show = run(rp, "--set", f"warehouse.uri={encrypted}", "config", "show", env=inline)
    assert 'uri: "***"  # flag, decrypted' in show.stdout

    decrypted = run(rp, "secrets", "decrypt", "--for", "warehouse.uri", stdin=encrypted, env=env)
    assert decrypted.returncode == 0, decrypted.stderr
    assert decrypted.stdout == CANARY_URI + "\n"


def test_the_decrypted_secret_stays_out_of_output_and_logs(rp):
    key_file = keygen(rp)
    write_config(rp, encrypt(rp, key_file, CANARY_URI, "warehouse.uri"))
    proc = run(rp, "--log-level", "trace", "sql", "SELECT 1",
               env={"RP_SECRET_KEY_FILE": key_file})
    assert proc.returncode == 1  # the config loaded; the warehouse is not there
    assert "cannot open the warehouse mysql://etl:***@127.0.0.1:1/sales" in proc.stderr
    with open(os.path.join(rp.data_dir, "logs", "retailpipe.log")) as f:
        log = f.read()
    assert "cannot open the warehouse" in log
    assert_no_canary(proc.stdout, proc.stderr, log)


def test_config_errors_name_the_key_never_the_value(rp):
    key_file = keygen(rp)
    other_key = keygen(rp, "other.key")
    encrypted = encrypt(rp, key_file, CANARY_URI, "warehouse.uri")
    tampered = encrypted[:-6] + ("A" if encrypted[-6] != "A" else "B") + encrypted[-5:]
    loose = os.path.join(rp.data_dir, "loose.key")
    with open(key_file) as src, open(loose, "w") as dst:
        dst.write(src.read())
    os.chmod(loose, 0o644)
    cases = [
        (encrypted, {}, "no secret key: set RP_SECRET_KEY_FILE"),
        (encrypted, {"RP_SECRET_KEY_FILE": other_key}, "does not decrypt with this secret key"),
        (encrypted, {"RP_SECRET_KEY_FILE": loose}, f"has mode 0644, so its group or others can "
                                                   f"access it; make it private to its owner "
                                                   f"with: chmod 600 {loose}"),
        (tampered, {"RP_SECRET_KEY_FILE": key_file}, "does not decrypt with this secret key"),
        (encrypted[:39], {"RP_SECRET_KEY_FILE": key_file}, "is truncated: 24 bytes"),
        (encrypted[:7] + "%%%%" + encrypted[11:], {"RP_SECRET_KEY_FILE": key_file},
         "is not valid base64"),
    ]
    for value, env, message in cases:
        write_config(rp, value)
        proc = run(rp, "config", "show", env=env)
        assert proc.returncode == 2, (value, proc.stdout, proc.stderr)
        assert proc.stderr.startswith("retailpipe: config error: retailpipe.yaml: warehouse.uri: ")
        assert message in proc.stderr
        assert value[7:] not in proc.stderr
        assert_no_canary(proc.stdout, proc.stderr)

    # Encrypted for another key: refused there.
    write_config(rp, "duckdb:///tmp/unused.duckdb")
    proc = run(rp, "--set", f"store.uri={encrypted}", "config", "show",
               env={"RP_SECRET_KEY_FILE": key_file})
    assert proc.returncode == 2
    assert "flags: store.uri: the encrypted value does not decrypt" in proc.stderr


def test_secrets_commands_work_when_the_config_cannot_be_decrypted(rp):
    key_file = keygen(rp)
    write_config(rp, encrypt(rp, key_file, CANARY_URI, "warehouse.uri"))
    assert run(rp, "config", "show").returncode == 2  # no key in the environment
    new_key = os.path.join(rp.data_dir, "new.key")
    assert run(rp, "secrets", "keygen", "--key-file", new_key).returncode == 0


def test_import_legacy_reencrypts_a_seed_value(rp):
    key_file = keygen(rp)
    env = {"RP_SECRET_KEY_FILE": key_file, **LEGACY_ENV}
    proc = run(rp, "secrets", "import-legacy", "--for", "warehouse.uri",
               stdin=LEGACY_VALUE + "\n", env=env)
    assert proc.returncode == 0, proc.stderr
    imported = proc.stdout.strip()
    assert imported.startswith("enc:v1:")
    decrypted = run(rp, "secrets", "decrypt", "--for", "warehouse.uri", stdin=imported, env=env)
    assert decrypted.stdout == "AKIAEXAMPLEKEY000000\n"

    # The same through the options instead of the environment; a wrong salt is refused.
    options = ["--legacy-key", "youtube_project", "--legacy-iv", "youtube_encyptyo"]
    ok = run(rp, "secrets", "import-legacy", "--for", "warehouse.uri", *options,
             "--legacy-salt", "youtube_AesEncryption", stdin=LEGACY_VALUE,
             env={"RP_SECRET_KEY_FILE": key_file})
    assert ok.returncode == 0, ok.stderr
    wrong = run(rp, "secrets", "import-legacy", "--for", "warehouse.uri", *options,
                "--legacy-salt", "my_salt", stdin=LEGACY_VALUE,
                env={"RP_SECRET_KEY_FILE": key_file})
    assert wrong.returncode == 2
    assert "does not match the ones it was encrypted with" in wrong.stderr
    assert "AKIA" not in wrong.stdout + wrong.stderr
