#!/bin/bash
# [=id] ([=what])
# Written by `harness run --executor slurm` and submitted with `sbatch --parsable`, with
# --dependency=afterok:<Slurm ids> when parent jobs were not done yet. It runs the job with
# `harness job`, which writes the outputs and DONE (or FAILED) into the job's store directory;
# its output goes to the job's log there.
#SBATCH --job-name=[=name]
#SBATCH --output=[=log]
#SBATCH --open-mode=append
#SBATCH --chdir=[=workdir]
#SBATCH --kill-on-invalid-dep=yes
<#if partition??>
#SBATCH --partition=[=partition]
</#if>
<#if account??>
#SBATCH --account=[=account]
</#if>
<#if time??>
#SBATCH --time=[=time]
</#if>
<#if mem??>
#SBATCH --mem=[=mem]
</#if>
<#if cpus??>
#SBATCH --cpus-per-task=[=cpus]
</#if>
<#if gpus != 0>
#SBATCH --gres=gpu:[=gpus]
</#if>
<#list extra as option>
#SBATCH [=option]
</#list>
<#list setup as line>
[=line]
</#list>

# The engine's CPU kernels pinned to one instruction set: the same bytes on any node.
export<#list cpuKernels as v> [=v]</#list>
THREADS=${SLURM_CPUS_PER_TASK:-1}
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
<#if gpus == 0>
export CUDA_VISIBLE_DEVICES=
</#if>
echo "[slurm] job ${SLURM_JOB_ID:-?} on $(hostname), $THREADS threads, $(date -u +%Y-%m-%dT%H:%M:%SZ)"

attempt=1
while true; do
  [=command] --attempt "$attempt"
  code=$?
  if [ "$code" -eq 3 ]; then
    # Another process holds the job's lock: wait; the next try finds the job done, or free to run.
    echo "[slurm] another process runs [=id]; waiting for it"
    sleep 30
  elif [ "$code" -eq 75 ] && [ "$attempt" -le [=retries] ]; then
    attempt=$((attempt + 1))
    echo "[slurm] transient failure; try $attempt"
  else
    exit "$code"
  fi
done
