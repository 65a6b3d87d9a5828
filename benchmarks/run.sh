#!/usr/bin/env bash
# Whole-process benchmarks for the speed targets of issue #6: cold start, batch throughput, peak memory,
# page intake (issue #16), full retrain, and fastText side by side. Prints Markdown and writes it to benchmarks/RESULTS.md.
#
#   bash benchmarks/run.sh                      # from the repository root (any folder works)
#   BENCH_BUDGET=1800 bash benchmarks/run.sh    # seconds for the 100k/1M tagging runs (default 720)
#
# The large runs are planned from the speed measured on 10k stories: a size that would not finish within
# BENCH_BUDGET is skipped and the table says so, so that the whole script stays near 15 minutes on 2 cores.
# Debian packages (fasttext, time) are installed only when missing; offline, the step falls back or is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

budget=${BENCH_BUDGET:-720}
labels=energy,safety,law,diplomacy
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d /tmp/newsclf-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
rows=()
notes=()

log() { echo "== $*" >&2; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
row() { local line="|" cell; for cell in "$@"; do line+=" $cell |"; done; rows+=("$line"); }
size() { awk -v n="$1" 'BEGIN { print (n >= 1000000) ? n / 1000000 "M" : n / 1000 "k" }'; }

# Installs a Debian package when its command is missing; returns non-zero when the command is still unavailable.
ensure() {
    command -v "$1" >/dev/null && return 0
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        log "installing $2"
        { apt-get install -y -q "$2" || { apt-get update -q && apt-get install -y -q "$2"; }; } >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null
}

ensure /usr/bin/time time || { echo "run.sh: /usr/bin/time (Debian package 'time') is needed to measure time and memory" >&2; exit 1; }

# --- Publish: the same RID for both builds, so the only difference measured is ReadyToRun (set explicitly both
# ways, since the CLI project turns it on for any RID-specific publish).
log "publishing newsclf (Release, linux-x64), with and without ReadyToRun"
publish() { dotnet publish src/NewsClassifier.Cli -c Release -r linux-x64 --self-contained false -o "$work/$1" "${@:2}" >>"$work/publish.log" 2>&1; }
publish jit -p:PublishReadyToRun=false || { cat "$work/publish.log" >&2; exit 1; }
publish r2r -p:PublishReadyToRun=true || { notes+=("ReadyToRun publish failed (offline without the crossgen pack?); only the JIT build was measured."); rm -rf "$work/r2r"; }

# --- Cold start: one sample story, model load included. The builds take turns so that both see the same load on a
# shared machine; a first round fills the file cache, then the median of 5 rounds, wall and CPU (user + sys).
log "cold start"
builds=(jit)
[[ -x $work/r2r/newsclf ]] && builds+=(r2r)
declare -A walls cpus
for round in 0 1 2 3 4 5; do
    for b in "${builds[@]}"; do
        /usr/bin/time -f "%e %U %S" -o "$work/cold.txt" "$work/$b/newsclf" tag samples/story.txt --format jsonl >/dev/null 2>&1
        ((round == 0)) && continue
        read -r wall user sys <"$work/cold.txt"
        walls[$b]+="$wall " cpus[$b]+="$(calc "%.2f" "$user + $sys") "
    done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A cold_wall cold_text
declare -A names=([jit]="plain JIT build" [r2r]="ReadyToRun build")
for b in "${builds[@]}"; do
    cold_wall[$b]=$(median <<<"${walls[$b]}")
    cold_text[$b]="${cold_wall[$b]} s wall, $(median <<<"${cpus[$b]}") s CPU"
done
chosen=jit
if [[ -n ${cold_wall[r2r]:-} ]] && awk "BEGIN { exit !(${cold_wall[r2r]} < ${cold_wall[jit]}) }"; then
    chosen=r2r
fi
clf=$work/$chosen/newsclf other=""
for b in "${builds[@]}"; do
    [[ $b == "$chosen" ]] || other="; ${names[$b]}: ${cold_text[$b]}"
done
row "Cold start: \`newsclf tag samples/story.txt --format jsonl\`, median of 5" "${cold_text[$chosen]} (${names[$chosen]}${other})" "<= 0.8 s" \
    "$(awk "BEGIN { print (${cold_wall[$chosen]} <= 0.8) ? \"yes\" : \"**no**\" }")"

# --- Batch runs: ~300-word corpus stories cycled with fresh ids (benchmark input, not training data).
declare -A rate rss cpu cores
# tag_run N THREADS: files for up to 100k stories; larger inputs are streamed from the generator, never written out.
tag_run() {
    local n=$1 threads=$2 input=$work/$1.jsonl
    log "tagging $n stories with --threads $threads"
    local tag=(/usr/bin/time -v -o "$work/time.txt" "$clf" tag --threads "$threads" --format jsonl --quiet)
    if ((n <= 100000)); then
        [[ -f $input ]] || python3 benchmarks/benchdata.py stories "$n" >"$input"
        "${tag[@]}" "$input" >/dev/null 2>"$work/tag.err" || true
    else
        python3 benchmarks/benchdata.py stories "$n" | "${tag[@]}" - >/dev/null 2>"$work/tag.err" || true
    fi
    # newsclf's own summary times the tagging only (after the model is loaded): "...; 12.34 s, 810 stories/s".
    rate[$n/$threads]=$(grep -oE '[0-9]+ stories/s' "$work/tag.err" | tail -1 | cut -d' ' -f1)
    [[ -n ${rate[$n/$threads]} ]] || { cat "$work/tag.err" >&2; exit 1; }
    rss[$n/$threads]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")
    cpu[$n/$threads]=$(awk -F': ' -v n="$n" '/User time|System time/ { s += $2 } END { printf "%.2f", s * 1000 / n }' "$work/time.txt")
    # CPU time over wall time: on a shared machine this shows whether the run really had the cores it asked for.
    cores[$n/$threads]=$(awk -F': ' '/User time|System time/ { s += $2 }
        /Elapsed/ { k = split($2, t, ":"); w = (k == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        END { printf "%.2f", s / w }' "$work/time.txt")
}
fits() { awk "BEGIN { exit !($1 <= $budget - ($(date +%s) - $batch_started)) }"; }

batch_started=$(date +%s)
tag_run 10000 1
tag_run 10000 2
sizes=(10000)
for n in 100000 1000000; do
    need1=$((n / rate[10000/1])) need2=$((n / rate[10000/2]))
    if ((n == 100000)) && fits $((need1 + need2)); then
        tag_run "$n" 1; tag_run "$n" 2; sizes+=("$n")
    elif fits "$need2"; then
        ((n > 100000)) || notes+=("$(size "$n") stories were tagged with --threads 2 only: --threads 1 as well would take ~$((need1 + need2)) s, beyond BENCH_BUDGET=${budget} s.")
        tag_run "$n" 2; sizes+=("$n")
    else
        notes+=("Skipped $(size "$n") stories: at the measured ${rate[10000/2]} stories/s it would take ~${need2} s, beyond BENCH_BUDGET=${budget} s.")
    fi
done
rm -f "$work"/*.jsonl

for n in "${sizes[@]}"; do
    for threads in 1 2; do
        [[ -n ${rate[$n/$threads]:-} ]] || continue
        target="" met=""
        if [[ $threads == 2 ]]; then
            target=">= 2,000 stories/s"
            met=$( ((rate[$n/2] >= 2000)) && echo yes || echo "**no**")
        fi
        row "Throughput, $(size "$n") stories, --threads $threads" "${rate[$n/$threads]} stories/s (${cpu[$n/$threads]} ms CPU per story, ${cores[$n/$threads]} cores busy)" "$target" "$met"
    done
done
largest=${sizes[-1]}
for n in "${sizes[@]}"; do
    target="" met=""
    if ((n == 100000)); then
        target="<= 400 MB"
        met=$( ((rss[$n/2] <= 400)) && echo yes || echo "**no**")
    fi
    if ((n > 10000)); then
        smaller=$((n / 10))
        growth=$(calc "%+.0f" "(${rss[$n/2]} / ${rss[$smaller/2]} - 1) * 100")
        target="${target:+$target; }flat at 10x"
        met="${met:+$met; }$(awk "BEGIN { print ($growth <= 10) ? \"yes\" : \"**no**\" }") (${growth}% vs $(size "$smaller"))"
    fi
    row "Peak memory (max RSS), $(size "$n") stories, --threads 2" "${rss[$n/2]} MB" "$target" "$met"
done
((largest >= 100000)) || notes+=("Peak memory at 100k and its 10x were not reached within the budget: the flatness check compares nothing; rerun with a larger BENCH_BUDGET.")

# --- The accurate model (models-accurate: a sentence embedding added to the TF-IDF features), for single stories.
# About a hundred times slower than the fast model, so 200 stories are enough for its rate; its memory is the
# ONNX model's (+~400 MB), not the batch's.
if [[ -f models-accurate/model-card.json ]]; then
    accurate_n=200
    python3 benchmarks/benchdata.py stories "$accurate_n" >"$work/accurate.jsonl"
    for threads in 1 2; do
        log "accurate model: tagging $accurate_n stories with --threads $threads"
        /usr/bin/time -v -o "$work/time.txt" "$clf" tag --model models-accurate --threads "$threads" --format jsonl --quiet \
            "$work/accurate.jsonl" >/dev/null 2>"$work/tag.err" || true
        accurate_rate=$(grep -oE '[0-9]+ stories/s' "$work/tag.err" | tail -1 | cut -d' ' -f1)
        [[ -n $accurate_rate ]] || { cat "$work/tag.err" >&2; exit 1; }
        accurate_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")
        accurate_cpu=$(awk -F': ' -v n="$accurate_n" '/User time|System time/ { s += $2 } END { printf "%.1f", s * 1000 / n }' "$work/time.txt")
        row "Accurate model (\`--model models-accurate\`), $accurate_n stories, --threads $threads" \
            "$accurate_rate stories/s ($accurate_cpu ms CPU per story, model load included), $accurate_rss MB max RSS" "" ""
    done
fi

# --- Worst case for the tokenizer (issue 15, case 6): one story of "U.S." 200,000 times, 800,000 characters, under the
# default --max-length. Each dot used to rescan the word built so far (133 s); linear work takes about a second.
log "tagging the dotted-word worst case"
python3 -c 'import json; print(json.dumps({"id": "us-200k", "text": "U.S." * 200000}))' >"$work/worst.jsonl"
t0=$(now)
"$clf" tag "$work/worst.jsonl" --format jsonl --quiet >/dev/null 2>"$work/worst.err" || true
worst=$(calc "%.2f" "$(now) - $t0")
rm -f "$work/worst.jsonl"
row "Worst case: one story of \`U.S.\` x 200,000 (800k characters), whole process" "${worst} s" "<= 5 s (linear)" \
    "$(awk "BEGIN { print ($worst <= 5) ? \"yes\" : \"**no**\" }")"

# --- Page intake (issue #16): the annotated pages' text as a scraper delivers it, cycled to 20,000 page files, split into
# stories by 'newsclf split-pages' (no tagging), which reports pages/s after start-up like tag does.
log "splitting 20,000 pages"
python3 - "$work/pages" <<'PY'
import glob, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
pages = []
for f in sorted(glob.glob("training-data/pages/*.page.tsv")):
    lines = open(f, encoding="utf-8").read().split("\n")
    pages.append("\n".join(l.split("\t", 1)[1] if "\t" in l else "" for l in lines if not l.startswith("#\t")))
for i in range(20000):
    open(os.path.join(out, "%05d.txt" % i), "w", encoding="utf-8").write(pages[i % len(pages)])
PY
for threads in 1 2; do
    /usr/bin/time -v -o "$work/time.txt" "$clf" split-pages "$work/pages" --threads "$threads" -o "$work/split.jsonl" 2>"$work/split.err" || true
    prate=$(grep -oE '[0-9]+ pages/s' "$work/split.err" | tail -1 | cut -d' ' -f1)
    [[ -n $prate ]] || { cat "$work/split.err" >&2; exit 1; }
    pcpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.3f", s * 1000 / 20000 }' "$work/time.txt")
    pcores=$(awk -F': ' '/User time|System time/ { s += $2 }
        /Elapsed/ { k = split($2, t, ":"); w = (k == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        END { printf "%.2f", s / w }' "$work/time.txt")
    target="" met=""
    if [[ $threads == 2 ]]; then
        target=">= 2,000 pages/s"
        met=$( ((prate >= 2000)) && echo yes || echo "**no**")
    fi
    row "Page intake: \`newsclf split-pages\` on 20k pages (~1,450 characters, ~22 lines), --threads $threads" "${prate} pages/s (${pcpu} ms CPU per page, ${pcores} cores busy)" "$target" "$met"
done
rm -rf "$work/pages"

# --- Full retrain of the shipped model, with the trainer its card names.
trainer=$(python3 -c 'import json; print(json.load(open("models/model-card.json"))["trainer"])')
case $trainer in
    LinearSvm) short=svm ;; SdcaLogisticRegression) short=sdca ;; LbfgsLogisticRegression) short=lbfgs ;;
    FastTree) short=fasttree ;; LightGbm) short=lightgbm ;; *) short=auto ;;
esac
log "retraining ($trainer)"
t0=$(now)
if "$clf" train --data training-data/corpus.jsonl --out "$work/retrained" --labels "$labels" --trainer "$short" >/dev/null 2>"$work/train.err"; then
    retrain=$(calc "%.0f" "$(now) - $t0")
    row "Full retrain: \`newsclf train --trainer $short\` (topics and country models)" "${retrain} s" "<= 300 s" "$( ((retrain <= 300)) && echo yes || echo "**no**")"
else
    retrain="failed"
    row "Full retrain: \`newsclf train --trainer $short\`" "failed: $(tail -1 "$work/train.err")" "<= 300 s" "**no**"
fi

# --- fastText side by side on the same train and test splits, and the same ~300-word stories for throughput.
log "evaluating newsclf and fastText on the test split"
"$clf" evaluate --data training-data/corpus.jsonl --split test --format json --report "$work/report" >"$work/eval.json"
read -r ours test_stories < <(python3 -c 'import json, sys; e = json.load(open(sys.argv[1])); print("%.3f" % e["macroF1"], e["stories"])' "$work/eval.json")
compare=("| newsclf ($trainer, shipped model) | $ours | ${rate[10000/1]} (2 threads: ${rate[10000/2]}) | ${retrain} s (with country models) |")
if ensure fasttext fasttext; then
    python3 benchmarks/benchdata.py fasttext train >"$work/ft-train.txt"
    python3 benchmarks/benchdata.py fasttext test >"$work/ft-test.txt"
    python3 benchmarks/benchdata.py stories 10000 --fasttext >"$work/ft-10k.txt"
    head -1 "$work/ft-10k.txt" >"$work/ft-1.txt"
    ft_version=$(dpkg-query -W -f='${Version}' fasttext 2>/dev/null | cut -d+ -f1 || true)
    # The issue's settings use fastText's default learning rate (0.1), which underfits 1,900 stories; lr 1.0 was
    # the best of 0.1, 0.25, 0.5 and 1.0 on the validation split, so both are shown.
    for lr in default 1.0; do
        t0=$(now)
        extra=()
        [[ $lr == default ]] || extra=(-lr "$lr")
        fasttext supervised -input "$work/ft-train.txt" -output "$work/ft" -loss ova -epoch 25 -wordNgrams 2 -dim 50 -thread 2 \
            -verbose 0 "${extra[@]}" >/dev/null
        train_s=$(calc "%.0f" "$(now) - $t0")
        fasttext predict-prob "$work/ft.bin" "$work/ft-test.txt" -1 0.5 >"$work/ft-pred.txt"
        f1=$(python3 benchmarks/benchdata.py macro-f1 test "$work/ft-pred.txt")
        # Time one story and 10,000, so the rate leaves out model load as newsclf's summary does.
        t0=$(now); fasttext predict-prob "$work/ft.bin" "$work/ft-1.txt" -1 0.5 >/dev/null; t1=$(now)
        fasttext predict-prob "$work/ft.bin" "$work/ft-10k.txt" -1 0.5 >/dev/null; t2=$(now)
        ft_rate=$(calc "%.0f" "9999 / (($t2 - $t1) - ($t1 - $t0))")
        compare+=("| fastText ${ft_version}, \`-loss ova -epoch 25 -wordNgrams 2 -dim 50\`${extra[*]:+ \`${extra[*]}\`} | $(calc "%.3f" "$f1") | ${ft_rate} (predict is single-threaded) | ${train_s} s |")
        rm -f "$work"/ft.bin "$work"/ft.vec
    done
else
    notes+=("fastText is not installed and could not be (offline?): its rows are missing.")
fi

# --- Report.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git status --porcelain -- src models 2>/dev/null) ]] || commit+=" with uncommitted changes in src/ or models/"
report=$(
    echo "# Benchmark results"
    echo
    echo "\`bash benchmarks/run.sh\` on $(date -u +%Y-%m-%d), commit ${commit}; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), .NET $(dotnet --version)."
    echo "Load average before and after: ${load_before} / $(cut -d' ' -f1-3 /proc/loadavg); the run took $(( ($(date +%s) - started) / 60 )) min."
    echo "Stories are the corpus stories of 270-340 words (~285 on average), cycled with fresh ids; throughput is newsclf's own summary (model load excluded)."
    echo "CPU per story and cores busy (CPU time / wall time) cover the whole process; fewer cores busy than threads means the run did not get its cores."
    echo
    echo "| Measure | Result | Target | Met |"
    echo "| --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Side by side on the same splits (topic macro-F1 over ${labels//,/, } on the ${test_stories} test stories; throughput on the same 10,000 stories):"
    echo
    echo "| System | Topic macro-F1 | Stories/s, 1 thread | Training |"
    echo "| --- | --- | --- | --- |"
    printf '%s\n' "${compare[@]}"
    if ((${#notes[@]} > 0)); then
        echo
        printf -- '- %s\n' "${notes[@]}"
    fi
)
echo "$report"
echo "$report" >benchmarks/RESULTS.md
