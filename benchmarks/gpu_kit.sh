#!/usr/bin/env bash
# The GPU checks of the deferred data path (issue 22), prepared for a session that is lent a
# GPU machine through the device tool, whose minutes are few.
#
#   bash benchmarks/gpu_kit.sh fetch   # here: the wheels the GPU machine lacks, into .whl/
#   bash benchmarks/gpu_kit.sh run     # there: run(command="bash benchmarks/gpu_kit.sh run",
#                                      #   carry=[".whl"], timeout_s=600)
#
# The GPU machine's image has Python 3.12 with torch, timm, numpy and pytest but no GDAL
# stack: `fetch` downloads rasterio, pyproj, rtree and pydantic (and what they import) for
# CPython 3.12, about 50 MB, within the 64 MiB that travel with the working tree. `run`
# installs them under /tmp/site, then, each step under its own time limit (about 8 minutes in
# all), writes to $OUT (./gpu-out where OUT is unset):
#   env.txt        the card, torch and the library versions;
#   cuda-tests.txt the CUDA tests (batched Resample on the GPU equals the CPU);
#   sampling.md    benchmarks/sampling.py on the GPU: raw, eager and deferred (Resample on the
#                  device, in the timed part) random sampling, the README's GPU table;
#   train_feed.txt benchmarks/train_feed.py: a ResNet-50 fed by the deferred loader, the eager
#                  loader and synthetic tensors on the device (step times, the issue's target).
# DEVICE=cpu QUICK=1 runs the same steps small on a machine without a GPU (a smoke run).
set -u
cd "$(dirname "$0")/.."

fetch() {
    grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >> .git/info/exclude
    mkdir -p .whl
    local platforms=()
    for p in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_24_x86_64 \
             manylinux_2_17_x86_64 manylinux2014_x86_64 manylinux1_x86_64; do
        platforms+=(--platform "$p")
    done
    # pinned to what the CI tests here; fiona, shapely and kornia are not needed by the checks
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
        --implementation cp "${platforms[@]}" -d .whl \
        rasterio==1.4.4 pyproj==3.7.2 rtree==1.4.1 affine==3.0.1 cligj==0.7.2 \
        click-plugins==1.1.1.2 pydantic==2.14.4 pydantic-core==2.50.5 annotated-types==0.8.0 \
        typing-inspection==0.4.5 || exit 1
    du -sh .whl
}

run() {
    local out="${OUT:-gpu-out}" device="${DEVICE:-cuda}" quick="${QUICK:-0}"
    mkdir -p "$out"
    if [ -d .whl ] && ls .whl/*.whl > /dev/null 2>&1; then
        python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
            --target /tmp/site .whl/*.whl || exit 1
        export PYTHONPATH=/tmp/site
    fi
    local src=geoplug-core/src:geoplug-datasets/src:geoplug-models/src:geoplug-trainers/src
    export PYTHONPATH="$src${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
    # the registry's entry points, where this pip can build the packages (else the benchmarks
    # declare the same two datasets themselves)
    python3 -m pip install -q --no-index --no-deps --no-build-isolation --target /tmp/geoplug \
        ./geoplug-core ./geoplug-datasets > /dev/null 2>&1 && export PYTHONPATH="$PYTHONPATH:/tmp/geoplug"
    {
        nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 || true
        nproc
        python3 -c "import torch, rasterio, pyproj, numpy; print('torch', torch.__version__,
'cuda', torch.cuda.is_available(), '| rasterio', rasterio.__version__, 'GDAL',
rasterio.__gdal_version__, '| pyproj', pyproj.__version__, '| numpy', numpy.__version__)"
    } > "$out/env.txt" 2>&1
    cat "$out/env.txt"

    local samples=4096 steps=60 size=2000 workers=$(( $(nproc) - 2 ))
    if [ "$quick" = 1 ]; then samples=64; steps=2; size=400; workers=2; fi
    timeout 120 python3 -m pytest -q -p no:cacheprovider --continue-on-collection-errors -k cuda \
        tests/core/test_resample.py \
        tests/core/test_deferred_compact.py tests/trainers/test_geo_datamodule_deferred.py \
        > "$out/cuda-tests.txt" 2>&1
    tail -3 "$out/cuda-tests.txt"
    timeout 240 python3 benchmarks/sampling.py --device "$device" --samplers random \
        --batch-sizes 16 --libs raw geoplug deferred --workers "$workers" \
        --samples "$samples" --size "$size" --no-listing --files 0 --out "$out/sampling.md" \
        > "$out/sampling.log" 2>&1
    tail -12 "$out/sampling.log"
    local model=resnet50
    [ "$quick" = 1 ] && model=resnet18
    timeout 200 python3 benchmarks/train_feed.py --device "$device" --model "$model" \
        --workers "$workers" --steps "$steps" --warmup $(( steps < 10 ? 1 : 10 )) \
        --size "$size" > "$out/train_feed.txt" 2>&1
    tail -12 "$out/train_feed.txt"
}

case "${1:-}" in
    fetch) fetch ;;
    run) run ;;
    *) echo "usage: bash benchmarks/gpu_kit.sh fetch|run" >&2; exit 2 ;;
esac
