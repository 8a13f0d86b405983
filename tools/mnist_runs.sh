# Shared by tools/reproduce_mnist_kd.sh and tools/rebuild_students.sh (source it, don't run it).
# Needs: $work (folder of checkpoints and logs). Provides: $BIN (built unless given), run, teacher.
# TABLE_ONLY=1 trains nothing: scripts then report on the runs that finished.

if [[ -z "${BIN:-}" ]]; then
  swift build -c release --product edge-distill >&2
  BIN=.build/release/edge-distill
fi
mkdir -p "$work"

# run NAME SUBCOMMAND ARGS...: one training run with its checkpoint, curves and log in $work;
# resumes a killed run and is skipped once it finished (or, with TABLE_ONLY=1, when it never ran).
run() {
  local name="$1"; shift
  [[ -f "$work/$name.done" || -n "${TABLE_ONLY:-}" ]] && return
  echo "== $name: $*" >&2
  "$BIN" "$@" --checkpoint "$work/$name.ckpt" --curves "$work/$name.svg" --resume 2> >(tee "$work/$name.log" >&2) >/dev/null
  touch "$work/$name.done"
}

# teacher EPOCHS: the Hinton et al. teacher (784-1200-1200-10, dropout 0.5, ±2 px jitter, max-norm 3.5)
# and its logits on the training split (the students' soft targets). TEACHER_SEED (default 7) seeds it;
# TEACHER_OPTIMIZER is sgd (default: momentum 0.9, rate 0.1) or adam (rate 0.001); TEACHER_INPUT_DROPOUT
# (default 0) drops that fraction of the input pixels too. Give each teacher its own $work, as the runs'
# names do not record it.
teacher() {
  local optimizer
  case "${TEACHER_OPTIMIZER:-sgd}" in
    sgd) optimizer=(--learning-rate 0.1 --schedule cosine:0.0005 --optimizer sgd --momentum 0.9) ;;
    adam) optimizer=(--learning-rate 0.001 --schedule cosine:0.00001 --optimizer adam) ;;
    *) echo "mnist_runs.sh: TEACHER_OPTIMIZER must be sgd or adam, got '$TEACHER_OPTIMIZER'" >&2; exit 2 ;;
  esac
  local arch="mlp:784-1200-1200-10,dropout=0.5"
  [[ "${TEACHER_INPUT_DROPOUT:-0}" == 0 ]] || arch+=",input-dropout=$TEACHER_INPUT_DROPOUT"
  run teacher train --arch "$arch" --epochs "$1" --jitter 2 --max-norm 3.5 \
    "${optimizer[@]}" --batch-size 128 --seed "${TEACHER_SEED:-7}"
  [[ -f "$work/teacher-train-logits.npy" ]] ||
    "$BIN" evaluate "$work/teacher.ckpt" --split train --save-logits "$work/teacher-train-logits.npy" >/dev/null
}
