// Samples the CPU of the Worker's isolate through wrangler's inspector while a bench runs, and
// sorts the samples into what they were spent on, so the worker bench can account for them.
//
// usage: node isolate-profile.mjs WS_URL ROOT
//   Prints "profiling" once sampling runs; stops when standard input closes, then prints one JSON
//   line: {"interval_us", "categories": {name: samples}, "idle": samples}.
// The Worker's bundle under ROOT/.wrangler/tmp (the newest dev-* build) names the wasm-bindgen
// glue functions that the profile only knows by line.

import fs from 'node:fs';
import path from 'node:path';

const [url, root] = process.argv.slice(2);
const INTERVAL_US = 250;

// What a sample was spent on, by the glue import's name (`__wbg_<name>_<hash>`) or the
// function's own name; the first match wins.
const CATEGORIES = [
  ['logging', /^(log|error|warn|formatLog)$/],
  ['socket', /^(connect|startTls|start_tls|opened|closed|readable|writable|getReader|get_reader|getWriter|get_writer|releaseLock|read|write|write_with_chunk|done|value)$/],
  ['durable objects and storage', /^(idFromName|id_from_name|getByName|get_by_name|storage|sql|exec|put|kv|transaction|setAlarm|set_alarm|getAlarm|get_alarm|one|toArray|raw|cursor|DurableObject.*|fetch)$/],
  ['JS values (get, set)', /^(get|set|keys|length|entries|Reflect.*)$/],
  ['response stream', /^(enqueue|new_with_into_underlying_source|ReadableStream.*|pull|desiredSize|byobRequest)$/],
  ['request and response objects', /^(Request|Response|Headers|headers|new_with_.*|append|status|method|url|cf|json|text|arrayBuffer|body|new)$/],
  ['timers', /^(setTimeout|clearTimeout|Date|now)$/],
  ['promises and microtasks', /^(queueMicrotask|then|resolve|Promise|call|call1|call2|wasm-to-js|js-to-wasm.*)$/],
];

function glueNames() {
  const tmp = path.join(root, '.wrangler', 'tmp');
  const builds = fs.readdirSync(tmp)
    .filter((name) => name.startsWith('dev-'))
    .map((name) => path.join(tmp, name, 'index.js'))
    .filter((file) => fs.existsSync(file))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  const names = new Map();
  if (builds.length === 0) return names;
  const lines = fs.readFileSync(builds[0], 'utf8').split('\n');
  lines.forEach((line, index) => {
    // `__wbg_write_eb69…: /* @__PURE__ */ __name(function(e, t) {` opens the glue whose body is
    // on the following line(s); the profile reports the line of `function`.
    const glue = line.match(/__wbg_([A-Za-z0-9_]+?)_[0-9a-f]{16}: \/\* @__PURE__ \*\/ __name\(function/);
    if (glue) names.set(index, glue[1]);
  });
  return names;
}

function category(frame, glue) {
  if (frame.functionName === '(idle)') return 'idle';
  if (frame.functionName === '(garbage collector)') return 'garbage collector';
  if (frame.functionName === '(program)') return 'runtime (program)';
  if (frame.url.includes('.wasm')) return 'our Rust (wasm)';
  const name = (frame.url.endsWith('index.js') && glue.get(frame.lineNumber)) || frame.functionName;
  for (const [label, pattern] of CATEGORIES) if (pattern.test(name)) return label;
  return frame.url.endsWith('index.js') ? 'glue and middleware (JS)' : 'other runtime code';
}

const ws = new WebSocket(url, { headers: { Origin: new URL(url).origin.replace('ws', 'http') } });
let nextId = 0;
const pending = new Map();
const send = (method, params = {}) => new Promise((resolve) => {
  const id = ++nextId;
  pending.set(id, resolve);
  ws.send(JSON.stringify({ id, method, params }));
});
ws.onmessage = (message) => {
  const data = JSON.parse(message.data);
  if (data.id && pending.has(data.id)) {
    pending.get(data.id)(data);
    pending.delete(data.id);
  }
};
ws.onerror = () => {
  console.error('isolate-profile: cannot reach the inspector at', url);
  process.exit(1);
};
ws.onopen = async () => {
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
  await send('Profiler.start');
  console.log('profiling');
  process.stdin.resume();
  process.stdin.on('end', async () => {
    const { result } = await send('Profiler.stop');
    const glue = glueNames();
    const frames = new Map(result.profile.nodes.map((node) => [node.id, node.callFrame]));
    const categories = {};
    let idle = 0;
    for (const sample of result.profile.samples) {
      const label = category(frames.get(sample), glue);
      if (label === 'idle') idle += 1;
      else categories[label] = (categories[label] || 0) + 1;
    }
    console.log(JSON.stringify({ interval_us: INTERVAL_US, categories, idle }));
    process.exit(0);
  });
};
