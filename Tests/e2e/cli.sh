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
check "list skips a bad scenario and exits 0" status_is 0
check "list names the bad scenario's error" \
  stderr_has "skipped .*typo.json:4:11: loss: unknown loss 'msee'"

run arch vgg16 vgg19
check "arch exits 0" status_is 0
check "arch vgg16 total parameters" stdout_has "vgg16: 138,357,544 parameters (features 14,714,688"
check "arch vgg19 total MACs" stdout_has "19,632,062,464 MACs"
check "arch says what MACs count" stdout_has "multiply-accumulates of the convolution and linear"
check "arch compares the models" stdout_has "comparison at input \[1, 3, 224, 224\]"

run arch resnet50 --format json
check "arch json exits 0" status_is 0
cp "$work/out" "$work/arch.json"
check "arch json has the documented fields and totals" python3 -c "
import json
document = json.load(open('$work/arch.json'))
model = document['models'][0]
assert model['name'] == 'resnet50', model['name']
assert model['input'] == [1, 3, 224, 224], model['input']
assert model['params'] == 25557032, model['params']
assert model['macs'] == 4089184256, model['macs']
assert {'name', 'kind', 'output', 'params', 'macs'} <= set(model['layers'][0])
assert sum(layer['macs'] for layer in model['layers']) == model['macs']
assert [stage['name'] for stage in model['stages']][0] == 'stem'
assert document['counted']
"

run arch vgg16 --input 160x224 --batch 2 --flops --format csv
check "arch csv exits 0" status_is 0
check "arch csv names the FLOPs column" stdout_has "conv_linear_flops_2x_macs"
check "arch csv total is 2 x MACs for the batch" \
  stdout_has "vgg16,2x3x160x224,total,,vgg16,,2x1000,138357544,44342050816,"

run arch vgg17
check "unknown model exits 2" status_is 2
check "unknown model lists the known ones" stderr_has "known models are: vgg11, vgg11_bn"
check "unknown model is one line" stderr_one_line
check "unknown model prints nothing on stdout" stdout_empty

run arch vgg16 --input 31
check "too small input exits 2" status_is 2
check "too small input gives the minimum" stderr_has "vgg16 needs at least 32x32"
check "too small input is one line" stderr_one_line

run arch resnet18 --input 1
check "resnet takes a 1x1 input" status_is 0

run arch vgg19 --batch 1000000
check "batch beyond memory exits 2" status_is 2
check "batch beyond memory names MemAvailable" stderr_has "MemAvailable"
check "batch beyond memory is one line" stderr_one_line

run arch vgg19 --input 16384 --batch 1000000
check "huge request exits 2" status_is 2
check "huge request is one line" stderr_one_line

run arch vgg16 --batch 0
check "zero batch exits 2" status_is 2
run arch vgg16 --input 160y224
check "bad input size exits 2" status_is 2
check "bad input size quoted" stderr_has "invalid size '160y224'"

run help arch
check "help arch lists --flops" stdout_has "--flops"
check "help arch gives the default input" stdout_has "default 224"
run help weights
check "help weights gives the usage" stdout_has "losslab weights inspect FILE"

fixtures=Tests/LabModelsTests/Fixtures/safetensors
run weights inspect "$fixtures/vgg11_bn_first.safetensors"
check "weights inspect exits 0" status_is 0
check "weights inspect lists a tensor" stdout_has "features.0.weight  *F32  *\[64, 3, 3, 3\]"
check "weights inspect finds the partial fit" \
  stdout_has "vgg16_bn: the first layers, up to features.1 (7 of 97 tensors)"

run weights inspect "$fixtures/vgg11_gray.safetensors"
check "weights inspect reports a wrong shape" \
  stdout_has "wrong shape: features.0.weight is \[64, 1, 3, 3\] in the file, \[64, 3, 3, 3\]"

head -c 100 "$fixtures/resnet18_stem.safetensors" > "$work/cut.safetensors"
run weights inspect "$work/cut.safetensors"
check "truncated weights exit 2" status_is 2
check "truncated weights name the file" stderr_has "cut.safetensors: truncated"
check "truncated weights is one line" stderr_one_line

run weights inspect "$work/absent.safetensors"
check "missing weights file exits 2" status_is 2
check "missing weights file says not found" stderr_has "file not found"
run weights list
check "unknown weights subcommand exits 2" status_is 2
# The loss calculator: one JSON object in, one JSON object out.
cat > "$work/ce.json" <<'JSON'
{"loss": "cross_entropy", "input": [[0.2, 0.3, 0.5], [0.5, 0.2, 0.3]],
 "target": [2, 1], "weight": [2, 4, 6]}
JSON
run loss --input "$work/ce.json"
check "loss from a file exits 0" status_is 0
check "loss output has loss, grad, warnings and the weighted denominator" python3 -c "
import json
out = json.load(open('$work/out'))
assert abs(out['loss'] - 1.05983) < 1e-5, out
assert out['denominator'] == 10.0, out
assert len(out['grad']['input']) == 2, out
assert len(out['grad']['input'][0]) == 3, out
assert out['warnings'] == [], out
"
loss_stdin() {
  printf '%s' "$1" | "$binary" loss --input - > "$work/out" 2> "$work/err"
  echo $? > "$work/status"
}
loss_stdin '{"loss": "mse", "input": [[1, 2], [3, 5]], "target": [[1, 2], [3, 3]],
  "reduction": "none"}'
check "loss from stdin exits 0" status_is 0
check "reduction none prints nested arrays" python3 -c "
import json
out = json.load(open('$work/out'))
assert out['loss'] == [[0, 0], [0, 4]], out
assert out['grad']['target'] == [[0, 0], [0, -4]], out
"
loss_stdin '{"loss": "triplet_mined", "embeddings": [[0, 0], [0.1, 0], [3, 0], [3.2, 0]],
  "labels": [0, 0, 1, 1], "miner": "batch_hard"}'
check "triplet_mined prints counts" python3 -c "
import json
out = json.load(open('$work/out'))
assert out['counts']['easy'] + out['counts']['semi_hard'] + out['counts']['hard'] == 4, out
"
loss_stdin '{"loss": "triplet_mined", "embeddings": [[0, 0], [1, 0]], "labels": [0, 1],
  "miner": "all"}'
check "no valid triplet gives 0 and a warning" python3 -c "
import json
out = json.load(open('$work/out'))
assert out['loss'] == 0, out
assert len(out['warnings']) == 1, out
assert out['grad']['embeddings'] == [[0, 0], [0, 0]], out
"
loss_stdin '{"loss": "cross_entropy", "input": [[1, 2]], "target": [-100]}'
check "a mean of nothing prints the string NaN" python3 -c "
import json
assert json.load(open('$work/out'))['loss'] == 'NaN'
"

# Each error: exit 2, one line on stderr naming the field, nothing on stdout.
loss_error() {
  local name=$1 input=$2 expected=$3
  loss_stdin "$input"
  check "loss $name exits 2" status_is 2
  check "loss $name is one line" stderr_one_line
  check "loss $name prints nothing on stdout" stdout_empty
  check "loss $name names the field" stderr_has "$expected"
}
loss_error "unknown loss" '{"loss": "msee", "input": [1], "target": [1]}' \
  "loss: unknown loss 'msee'"
loss_error "unknown option" '{"loss": "mse", "input": [1], "target": [1], "delta": 2}' \
  "delta: unknown option for loss 'mse'"
loss_error "shapes that differ" '{"loss": "mse", "input": [[1], [2], [3]], "target": [1, 2, 3]}' \
  "target: mse needs equal shapes.*\[3, 1\].*\[3\]"
loss_error "wrong shape" '{"loss": "gram_style", "input": [[1, 2]], "target": [[1, 2]]}' \
  "input: gram_style needs feature maps"
loss_error "class index out of range" '{"loss": "nll", "input": [[0, 1]], "target": [2]}' \
  "target: class index 2"
loss_error "non-numeric value" '{"loss": "l1", "input": [1, "a"], "target": [1, 2]}' \
  "input: expected a number at \[1\]"
loss_error "ragged array" '{"loss": "l1", "input": [[1, 2], [3]], "target": [[1, 2], [3]]}' \
  "input: ragged nested array"
loss_error "missing field" '{"loss": "huber", "input": [1, 2]}' "target: missing"
loss_error "missing loss" '{"input": [1, 2]}' "loss: missing"
loss_error "invalid reduction" '{"loss": "l1", "input": [1], "target": [1], "reduction": "avg"}' \
  "reduction: invalid value 'avg'"
run loss --input "$work/missing.json"
check "unreadable input exits 2" status_is 2
check "unreadable input is one line" stderr_one_line
check "unreadable input names --input" stderr_has "\-\-input: cannot read"
run help loss
check "help loss lists the losses" stdout_has "triplet_mined"

run bench mlp-mse triplet --repeat 2 --format json
check "bench exits 0" status_is 0
check "bench json lists each workload with its times" python3 -c "
import json
report = json.load(open('$work/out'))
names = [w['name'] for w in report['workloads']]
assert names == ['mlp-mse', 'triplet'], names
for w in report['workloads']:
    assert w['unit'] == 'ms', w
    assert 0 < w['min'], w
    assert w['min'] <= w['median'] <= w['max'], w
"
run bench sgemm-1536 --repeat 1 --format json
check "bench sgemm reports GFLOP/s" python3 -c "
import json
assert json.load(open('$work/out'))['workloads'][0]['gflops'] > 0
"
run bench nope
check "unknown workload exits 2" status_is 2
check "unknown workload lists the workloads" stderr_has "workloads are: sgemm-1536"
run bench mlp-mse --repeat 0
check "zero repeats exits 2" status_is 2
check "zero repeats names --repeat" stderr_has "\-\-repeat must be a positive whole number"
run help bench
check "help bench lists the workloads" stdout_has "conv3x3-64-112"
run arch resnet18 --input 32 --time --backward --repeat 2 --format json
check "arch --time exits 0" status_is 0
check "arch --time json has forward_ms, backward_ms and layer times" python3 -c "
import json
model = json.load(open('$work/out'))['models'][0]
times = model['forward_ms']
assert 0 < times['min'] <= times['median'] <= times['max'], times
assert model['backward_ms']['median'] > 0, model['backward_ms']
assert all('ms' in layer and 'gflop_per_s' in layer for layer in model['layers'])
"
check "arch --time keeps stderr clean when it is not a terminal" bash -c "[[ ! -s $work/err ]]"
run arch resnet18 --input 32 --time --repeat 1 --format csv
check "arch --time csv has timing columns" stdout_has "activation_bytes_f32,forward_ms,gflop_per_s"
run arch vgg16 --backward
check "arch --backward without --time exits 2" status_is 2
check "arch --backward without --time says to add it" stderr_has "add --time"
run arch vgg16 --time --repeat 0
check "arch --repeat 0 exits 2" status_is 2

# The perceptual loss with the seeded VGG-16 weights up to relu2_2 from the tests.
vgg_prefix="Tests/LabModelsTests/Fixtures/models/vgg16_relu2_2.safetensors"
# Prints a request for two 4x4 images: $1 contains JSON members that replace the
# defaults, $2 scales the target.
perceptual_input() {
  python3 -c "
import json, sys
def image(step, period, scale):
    return [[[[(c * 16 + y * step + x) % period / period * scale for x in range(4)]
              for y in range(4)] for c in range(3)]]
image, other = image(4, 7, 1), image(3, 11, $2)
request = {'loss': 'perceptual', 'layers': ['relu1_2', 'relu2_2'], 'input': image,
           'target': other}
request.update(json.loads(sys.argv[1]))
print(json.dumps(request))
" "$1"
}
loss_stdin "$(perceptual_input "{\"weights\": \"$vgg_prefix\"}" 1)"
check "perceptual with a partial weights file exits 0" status_is 0
check "perceptual prints a loss and image gradients" python3 -c "
import json
out = json.load(open('$work/out'))
assert out['loss'] > 0, out
assert len(out['grad']['input'][0]) == 3, out
assert len(out['grad']['target'][0][0]) == 4, out
assert out['warnings'] == [], out
"
loss_stdin "$(perceptual_input '{"distance": "l1", "input_range": "0,255"}' 0)"
check "perceptual without weights warns of random weights" python3 -c "
import json
out = json.load(open('$work/out'))
assert any(w.startswith('random weights') for w in out['warnings']), out
"
grey=$(python3 -c "
import json
image = [[[[127.5] * 4] * 4] * 3]
print(json.dumps({'input': image, 'target': image}))")
loss_stdin "$(perceptual_input "$grey" 1)"
check "perceptual of equal images is 0" python3 -c "
import json
assert json.load(open('$work/out'))['loss'] == 0
"
check "perceptual warns of 0..255 values declared 0,1" python3 -c "
import json
assert any('0,255' in w for w in json.load(open('$work/out'))['warnings'])
"
loss_error "unreadable weights" \
  "$(perceptual_input '{"weights": "/nonexistent/vgg16.safetensors"}' 1)" \
  "weights: /nonexistent/vgg16.safetensors: file not found"
loss_error "unknown perceptual layer" "$(perceptual_input '{"layers": ["relu3_4"]}' 1)" \
  "layers: vgg16 has no layer named 'relu3_4'"
run run digits --steps 50 --history "$work/history.csv"
check "run digits trains a classifier" stdout_has "accuracy"
check "run --history writes a CSV header" bash -c "head -1 '$work/history.csv' | grep -q '^step,train_loss,val_loss$'"
run run spiral --set data.classes=12
check "run rejects 12 spiral classes" stderr_has "data.classes=12: 12 is out of range"

run run outliers --steps 100 --compare loss.name=l1 --compare loss.name=huber
check "run --compare exits 0" status_is 0
check "run --compare labels the l1 run" stdout_has "^l1: step 100"
check "run --compare labels the huber run" stdout_has "^huber: step 100"
check "run --compare draws a legend" stdout_has "mse .*l1 .*huber"
run run outliers --compare loss.name=l1 --compare loss.name=huber --compare loss.name=mse --compare seed=2
check "run rejects a fifth compared run" stderr_has "at most 3 runs compare"
run run faces --steps 40 --compare loss.miner=all --chart metric
check "run --chart metric exits 0" status_is 0
check "run --chart metric labels the axis" stdout_has "val recall@1 by miner"
run run house-prices --steps 50 --chart metric
check "run --chart metric charts RMSE for one run" stdout_has "val RMSE"
# The shipped super-resolution run ends above its bilinear input, as its description states.
run run super-resolution --format jsonl
check "super-resolution ends above the input's PSNR" python3 -c "
import json, sys
last = json.loads(open(sys.argv[1]).read().splitlines()[-1])['metrics']
sys.exit(0 if last['psnr'] > last['input_psnr'] else 1)" "$work/out"

run run --help
check "run --help exits 0" status_is 0
check "run --help shows the run options" stdout_has "^usage: losslab run"
run run digits --steps 5 --history "$work"
check "history into a folder names the folder" stderr_has "it is a folder; give a file name"
run run digits --steps 5 --history "$work/missing/x.csv"
check "history into a missing folder says so" stderr_has "does not exist; create it first"

# One broken scenario file does not hide the others.
mkdir -p "$work/mixed"
cp scenarios/outliers.json "$work/mixed/"
printf '{ "title": "x", }\n' > "$work/mixed/broken.json"
run list --scenarios "$work/mixed"
check "list with a broken file exits 0" status_is 0
check "list still shows the valid scenario" stdout_has "outliers"
check "list names the broken file" stderr_has "skipped .*broken.json:1:"

# Ctrl-C during a long run: the steps trained so far are charted and summarised.
# A background job of a non-interactive shell ignores SIGINT, so the binary runs
# under a subshell that puts the default action back first.
(trap - INT; exec "$binary" run digits --steps 10000000 --history "$work/partial.csv") \
  > "$work/out" 2> "$work/err" &
pid=$!
sleep 2
kill -INT "$pid"
wait "$pid"
echo $? > "$work/status"
check "run Ctrl-C exits 130" status_is 130
check "run Ctrl-C prints the partial chart" stdout_has "steps in "
check "run Ctrl-C names the step" stderr_has "interrupted at step [0-9]* of 10000000"
check "run Ctrl-C writes the history" test -s "$work/partial.csv"

run run house-prices --chart accuracy
check "run rejects an unknown chart" stderr_has "unknown chart 'accuracy'; expected loss or metric"
check "run --chart error exits 2" status_is 2
printf 'a,b,y\n1,2,3\n4,x,6\n' > "$work/bad.csv"
run run --data "$work/bad.csv" --target y
check "run --data with a bad row exits 2" status_is 2
check "run --data names the bad line" stderr_has "bad.csv:3: column 'b' has 'x', which is not a number"
check "run --data trains nothing on a bad file" stdout_empty
{ echo "a,b,y"; for i in $(seq 1 60); do echo "$i,$((i % 7)),$((2 * i + i % 7))"; done; } > "$work/own.csv"
run run --data "$work/own.csv" --target y --loss huber --steps 50
check "run --data trains on a good file" stdout_has "step 50/50"
run run --data "$work/own.csv" --steps 5
check "run --data needs --target" stderr_has "\-\-data needs \-\-target COLUMN"

run run super-resolution --steps 3 --image "$work/result.png"
check "run --image exits 0" status_is 0
check "run --image reports PSNR against the input" stdout_has "validation PSNR .* dB for the input"
check "run --image says the VGG weights are random" stdout_has "random weights"
check "run --image writes input, output and target side by side" python3 -c "
import struct, sys
data = open('$work/result.png', 'rb').read()
assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
width, height = struct.unpack('>II', data[16:24])
sys.exit(0 if (width, height) == (100, 32) else f'size {width}x{height}, expected 100x32')"
run run house-prices --steps 5 --image "$work/none.png"
check "run --image on a table scenario exits 2" status_is 2
check "run --image on a table scenario says why" stderr_has "has no images"

run run style-transfer --set training.steps=4 --image "$work/style.png"
check "style transfer exits 0" status_is 0
check "style transfer prints the style term" stdout_has "validation loss terms: content .*, style "
check "style transfer measures PSNR against the content" stdout_has "against the content"
check "style transfer writes content, output and style side by side" python3 -c "
import struct, sys
data = open('$work/style.png', 'rb').read()
assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
width, height = struct.unpack('>II', data[16:24])
sys.exit(0 if (width, height) == (100, 32) else f'size {width}x{height}, expected 100x32')"
run run srgan --set training.steps=4
check "srgan exits 0" status_is 0
check "srgan prints the discriminator numbers" \
  stdout_has "discriminator loss [0-9.]* (ln 2 = 0.6931 at chance), D(real) [0-9.]*, D(fake) "
run run srgan --set training.steps=4 --set loss.adversarial_weight=2
check "srgan rejects an adversarial weight above 1" stderr_has "invalid weight '2'"
run run style-transfer --set loss.adversarial_weight=0.1
check "style transfer rejects the adversarial term" stderr_has "not to style_transfer"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
