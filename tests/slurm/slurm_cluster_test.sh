#!/usr/bin/env bash
# Scale-out on a real Slurm: starts a private single-node cluster (munged, slurmctld -D,
# slurmd -D) as ordinary background processes in a temporary folder, submits the
# benchmark as a 3-task job array plus the merge job (afterok), and checks that the
# merged store holds exactly the rows of a single unsharded run (sizes, lossless flags;
# times ignored). The daemons it started are stopped by pid, also when the test fails.
# If the daemons cannot start, the test fails and prints the scheduler's own log lines.
#
# usage: slurm_cluster_test.sh BITSKY_CLI REPO_ROOT
set -euo pipefail
CLI=$(readlink -f "$1")
ROOT=$(readlink -f "$2")
TIMEOUT_S=${BITSKY_SLURM_TIMEOUT:-170}
CODECS=rice,jpegls

tmp=$(mktemp -d /tmp/bitsky-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
dump_logs() {
  for f in "$tmp"/log/*; do
    [ -s "$f" ] || continue
    echo "---- $(basename "$f") (last 25 lines)"; tail -n 25 "$f"
  done
}
cleanup() {
  rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ $rc -ne 0 ]; then echo "slurm test FAILED (exit $rc)"; dump_logs; fi
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
fail() { echo "slurm test: $*" >&2; exit 1; }

for tool in munged slurmctld slurmd sbatch squeue scontrol sinfo sqlite3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (bootstrap installs slurm-wlm, munge, sqlite3)"
done

mkdir -p "$tmp"/{munge,state,spool,log,results}
chmod 700 "$tmp/munge"
head -c 1024 /dev/urandom > "$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
sock="$tmp/munge/munge.sock"

# Free TCP ports for the two daemons.
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  fail "no free TCP port"
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((ctld_port + 1))

munged -F -f --key-file="$tmp/munge/munge.key" --socket="$sock" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/seed" > "$tmp/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || fail "munged did not create its socket"

node=$(hostname -s)
user=$(id -un)
cat > "$tmp/slurm.conf" <<CONF
ClusterName=bitskytest
SlurmctldHost=${node}(127.0.0.1)
SlurmUser=${user}
SlurmdUser=${user}
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
AuthType=auth/munge
AuthInfo=socket=${sock}
CredType=cred/munge
StateSaveLocation=${tmp}/state
SlurmdSpoolDir=${tmp}/spool
SlurmctldPidFile=${tmp}/slurmctld.pid
SlurmdPidFile=${tmp}/slurmd.pid
SlurmctldLogFile=${tmp}/log/slurmctld.log
SlurmdLogFile=${tmp}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
InactiveLimit=0
KillWait=5
NodeName=${node} NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 256 )) State=UNKNOWN
PartitionName=bitsky Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"

slurmctld -D -i -f "$SLURM_CONF" > "$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$tmp/log/slurmd.out" 2>&1 &
pids+=($!)

up=0
for _ in $(seq 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then up=1; break; fi
  sleep 0.5
done
[ $up -eq 1 ] || fail "the single-node cluster did not come up within 30 s"
echo "slurm test: cluster up ($(sinfo -h -o '%P %D %T'))"

"$CLI" sample --out "$tmp/sky" > /dev/null

start=$(date +%s)
array_id=$(BITSKY_CLI="$CLI" sbatch --parsable --array=0-2 --cpus-per-task=1 --mem-per-cpu=500M --time=10 \
  --export=ALL,BITSKY_CLI="$CLI" -o "$tmp/log/array-%a.log" \
  "$ROOT/packaging/slurm/bitsky-array.sbatch" "$tmp/sky" "$CODECS" "$tmp/results")
merge_id=$(sbatch --parsable --dependency=afterok:"$array_id" --cpus-per-task=1 --mem=1G --time=10 \
  --export=ALL,BITSKY_CLI="$CLI" -o "$tmp/log/merge.log" \
  "$ROOT/packaging/slurm/bitsky-merge.sbatch" "$tmp/results" "$tmp/results/merged.db")
echo "slurm test: submitted array $array_id and merge $merge_id"

state=""
while :; do
  state=$(scontrol show job "$merge_id" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
  [ $(( $(date +%s) - start )) -lt "$TIMEOUT_S" ] || fail "merge job not finished after ${TIMEOUT_S} s (state '$state')"
  sleep 1
done
[ "$state" = COMPLETED ] || fail "merge job ended in state $state"
echo "slurm test: array and merge finished in $(( $(date +%s) - start )) s"
for k in 1 2 3; do [ -f "$tmp/results/shard-$k-of-3.db" ] || fail "shard store $k of 3 missing"; done

# The reference: one unsharded run on the same data.
"$CLI" bench --db "$tmp/single.db" --codecs "$CODECS" --progress none "$tmp/sky" > "$tmp/log/single.log" 2>&1 \
  || fail "unsharded reference run failed: $(tail -5 "$tmp/log/single.log")"

rows() {
  sqlite3 -readonly "$1" "SELECT i.path, i.hdu, r.frame, c.spec, r.raw_bytes, r.compressed_bytes, r.lossless_ok,
    COALESCE(r.error, '') FROM results r JOIN images i ON i.id = r.image_id JOIN codecs c ON c.id = r.codec_id
    ORDER BY 1, 2, 3, 4;"
}
rows "$tmp/single.db" > "$tmp/single.rows"
rows "$tmp/results/merged.db" > "$tmp/merged.rows"
n=$(wc -l < "$tmp/single.rows")
[ "$n" -gt 20 ] || fail "the reference run has only $n results"
if ! diff -q "$tmp/single.rows" "$tmp/merged.rows" > /dev/null; then
  diff "$tmp/single.rows" "$tmp/merged.rows" | head -20
  fail "merged store differs from the unsharded run"
fi
[ "$(sqlite3 -readonly "$tmp/results/merged.db" 'PRAGMA integrity_check;')" = ok ] || fail "merged store fails integrity_check"
echo "slurm test: merged store equals the unsharded run ($n results)"
