#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A single-node Apache Kafka broker in KRaft mode on loopback, for the integration tests
# (tests/integration/kafka) and for trying retailpipe against a real broker.
#
#   scripts/kafka_server.sh install   fetch Kafka's jars from Maven Central (Maven resolves
#                                     org.apache.kafka:kafka_2.13 and its runtime dependencies)
#   scripts/kafka_server.sh start     install if needed, format the storage once (random cluster
#                                     id), start the broker on 127.0.0.1:19092 (controller :19093)
#   scripts/kafka_server.sh stop      stop it
#   scripts/kafka_server.sh status    say whether it runs (exit 1 when stopped)
#   scripts/kafka_server.sh env       print the export the tests need (RP_TEST_KAFKA_URI)
#
# State lives under $RP_SERVICES_DIR (default <repo>/.services): kafka/ holds the jars (libs/),
# Maven's download cache (m2/), the config, the log segments (data/), the pid file and
# kafka.log. Idempotent: install when installed, start when running and stop when stopped do
# nothing. RP_KAFKA_PORT / RP_KAFKA_CONTROLLER_PORT move the ports, RP_KAFKA_HEAP the heap
# (default 512m), RP_KAFKA_WAIT_SECONDS the start-up wait (default 120). Needs Java 17 (installed
# with Debian's openjdk-17-jre-headless and maven packages when missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services="${RP_SERVICES_DIR:-$here/.services}"
state="$services/kafka"
kafka_version=3.9.1
scala_version=2.13
dependency_plugin_version=3.8.1
host=127.0.0.1
port="${RP_KAFKA_PORT:-19092}"
controller_port="${RP_KAFKA_CONTROLLER_PORT:-19093}"
heap="${RP_KAFKA_HEAP:-512m}"
wait_seconds="${RP_KAFKA_WAIT_SECONDS:-120}"
pid_file="$state/kafka.pid"
log_file="$state/kafka.log"

log() { echo "kafka_server: $*" >&2; }
die() { log "$*"; exit 1; }

# --- install -------------------------------------------------------------------------------

install_packages() {
  local missing=() p
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]}"
  local sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

installed() { [[ "$(cat "$state/libs/.installed" 2>/dev/null)" == "$kafka_version" ]]; }

# A throw-away project whose only purpose is to make Maven resolve the broker's runtime
# classpath. slf4j-reload4j gives the broker a log backend (Kafka 3.9 logs through reload4j).
write_pom() {
  cat >"$state/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>retailpipe.test</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_$scala_version</artifactId>
      <version>$kafka_version</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>$dependency_plugin_version</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
}

cmd_install() {
  install_packages
  if installed; then
    log "kafka $kafka_version already installed in $state/libs"
    return 0
  fi
  mkdir -p "$state"
  [[ -f $services/.gitignore ]] || echo '*' >"$services/.gitignore"
  write_pom
  rm -rf "$state/libs.partial"
  log "resolving org.apache.kafka:kafka_$scala_version:$kafka_version and its runtime dependencies"
  if ! mvn -B -Dstyle.color=never -f "$state/pom.xml" -Dmaven.repo.local="$state/m2" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$state/libs.partial" \
    >"$state/maven.log" 2>&1; then
    tail -n 30 "$state/maven.log" >&2
    die "maven could not fetch the Kafka jars (is Maven Central reachable?); see $state/maven.log"
  fi
  ls "$state/libs.partial"/kafka_"$scala_version"-"$kafka_version".jar >/dev/null 2>&1 ||
    die "maven finished but kafka_$scala_version-$kafka_version.jar is missing in $state/libs.partial"
  echo "$kafka_version" >"$state/libs.partial/.installed"
  rm -rf "$state/libs"
  mv "$state/libs.partial" "$state/libs"
  log "installed kafka $kafka_version ($(find "$state/libs" -name '*.jar' | wc -l) jars) in $state/libs"
}

# --- start / stop --------------------------------------------------------------------------

running() { [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

write_config() {
  # A private test broker: one node that is both broker and controller, replication factor 1,
  # no group rebalance delay so tests do not wait 3 s for each consumer group.
  cat >"$state/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$controller_port
listeners=PLAINTEXT://$host:$port,CONTROLLER://$host:$controller_port
advertised.listeners=PLAINTEXT://$host:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$state/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
group.initial.rebalance.delay.ms=0
log.retention.hours=24
log.segment.bytes=67108864
PROPS
  cat >"$state/log4j.properties" <<'LOG4J'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.Target=System.err
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
LOG4J
}

java_args=(-Xmx"$heap" -Xms128m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  -Dlog4j.configuration="file:$state/log4j.properties" -cp "$state/libs/*")

format_storage() {
  [[ -f $state/data/meta.properties ]] && return 0
  local cluster_id
  cluster_id="$(java "${java_args[@]}" kafka.tools.StorageTool random-uuid 2>>"$log_file" | tail -n 1)"
  [[ -n $cluster_id ]] || die "could not make a cluster id; see $log_file"
  log "formatting $state/data (cluster id $cluster_id)"
  java "${java_args[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$state/server.properties" \
    >>"$log_file" 2>&1 || { tail -n 20 "$log_file" >&2; die "formatting the storage failed"; }
}

# Replace this shell with the broker, so the recorded pid is the JVM's.
exec_broker() {
  echo $$ >"$pid_file"
  exec java "${java_args[@]}" kafka.Kafka "$state/server.properties"
}

# Print what the broker logged as errors, then the end of its log.
show_log() {
  grep -E '^\[[^]]*\] (ERROR|FATAL)' "$log_file" | tail -n 5 >&2 || true
  echo "--- last lines of $log_file:" >&2
  tail -n 15 "$log_file" >&2
}

port_open() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

# The port opens before the broker has caught up with its metadata; the log line marks the end.
ready() { port_open && grep -q "Kafka Server started" "$log_file" 2>/dev/null; }

cmd_start() {
  if running; then
    log "already running (pid $(cat "$pid_file")) on $host:$port"
    return 0
  fi
  installed || cmd_install
  mkdir -p "$state/data"
  if port_open; then die "$host:$port is taken by another process; stop it or set RP_KAFKA_PORT"; fi
  write_config
  : >"$log_file"
  format_storage
  # setsid: the broker outlives this script and the terminal or CI step that started it.
  setsid nohup "$here/scripts/kafka_server.sh" run-broker </dev/null >>"$log_file" 2>&1 &
  echo $! >"$pid_file"
  local i
  for ((i = 0; i < wait_seconds * 4; i++)); do
    if ready; then
      log "kafka $kafka_version running (pid $(cat "$pid_file")) on $host:$port, log $log_file"
      return 0
    fi
    if ! running; then
      show_log
      rm -f "$pid_file"
      die "the broker exited while starting; see $log_file"
    fi
    sleep 0.25
  done
  show_log
  die "the broker did not answer on $host:$port within ${wait_seconds}s (still running as pid" \
    "$(cat "$pid_file"); stop it with: $0 stop); see $log_file"
}

cmd_stop() {
  if ! running; then
    log "not running"
    rm -f "$pid_file"
    return 0
  fi
  local pid i
  pid="$(cat "$pid_file")"
  kill -TERM "$pid"
  # A clean shutdown writes the log segments' end; give it time before forcing.
  for ((i = 0; i < 240; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop within 60s; killing it"
    kill -KILL "$pid"
  fi
  rm -f "$pid_file"
  log "stopped"
}

cmd_status() {
  if running; then
    echo "kafka: running (pid $(cat "$pid_file")) on $host:$port"
    return 0
  fi
  echo "kafka: stopped"
  return 1
}

cmd_env() { echo "export RP_TEST_KAFKA_URI=kafka://$host:$port"; }

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  run-broker) exec_broker ;;  # internal: the process cmd_start puts in the background
  *) echo "usage: $0 {install|start|stop|status|env}" >&2; exit 2 ;;
esac
