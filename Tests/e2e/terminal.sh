#!/usr/bin/env bash
# End-to-end test of the interactive lab in tmux: the chart is drawn and advances,
# q and Ctrl-C and SIGTERM leave the terminal usable (echo, icanon, isig on, cursor
# visible, alternate screen closed), TERM=dumb is rejected with a pointer to the
# headless commands, a tiny window shows "too small" and then redraws, and key L
# plays a scenario's lesson up to its first pause and on.
#
# Usage: Tests/e2e/terminal.sh PATH/TO/losslab
#   Runs the binary with no arguments, from the current directory, so run it from
#   the repository root if the binary finds its bundled scenarios relative to it.
#   LOSSLAB_E2E_TIMEOUT sets the longest wait for one event, in seconds (default 10).
#
# It uses a tmux server of its own (socket losslab-e2e-PID), which it kills on exit.
# The last line of output is "N passed, M failed"; the exit status is 1 if any check
# failed and 2 for a usage error.

set -u -o pipefail

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 PATH/TO/losslab (an executable file)" >&2
  exit 2
fi
binary=$(cd -- "$(dirname -- "$1")" && pwd)/$(basename -- "$1")
timeout_seconds=${LOSSLAB_E2E_TIMEOUT:-10}
socket="losslab-e2e-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/losslab-e2e.XXXXXX")
start_directory=$PWD

# Braille matching with grep -P and tmux's own output both need a UTF-8 locale.
export LC_ALL=C.UTF-8

tmux_command() {
  tmux -L "$socket" -f /dev/null "$@"
}

socket_path=""

# tmux leaves the socket file behind when its server stops, so remove it as well.
cleanup() {
  tmux_command kill-server 2>/dev/null
  [[ -n $socket_path ]] && rm -f -- "$socket_path"
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0

# check DESCRIPTION COMMAND...: runs the command and counts it as a pass or a failure.
check() {
  local description=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok - $description"
  else
    failed=$((failed + 1))
    echo "not ok - $description"
  fi
}

# wait_until COMMAND...: retries the command every 0.1 s until it succeeds or
# timeout_seconds pass. Returns the command's last status.
wait_until() {
  local attempt
  for ((attempt = 0; attempt < timeout_seconds * 10; attempt++)); do
    "$@" && return 0
    sleep 0.1
  done
  "$@"
}

capture() {
  tmux_command capture-pane -p -t "$1" 2>/dev/null
}

screen_has_text() {
  capture "$1" | grep -q '[^[:space:]]'
}

screen_matches() {
  capture "$1" | grep -qiE -- "$2"
}

screen_lacks() {
  ! screen_matches "$1" "$2"
}

# Braille cells with at least one dot (U+2801 to U+28FF, since U+2800 is blank) on three
# or more rows. One row is not enough, because a legend may show a braille sample.
screen_has_braille() {
  local rows
  rows=$(capture "$1" | grep -cP '[\x{2801}-\x{28FF}]')
  [[ $rows -ge 3 ]]
}

# The largest N in "step N" on the screen, or nothing.
screen_step() {
  capture "$1" | grep -oiE 'step:? *[0-9]+' | grep -oE '[0-9]+' | sort -n | tail -n 1
}

# status_step_above NAME N: the status line's "step S/TOTAL" shows S above N.
status_step_above() {
  local step
  step=$(capture "$1" | grep -oE 'step [0-9]+/[0-9]+' | tail -n 1 | grep -oE '[0-9]+' | head -n 1)
  [[ -n $step && $step -gt $2 ]]
}

screen_step_positive() {
  local step
  step=$(screen_step "$1")
  [[ -n $step && $step -gt 0 ]]
}

has_exited() {
  [[ -f $work/$1.status ]]
}

exit_status_is() {
  [[ -f $work/$1.status && $(<"$work/$1.status") == "$2" ]]
}

exit_status_nonzero() {
  [[ -f $work/$1.status && $(<"$work/$1.status") != 0 ]]
}

# stty -a lists each flag as "echo" when on and "-echo" when off.
stty_flag_on() {
  grep -qE "(^|[[:space:]])$2([[:space:]]|$)" "$work/$1.stty" 2>/dev/null
}

pane_format_is() {
  [[ $(tmux_command display-message -p -t "$1" "$2" 2>/dev/null) == "$3" ]]
}

stderr_mentions() {
  grep -qiE -- "$2" "$work/$1.stderr" 2>/dev/null
}

# start_lab NAME [VARIABLE=VALUE...]: runs the binary in a new 100×30 session. A
# wrapper records the exit status in NAME.status after saving stty -a in NAME.stty,
# then keeps the pane open so its screen and terminal state can still be read.
start_lab() {
  local name=$1
  shift
  local wrapper=$work/$name.sh
  {
    echo "cd $(printf '%q' "$start_directory")"
    # A handler rather than an ignored signal: children get the default action back,
    # and the wrapper survives Ctrl-C to record the status.
    echo "trap ':' INT"
    printf 'env'
    printf ' %q' LC_ALL=C.UTF-8 "$@" "$binary"
    printf ' 2>%q\n' "$work/$name.stderr"
    echo 'status=$?'
    printf 'stty -a >%q 2>&1\n' "$work/$name.stty"
    printf 'echo "$status" >%q\n' "$work/$name.status.partial"
    printf 'mv %q %q\n' "$work/$name.status.partial" "$work/$name.status"
    echo "exec sleep 600"
  } >"$wrapper"
  tmux_command new-session -d -s "$name" -x 100 -y 30 "bash $(printf '%q' "$wrapper")"
}

# The process ID of the binary: the only child of the wrapper shell in the pane.
lab_pid() {
  local shell_pid
  shell_pid=$(tmux_command display-message -p -t "$1" '#{pane_pid}')
  pgrep -P "$shell_pid" | head -n 1
}

# open_and_run NAME: opens the first scenario (Enter), starts it (space) and waits
# until the chart shows braille and a step above 0.
open_and_run() {
  check "$1: screen appears" wait_until screen_has_text "$1"
  tmux_command send-keys -t "$1" Enter
  sleep 0.5
  tmux_command send-keys -t "$1" Space
  sleep 2
  check "$1: chart shows braille" wait_until screen_has_braille "$1"
  check "$1: step counter above 0" wait_until screen_step_positive "$1"
}

# check_restored NAME STATUS: the exit status and the terminal state after exit.
check_restored() {
  check "$1: exits" wait_until has_exited "$1"
  check "$1: exit status $2 (got $(cat "$work/$1.status" 2>/dev/null))" exit_status_is "$1" "$2"
  check "$1: stty shows echo" stty_flag_on "$1" echo
  check "$1: stty shows icanon" stty_flag_on "$1" icanon
  check "$1: stty shows isig" stty_flag_on "$1" isig
  check "$1: alternate screen closed" pane_format_is "$1" '#{alternate_on}' 0
  check "$1: cursor visible" pane_format_is "$1" '#{cursor_flag}' 1
}

# A session that outlives the others, so closing a test session never stops the server
# while the next one starts.
tmux_command new-session -d -s keeper -x 100 -y 30 "exec sleep 600"
socket_path=$(tmux_command display-message -p '#{socket_path}')

echo "# quit with q"
start_lab quit
open_and_run quit
tmux_command send-keys -t quit q
check_restored quit 0

echo "# Ctrl-C while running"
start_lab interrupt
open_and_run interrupt
tmux_command send-keys -t interrupt C-c
check_restored interrupt 130

echo "# SIGTERM while running"
start_lab terminate
open_and_run terminate
lab=$(lab_pid terminate)
check "terminate: found the process" test -n "$lab"
[[ -n $lab ]] && kill -TERM "$lab"
check_restored terminate 143

echo "# TERM=dumb"
start_lab dumb TERM=dumb
check "dumb: exits at once" wait_until has_exited dumb
check "dumb: exit status is not 0" exit_status_nonzero dumb
check "dumb: message names the headless commands" stderr_mentions dumb 'losslab (list|run|replay)'
check "dumb: stty shows echo" stty_flag_on dumb echo

echo "# resizing"
start_lab resize
open_and_run resize
tmux_command resize-window -t resize -x 20 -y 5
check "resize: 20×5 shows too small" wait_until screen_matches resize 'too small'
tmux_command resize-window -t resize -x 1 -y 1
sleep 0.5
check "resize: survives 1×1" test ! -f "$work/resize.status"
tmux_command resize-window -t resize -x 100 -y 30
check "resize: 100×30 redraws the chart" wait_until screen_has_braille resize
check "resize: too small message gone" wait_until screen_lacks resize 'too small'
tmux_command send-keys -t resize q
check_restored resize 0

echo "# architecture screen and loss explainer"
start_lab screens
check "screens: screen appears" wait_until screen_has_text screens
tmux_command send-keys -t screens a
check "screens: a shows VGG-16" wait_until screen_matches screens 'VGG-16 vs VGG-19'
check "screens: a shows VGG-19 with its parameter total" \
  wait_until screen_matches screens 'VGG-19 +143,667,240'
check "screens: a shows the VGG-16 parameter total" screen_matches screens 'VGG-16 +138,357,544'
check "screens: accuracy source named" screen_matches screens 'IMAGENET1K_V1'
tmux_command send-keys -t screens Escape
check "screens: Esc returns to training" wait_until screen_lacks screens 'VGG-16 vs VGG-19'
tmux_command send-keys -t screens e
check "screens: e shows a formula" wait_until screen_matches screens 'ℓ = \(x − y\)²'
tmux_command send-keys -t screens Right
check "screens: right moves to the next loss" wait_until screen_matches screens 'ℓ = \|x − y\|'
check "screens: the plot is drawn in braille" wait_until screen_has_braille screens
tmux_command send-keys -t screens Escape
check "screens: Esc leaves the explainer" wait_until screen_lacks screens 'Formula'
tmux_command send-keys -t screens q
check_restored screens 0

# Photos: half blocks in 256 colours, a grey ramp of shades without colour. A folder
# with the super-resolution scenario alone makes it the first in the list.
photos=$work/photos
mkdir -p "$photos"
cp -- "$start_directory/scenarios/super-resolution.json" "$photos/"
ln -s -- "$start_directory/scenarios/data" "$photos/data"

echo "# a broken scenario file beside a valid one"
mixed=$work/mixed
mkdir -p "$mixed"
cp -- "$start_directory/scenarios/outliers.json" "$mixed/"
printf '{ "title": "x", }\n' > "$mixed/broken.json"
start_lab mixed "LOSSLAB_SCENARIOS=$mixed"
check "mixed: the lab opens and names the broken file" wait_until screen_matches mixed 'skipped .*broken.json'
check "mixed: the valid scenario is listed" screen_matches mixed 'Outliers'
tmux_command send-keys -t mixed q
check_restored mixed 0

echo "# photos in 256 colours"
start_lab photocolour TERM=tmux-256color "LOSSLAB_SCENARIOS=$photos"
open_and_run photocolour
check "photocolour: photos drawn in half blocks" wait_until screen_matches photocolour '▀{8}'
tmux_command send-keys -t photocolour q
check_restored photocolour 0

echo "# photos with NO_COLOR"
start_lab photogrey NO_COLOR=1 "LOSSLAB_SCENARIOS=$photos"
open_and_run photogrey
check "photogrey: photos drawn as shades" wait_until screen_matches photogrey '[░▒▓█]{6}'
check "photogrey: no half blocks" screen_lacks photogrey '▀'
tmux_command send-keys -t photogrey q
check_restored photogrey 0

echo "# lesson"
# A folder with only the spiral scenario, whose lesson pauses after 50 steps, so the
# highlighted scenario is the one with the lesson.
mkdir -p "$work/lesson-scenarios"
cp "$start_directory/scenarios/spiral.json" "$work/lesson-scenarios/"
start_lab lesson "LOSSLAB_SCENARIOS=$work/lesson-scenarios"
check "lesson: screen appears" wait_until screen_matches lesson 'Spiral arms'
tmux_command send-keys -t lesson L
check "lesson: L stops at the first pause message" \
  wait_until screen_matches lesson 'After 50 steps the validation'
check "lesson: the pause box shows its keys" \
  screen_matches lesson 'space: continue  Esc: leave lesson'
check "lesson: training stopped at step 50" screen_matches lesson 'step 50/2000'
sleep 0.5
check "lesson: still at step 50 while paused" screen_matches lesson 'step 50/2000'
tmux_command send-keys -t lesson Space
check "lesson: space closes the pause box" \
  wait_until screen_lacks lesson 'After 50 steps the validation'
check "lesson: training goes on past step 50" wait_until status_step_above lesson 50
tmux_command send-keys -t lesson Escape
check "lesson: Esc leaves the lesson" wait_until screen_matches lesson 'left the lesson at step'
tmux_command send-keys -t lesson q
check_restored lesson 0

for name in quit interrupt terminate dumb resize screens mixed photocolour photogrey lesson; do
  if [[ -s $work/$name.stderr ]] && ! exit_status_is "$name" 0; then
    echo "# $name: standard error:"
    sed 's/^/#   /' "$work/$name.stderr"
  fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
