#!/usr/bin/env bash
# Load benchmarks of 'newsclf serve' (issue #12), server and load generator on this machine's loopback only:
# cold start to ready, single ~300-word stories with wrk at 1, 16 and 64 connections (requests/s, p50/p99,
# errors), /v1/tag/batch stories/s, the CLI's batch throughput on the same stories (the service's overhead as a
# ratio), and the server's RSS over a soak. Writes Markdown to benchmarks/SERVE-RESULTS.md.
#
#   bash benchmarks/serve.sh                         # about 5 minutes with the default 60 s soak
#   SOAK_SECONDS=600 bash benchmarks/serve.sh        # the 10-minute soak of the issue
#   LOAD_SECONDS=20 BATCH_STORIES=10000 bash benchmarks/serve.sh
#
# Every run is bounded: wrk runs for LOAD_SECONDS per level, the soak for SOAK_SECONDS, and the server is stopped
# (SIGTERM, then its exit code checked) at the end. Debian packages wrk and time are installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

load_seconds=${LOAD_SECONDS:-20}
soak_seconds=${SOAK_SECONDS:-60}
batch_stories=${BATCH_STORIES:-10000}
port=${PORT:-5181}
base="http://127.0.0.1:$port"
work=$(mktemp -d /tmp/newsclf-serve-bench.XXXXXX)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
log() { echo "== $*" >&2; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ensure() {
    command -v "$1" >/dev/null && return 0
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        log "installing $2"
        { apt-get install -y -q "$2" || { apt-get update -q && apt-get install -y -q "$2"; }; } >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null
}
ensure wrk wrk || { echo "serve.sh: wrk (Debian package 'wrk') is needed" >&2; exit 1; }
ensure curl curl || { echo "serve.sh: curl is needed" >&2; exit 1; }
if curl -s -o /dev/null "$base/healthz"; then
    echo "serve.sh: something already listens on $base; set PORT" >&2
    exit 1
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

log "publishing newsclf (Release, linux-x64, ReadyToRun)"
dotnet publish src/NewsClassifier.Cli -c Release -r linux-x64 --self-contained false -o "$work/app" >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }
newsclf=$work/app/newsclf

log "stories: $batch_stories corpus reports of 270-340 words"
python3 benchmarks/benchdata.py stories "$batch_stories" >"$work/stories.jsonl"
head -n 200 "$work/stories.jsonl" >"$work/bodies.jsonl"
words=$(head -n 200 "$work/stories.jsonl" | python3 -c 'import json,sys; r=[json.loads(l) for l in sys.stdin]; print(round(sum(len((x["title"]+" "+x["text"]).split()) for x in r)/len(r)))')

key=$("$newsclf" keys add bench --keys-file "$work/keys.json" 2>/dev/null)
# The benchmark measures the server, not the rate limiter: one key, no practical limit.
export Service__KeysFile=$work/keys.json Service__RequestsPerSecondPerKey=1000000 Service__BurstPerKey=1000000
export Service__MaxBatchStories=1000000

start_server() {
    "$newsclf" serve --urls "$base" >"$work/server.out" 2>"$work/server.err" &
    server_pid=$!
}
wait_ready() {
    local deadline=$(($(date +%s) + 60))
    until curl -s -o /dev/null -w '%{http_code}' "$base/readyz" 2>/dev/null | grep -q 200; do
        (($(date +%s) < deadline)) || { echo "serve.sh: server not ready after 60 s" >&2; cat "$work/server.err" >&2; exit 1; }
        sleep 0.01
    done
}
stop_server() {  # sets exit_code; not in $(...), which would run it in a subshell that cannot wait for the server
    kill -TERM "$server_pid"
    exit_code=0
    wait "$server_pid" || exit_code=$?
    server_pid=
}
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# --- Cold start: process start to the first 200 from /readyz (model loaded and verified), median of 5.
log "cold start to ready"
colds=()
cpus=()
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
for round in 0 1 2 3 4 5; do
    t0=$(now)
    start_server
    wait_ready
    t1=$(now)
    # CPU time to ready, less sensitive than wall time to other work on a shared machine.
    cpu=$(cpu_seconds "$server_pid")
    stop_server
    [[ $exit_code == 0 ]] || { echo "serve.sh: server exited $exit_code on SIGTERM" >&2; exit 1; }
    ((round == 0)) && continue   # the first round fills the file cache
    colds+=("$(calc "%.3f" "$t1 - $t0")")
    cpus+=("$cpu")
done
cold=$(echo "${colds[*]}" | median)
cold_cpu=$(echo "${cpus[*]}" | median)

start_server
wait_ready
pid=$server_pid

# --- Single stories with wrk: each request posts one of 200 stories in turn.
cat >"$work/post.lua" <<'LUA'
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local i = 0
request = function()
    i = i % #bodies + 1
    return wrk.format("POST", "/v1/tag", nil, bodies[i])
end
done = function(summary, latency, requests)
    io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f requests=%d non2xx=%d errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
wrk_run() {  # connections seconds
    local threads=$(($1 < 2 ? 1 : 2))
    BODIES=$work/bodies.jsonl wrk -t"$threads" -c"$1" -d"$2s" --timeout 10s -s "$work/post.lua" \
        -H "Authorization: Bearer $key" -H "Content-Type: application/json" "$base/v1/tag" | grep '^RESULT'
}
log "warm-up"
wrk_run 16 5 >/dev/null
rows=()
for c in 1 16 64; do
    log "wrk: $c connections, $load_seconds s"
    result=$(wrk_run "$c" "$load_seconds")
    eval "$(echo "$result" | sed 's/^RESULT //')"
    rows+=("| $c | $(calc "%.0f" "$rps") | $p50 | $p99 | $requests | $((non2xx + errors)) |")
done

# --- Batch: the same stories through /v1/tag/batch and through the CLI.
log "batch: $batch_stories stories through /v1/tag/batch, 3 runs"
batch_rates=()
for run in 1 2 3; do
    t0=$(now)
    curl -s --fail -X POST "$base/v1/tag/batch" -H "Authorization: Bearer $key" -H "Content-Type: application/x-ndjson" \
        --data-binary @"$work/stories.jsonl" -o "$work/batch.out"
    t1=$(now)
    out=$(wc -l <"$work/batch.out")
    [[ $out == "$batch_stories" ]] || { echo "serve.sh: batch gave $out records for $batch_stories stories" >&2; exit 1; }
    batch_errors=$(grep -c '"error"' "$work/batch.out" || true)
    batch_rates+=("$(calc "%.0f" "$batch_stories / ($t1 - $t0)")")
done
batch_rate=$(echo "${batch_rates[*]}" | median)

log "soak: wrk at 16 connections for $soak_seconds s, RSS sampled every 5 s"
rss_start=$(rss_mb "$pid")
BODIES=$work/bodies.jsonl wrk -t2 -c16 -d"${soak_seconds}s" --timeout 10s -s "$work/post.lua" \
    -H "Authorization: Bearer $key" -H "Content-Type: application/json" "$base/v1/tag" >"$work/soak.txt" &
soak_pid=$!
samples=()
while kill -0 "$soak_pid" 2>/dev/null; do
    samples+=("$(rss_mb "$pid")")
    sleep 5
done
wait "$soak_pid"
eval "$(grep '^RESULT' "$work/soak.txt" | sed 's/^RESULT //')"
soak_rps=$rps soak_errors=$((non2xx + errors)) soak_requests=$requests
rss_end=$(rss_mb "$pid")
# The first minute warms caches and pools; "flat" compares the end with the sample one minute in (or the first).
rss_ref=${samples[12]:-${samples[0]}}
rss_min=$(printf '%s\n' "${samples[@]}" | sort -n | head -1)
rss_max=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)
rss_change=$(calc "%+.1f" "($rss_end - $rss_ref) * 100 / $rss_ref")
stop_server

log "CLI: the same $batch_stories stories, --threads 2, 3 runs"
cli_rates=()
cli_walls=()
for run in 1 2 3; do
    t0=$(now)
    "$newsclf" tag "$work/stories.jsonl" --threads 2 --quiet --format jsonl >"$work/cli.out" 2>"$work/cli.err"
    t1=$(now)
    # newsclf's own summary times the tagging only (model load excluded), like the service's batch figure.
    cli_rates+=("$(grep -oE '[0-9]+ stories/s' "$work/cli.err" | tail -1 | cut -d' ' -f1)")
    cli_walls+=("$(calc "%.0f" "$batch_stories / ($t1 - $t0)")")
done
cli_rate=$(echo "${cli_rates[*]}" | median)

{
    echo "# newsclf serve benchmarks"
    echo
    echo "Measured by \`bash benchmarks/serve.sh\` (LOAD_SECONDS=$load_seconds, SOAK_SECONDS=$soak_seconds, BATCH_STORIES=$batch_stories)"
    echo "on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores,"
    echo "load average before the run $load_before, after it $(cut -d' ' -f1-3 /proc/loadavg). Server (ReadyToRun publish) and wrk share the machine, over 127.0.0.1."
    echo "Stories are corpus reports averaging $words words; each request posts one of 200 in turn."
    echo
    echo "| connections | requests/s | p50 ms | p99 ms | requests | errors (non-2xx + socket) |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "| measure | result |"
    echo "| --- | --- |"
    echo "| cold start to ready (process start to first 200 from /readyz), median of 5 | $cold s wall (runs: ${colds[*]}); $cold_cpu s CPU (user + sys) |"
    echo "| /v1/tag/batch, $batch_stories stories in one request, median of 3 | $batch_rate stories/s (runs: ${batch_rates[*]}; $batch_errors error records) |"
    echo "| CLI, \`newsclf tag stories.jsonl --threads 2\`, same stories, median of 3, its summary line (model load excluded) | $cli_rate stories/s (runs: ${cli_rates[*]}; with process start and model load: ${cli_walls[*]}) |"
    echo "| service batch / CLI batch | $(calc "%.2f" "$batch_rate / $cli_rate") |"
    echo "| soak: wrk 16 connections for $soak_seconds s | $(calc "%.0f" "$soak_rps") requests/s, $soak_requests requests, $soak_errors errors |"
    echo "| server RSS over the soak | $rss_start MB before, $rss_ref MB at 1 min (or first sample), $rss_end MB at the end ($rss_change%); min $rss_min, max $rss_max MB |"
    echo "| exit code after SIGTERM | $exit_code |"
} | tee benchmarks/SERVE-RESULTS.md
