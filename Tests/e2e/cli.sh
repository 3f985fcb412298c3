#!/usr/bin/env bash
# Headless command-line checks against a built losslab: output formats,
# repeatable losses, exit statuses and one-line error messages.
# Usage: bash Tests/e2e/cli.sh PATH/TO/losslab
set -u
binary=${1:?usage: cli.sh PATH/TO/losslab}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() {
  local name=$1
  shift
  if "$@"; then
    echo "ok - $name"
    passed=$((passed + 1))
  else
    echo "not ok - $name"
    failed=$((failed + 1))
  fi
}

# Runs the binary, keeping stdout, stderr and the exit status apart.
run() {
  "$binary" "$@" > "$work/out" 2> "$work/err"
  echo $? > "$work/status"
}
status_is() { [[ $(cat "$work/status") == "$1" ]]; }
stdout_has() { grep -q -- "$1" "$work/out"; }
stdout_empty() { [[ ! -s $work/out ]]; }
stderr_has() { grep -q -- "$1" "$work/err"; }
stderr_one_line() { [[ $(wc -l < "$work/err") == 1 ]]; }

run list
check "list exits 0" status_is 0
check "list groups by loss" stdout_has "Mean squared error (mse)"
check "list names house-prices" stdout_has "house-prices"

run run house-prices --steps 200 --format jsonl
check "run jsonl exits 0" status_is 0
cp "$work/out" "$work/first.jsonl"
check "jsonl has step 0 and 200" bash -c "grep -q '\"step\":0,' '$work/first.jsonl' \
  && grep -q '\"step\":200,' '$work/first.jsonl'"
check "jsonl lines are JSON objects with metrics" python3 -c "
import json, sys
rows = [json.loads(line) for line in open('$work/first.jsonl')]
assert all(set(r) == {'step', 'train_loss', 'val_loss', 'metrics'} for r in rows), rows[0]
assert all('rmse' in r['metrics'] for r in rows)
assert len(rows) == 9, len(rows)
"
run run house-prices --steps 200 --format jsonl
check "same scenario prints same losses" cmp -s "$work/out" "$work/first.jsonl"

run run house-prices --steps 300
check "run text exits 0" status_is 0
check "run text shows step count" stdout_has "step 300/300"
check "run text shows RMSE against the mean" stdout_has "for predicting the mean"

run run house-prices --set optimizer.learnin_rate=0.1
check "unknown --set path exits 2" status_is 2
check "unknown --set path names it" stderr_has "unknown parameter 'optimizer.learnin_rate'"
check "unknown --set path is one line" stderr_one_line
check "unknown --set path prints nothing on stdout" stdout_empty

run run house-prices --set training.batch_size=abc
check "invalid --set value exits 2" status_is 2
check "invalid --set value quoted" stderr_has "invalid value 'abc'"

run run house-prices --format xml
check "unknown format exits 2" status_is 2
run frobnicate
check "unknown command exits 2" status_is 2
check "unknown command is one line" stderr_one_line
run run house-prices --stepz 3
check "unknown option exits 2" status_is 2
check "unknown option points to help" stderr_has "losslab help run"

run help run
check "help run lists --set" stdout_has "--set PATH=VALUE"
check "help run gives the default format" stdout_has "text (default)"
run help parameters
check "help parameters lists learning rate" stdout_has "optimizer.learning_rate"

run replay house-prices
check "replay of a bundled scenario passes" status_is 0

mkdir -p "$work/scenarios"
sed 's/"below": 0.5/"below": 0.0001/' scenarios/house-prices.json > "$work/scenarios/strict.json"
run replay "$work/scenarios/strict.json"
check "failed expectation exits 1" status_is 1
check "failed expectation names the place" stdout_has "strict.json:[0-9]*:[0-9]*: rmse_ratio ="

sed 's/"loss": "mse"/"loss": "msee"/' scenarios/house-prices.json > "$work/scenarios/typo.json"
run run "$work/scenarios/typo.json"
check "bad scenario exits 2" status_is 2
check "bad scenario error has file, line, column and field" \
  stderr_has "typo.json:4:11: loss: unknown loss 'msee'; expected one of: mse"
run list --scenarios "$work/scenarios"
check "list rejects a folder with a bad scenario" status_is 2

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
