#!/usr/bin/env bash
# Pretraining speed and peak memory of the harness (TrainBenchmark) beside a plain PyTorch version
# of the same network and step (bench/mae_bench.py), one configuration per process, same batch,
# masking and optimizer, one after the other on the same machine; prints a table with the ratios.
#
#   bash bench/compare.sh                                    # CPU: tiny, batch 64, fp32
#   DEVICE=gpu PRESETS="tiny base large" PRECISIONS="fp32 tf32 fp16 bf16" BATCH=256 bash bench/compare.sh
#
# Settings (environment): PRESETS (tiny), PRECISIONS (fp32), BATCH (64), STEPS (3, after one
# untimed step), MICRO (BATCH; the harness's micro-batch), DEVICE (cpu or gpu), THREADS (CPU
# threads, default: all cores), JAVA_RUN (how to start a Java main class: `java-cp` when the gpu-kit
# provides it, else `java -cp harness/target/harness.jar`), PYTHON (a python3 with torch; the
# PyTorch side is skipped without one), TIMEOUT (seconds per process, 900).
#
# Memory: on a CPU both sides report their peak resident set (VmHWM / ru_maxrss). On a GPU both are
# measured alike from outside, as the device's peak used memory minus what was used before the
# process started (nvidia-smi sampled every 100 ms); PyTorch also prints torch.cuda's own peaks.
# Precision: the harness's reduced precision is fp16 (bf16 is refused, see Precision.BFLOAT16_ABORT);
# the PyTorch side runs bf16 with its fused attention when its torch has one (2.0+), so the `best`
# row compares each side's fastest setting, as the goal in the README asks.
set -u
cd "$(dirname "$0")/.."
PRESETS=${PRESETS:-tiny}
PRECISIONS=${PRECISIONS:-fp32}
BATCH=${BATCH:-64}
STEPS=${STEPS:-3}
MICRO=${MICRO:-$BATCH}
DEVICE=${DEVICE:-cpu}
TIMEOUT=${TIMEOUT:-900}
THREADS=${THREADS:-$(nproc)}
export OMP_NUM_THREADS=$THREADS
if [ -z "${JAVA_RUN:-}" ]; then
    if command -v java-cp >/dev/null 2>&1; then JAVA_RUN=java-cp; else JAVA_RUN="java -cp harness/target/harness.jar"; fi
fi
if [ -z "${PYTHON:-}" ]; then
    PYTHON=
    for p in python3 /usr/bin/python3; do
        if "$p" -c 'import torch' >/dev/null 2>&1; then PYTHON=$p; break; fi
    done
fi
PY_ENV=()
# Debian's torch links the reference BLAS; OpenBLAS (libopenblas0-pthread) in its place is what a
# PyTorch user gets from pip's MKL build, within a factor the comparison can live with
OPENBLAS=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ "$DEVICE" = cpu ] && [ -e "$OPENBLAS/libblas.so.3" ]; then PY_ENV=(env "LD_LIBRARY_PATH=$OPENBLAS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"); fi
HAS_SMI=0
if [ "$DEVICE" != cpu ] && command -v nvidia-smi >/dev/null 2>&1; then HAS_SMI=1; fi
LOGS=${COMPARE_LOGS:-$(mktemp -d /tmp/compare.XXXXXX)}
mkdir -p "$LOGS"

gpu_used() { nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 | head -1 | tr -d ' '; }

# run NAME CMD...: runs one benchmark process, leaves its output in $LOGS/NAME.log and, on a GPU,
# the device's peak used memory above the starting level in $LOGS/NAME.gpumem
run() {
    local name=$1; shift
    local sampler=
    if [ $HAS_SMI = 1 ]; then
        gpu_used > "$LOGS/$name.base"
        nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 -lms 100 > "$LOGS/$name.smi" 2>/dev/null &
        sampler=$!
    fi
    timeout "$TIMEOUT" "$@" > "$LOGS/$name.log" 2>&1
    local rc=$?
    if [ -n "$sampler" ]; then
        kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
        awk -v base="$(cat "$LOGS/$name.base")" 'BEGIN{m=0} {v=$1+0; if (v>m) m=v} END{print m-base}' "$LOGS/$name.smi" > "$LOGS/$name.gpumem"
    fi
    echo "$rc" > "$LOGS/$name.rc"
}

field() { grep -o "$2=[^ ]*" "$LOGS/$1.log" 2>/dev/null | tail -1 | cut -d= -f2; }

# peak NAME: MiB, measured alike on both sides
peak() {
    if [ $HAS_SMI = 1 ]; then cat "$LOGS/$1.gpumem" 2>/dev/null; else field "$1" peak_rss_mib; fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0>0 && b+0>0) printf "%.2f", a/b; else print "-" }'; }

rows=()
for preset in $PRESETS; do
    best_h=0; best_p=0; best_hq=-; best_pq=-; best_hm=-; best_pm=-
    for precision in $PRECISIONS; do
        tag=$preset-$precision
        hq=$precision
        if [ "$precision" = bf16 ]; then
            hq=refused
        else
            env_tf32=()
            if [ "$precision" = tf32 ]; then env_tf32=(env TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1); fi
            echo "harness $tag: TrainBenchmark $preset $BATCH $STEPS $MICRO $DEVICE $precision" >&2
            # shellcheck disable=SC2086
            run "harness-$tag" "${env_tf32[@]}" $JAVA_RUN org.audiomaepp.models.train.TrainBenchmark \
                "$preset" "$BATCH" "$STEPS" "$MICRO" "$DEVICE" "$precision"
        fi
        attn=eager
        if [ -n "$PYTHON" ]; then
            if [ "$precision" = bf16 ] && "$PYTHON" -c 'import torch.nn.functional as F; F.scaled_dot_product_attention' >/dev/null 2>&1; then
                attn=fused
            fi
            echo "pytorch $tag: mae_bench.py $preset $BATCH $STEPS $DEVICE $precision --attn $attn" >&2
            run "pytorch-$tag" "${PY_ENV[@]}" "$PYTHON" bench/mae_bench.py "$preset" "$BATCH" "$STEPS" "$DEVICE" "$precision" --attn "$attn"
        fi
        h=$( [ "$hq" = refused ] && echo - || field "harness-$tag" clips_per_s ); h=${h:--}
        p=$(field "pytorch-$tag" clips_per_s); p=${p:--}
        hm=$( [ "$hq" = refused ] && echo - || peak "harness-$tag" ); hm=${hm:--}
        pm=$(peak "pytorch-$tag"); pm=${pm:--}
        rows+=("| $preset | $precision | $h | $p${attn:+ ($attn)} | $(ratio "$h" "$p") | $hm | $pm | $(ratio "$hm" "$pm") |")
        if awk -v a="$h" -v b="$best_h" 'BEGIN{exit !(a+0>b+0)}'; then best_h=$h; best_hq=$precision; best_hm=$hm; fi
        if awk -v a="$p" -v b="$best_p" 'BEGIN{exit !(a+0>b+0)}'; then best_p=$p; best_pq=$precision; best_pm=$pm; fi
    done
    if [ "$(echo "$PRECISIONS" | wc -w)" -gt 1 ]; then
        rows+=("| $preset | best: $best_hq vs $best_pq | $best_h | $best_p | $(ratio "$best_h" "$best_p") | $best_hm | $best_pm | $(ratio "$best_hm" "$best_pm") |")
    fi
done

what=$( [ $HAS_SMI = 1 ] && echo "GPU peak used MiB (nvidia-smi, above start)" || echo "peak RSS MiB" )
echo
echo "device=$DEVICE batch=$BATCH micro_batch=$MICRO steps=$STEPS threads=$THREADS python=${PYTHON:-none} logs=$LOGS"
grep -h "^engine:" "$LOGS"/harness-*.log 2>/dev/null | sort -u | sed 's/^/harness /'
grep -ho "torch=[^ ]*" "$LOGS"/pytorch-*.log 2>/dev/null | sort -u | sed 's/^/pytorch /'
if [ $HAS_SMI = 1 ]; then nvidia-smi --query-gpu=name,driver_version --format=csv,noheader -i 0 | sed 's/^/gpu /'; fi
echo
echo "| preset | precision | harness clips/s | PyTorch clips/s | harness / PyTorch | harness $what | PyTorch $what | harness / PyTorch |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
for f in "$LOGS"/*.rc; do
    [ "$(cat "$f")" = 0 ] || echo "note: $(basename "$f" .rc) exited $(cat "$f"); see ${f%.rc}.log"
done
