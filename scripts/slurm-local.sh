#!/usr/bin/env bash
# slurm-local.sh start|stop|status: a one-node SLURM cluster on localhost,
# for the end-to-end test of `neurolab sweep slurm` (cmd/neurolab,
# TestSweepSlurmEndToEnd) and for trying sweeps without a cluster.
#
# Needs root and Debian's packages (no systemd needed):
#   apt-get install -y slurmctld slurmd slurm-client munge
# It writes /etc/slurm/slurm.conf (refusing to replace one it did not write),
# keeps state, spool and logs under $NEUROLAB_SLURM_DIR (default
# /tmp/neurolab-slurm), and stops the daemons by the PIDs in their pid files.
set -euo pipefail

base=${NEUROLAB_SLURM_DIR:-/tmp/neurolab-slurm}
conf=/etc/slurm/slurm.conf
marker="# written by neurolab scripts/slurm-local.sh"
munge_pid=/run/munge/munged.pid

die() { echo "slurm-local: $*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (it starts munged, slurmctld and slurmd)"
  for b in munged slurmctld slurmd sbatch scontrol; do
    command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] ||
      die "$b not found: apt-get install -y slurmctld slurmd slurm-client munge"
  done
}

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  chmod 755 /run/munge
  if ! alive "$munge_pid"; then
    runuser -u munge -- /usr/sbin/munged
  fi
  for _ in $(seq 50); do
    munge -n </dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "munged does not answer (see /var/log/munge/munged.log)"
}

write_conf() {
  if [ -e "$conf" ] && ! grep -qF "$marker" "$conf"; then
    die "$conf exists and was not written by this script; not replacing it"
  fi
  mkdir -p "$base/state" "$base/spool" "$base/log" /etc/slurm
  local cpus mem
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {print int($2/1024) - 512}' /proc/meminfo)
  [ "$mem" -gt 256 ] || mem=256
  cat >"$conf" <<EOF
$marker on $(date -u +%FT%TZ); remove with: scripts/slurm-local.sh stop
ClusterName=neurolab
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
StateSaveLocation=$base/state
SlurmdSpoolDir=$base/spool
SlurmctldPidFile=$base/slurmctld.pid
SlurmdPidFile=$base/slurmd.pid
SlurmctldLogFile=$base/log/slurmctld.log
SlurmdLogFile=$base/log/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  need_root
  start_munge
  write_conf
  alive "$base/slurmctld.pid" || /usr/sbin/slurmctld -f "$conf"
  alive "$base/slurmd.pid" || /usr/sbin/slurmd -f "$conf" -N localhost
  for _ in $(seq 150); do
    state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
    case "$state" in
      idle*|mixed*|allocated*) echo "slurm-local: up (node localhost $state, $(nproc) CPUs; logs in $base/log)"; return 0 ;;
      down*|drain*) scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.2
  done
  echo "slurm-local: the cluster did not come up in 30 s; last log lines:" >&2
  tail -n 20 "$base/log/slurmctld.log" "$base/log/slurmd.log" >&2 || true
  exit 1
}

stop_pid() {
  local f=$1
  if alive "$f"; then
    local pid
    pid=$(cat "$f")
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

stop() {
  need_root
  stop_pid "$base/slurmd.pid"
  stop_pid "$base/slurmctld.pid"
  stop_pid "$munge_pid"
  if [ -e "$conf" ] && grep -qF "$marker" "$conf"; then rm -f "$conf"; fi
  rm -rf "$base"
  echo "slurm-local: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) scontrol ping && sinfo ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
