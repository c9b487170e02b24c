#!/usr/bin/env bash
# Every figure of issue 22 in one run, each printed by its script beside the peer it
# measures in the same run; bench/RESULTS.md's issue-22 table is written from this log.
# Needs the bench extra (pip install -e '.[bench]'), WeasyPrint and Chromium for the
# PDF engines' side by side (each is skipped with a line when missing), PostgreSQL's
# binaries for the first sync (tests/pgserver.py), and about an hour on 2 cores.
#   bash bench/run_issue22.sh [LOG]     (default: bench/results/issue22.log)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
log=${1:-bench/results/issue22.log}
mkdir -p "$(dirname "$log")"
export PYTHONPATH=.

step() {  # step TITLE COMMAND...: run one script, its output, load and time into the log
  local title=$1
  shift
  local start=$SECONDS
  {
    echo
    echo "## $title"
    echo "\$ $*"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >>"$log"
  local status=0
  # (Qt's offscreen platform warns once a window: noise, left out)
  "$@" 2>&1 | { grep -v '^This plugin does not support propagateSizeHints()$' || true; } \
    >>"$log" || status=$?
  [ "$status" = 0 ] || echo "EXIT $status (the script failed)" >>"$log"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $((SECONDS - start)) s" >>"$log"
}

{
  echo "# issue 22: every figure from one run"
  echo "started $(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname), commit $(git rev-parse --short HEAD)"
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), $($python -V)"
} >"$log"

# Item 8: benchmarks that hold.
step "sentences: Golden Rules and speed beside pySBD" $python bench/bench_sentences.py
step "the import path beside extraction alone, paired page by page" \
  $python bench/bench_import.py --files 0
# Item 2: reports off the window; the PDF engines side by side.
step "the window while a 500-claim PDF exports; Cancel" \
  $python bench/bench_export_window.py --runs 3 --cancels 5
step "PDF engines side by side (500 claims), and 10,000 claims by Typst" \
  $python bench/bench_report.py --pdf-only --runs 1 \
  --engines typst,weasyprint,reportlab,qt,chromium
# Item 1: start-up independent of the file's size (builds the 1M-claim file if missing).
step "start-up on 1,000,000 claims beside the sample and python -c pass" \
  $python bench/bench_startup.py --runs 3
step "opening a database with and without the integrity check" \
  $python bench/bench_open.py
# Item 7: bounded memory for big merges.
step "first sync memory, batched beside one batch" \
  $python bench/bench_first_sync_memory.py --claims 50000
step "bundle merge memory, batched beside one transaction" \
  $python bench/bench_bundle_memory.py --claims 50000 1000000 --peer-up-to 50000
echo >>"$log"
echo "finished $(date -u '+%Y-%m-%d %H:%M UTC')" >>"$log"
