// Runs one piece of JavaScript in QuickJS (WASM) for the run_javascript tool, in a worker thread so
// the server's event loop never waits on it. QuickJS here has no file system, network, timers or
// modules: only the language, Math, Date, JSON and the console.log below. Time and memory are
// checked by the interrupt handler QuickJS calls while it runs: the prebuilt WASM's own memory
// limit does not add up allocations (quickjs-emscripten issues 255 and 271), so the handler watches
// the WASM memory itself. The parent also terminates this worker if it outlives its deadline.
import { parentPort, workerData } from 'node:worker_threads';
import { getQuickJS } from 'quickjs-emscripten';

const { code, timeoutMs, memoryBytes, maxOutputChars } = workerData;
const QuickJS = await getQuickJS();
const runtime = QuickJS.newRuntime();
runtime.setMemoryLimit(memoryBytes);
runtime.setMaxStackSize(512 * 1024);
const memory = QuickJS.getWasmMemory();
const memoryCeiling = memory.buffer.byteLength + memoryBytes;
const deadline = Date.now() + timeoutMs;
let stoppedFor = null;
runtime.setInterruptHandler(() => {
  if (Date.now() > deadline) stoppedFor = `Stopped: the code ran longer than ${timeoutMs} ms.`;
  else if (memory.buffer.byteLength > memoryCeiling) stoppedFor = `Stopped: the code used more than ${Math.round(memoryBytes / 1048576)} MB of memory.`;
  return stoppedFor !== null;
});
const vm = runtime.newContext();

let output = '';
const write = (text) => {
  if (output.length < maxOutputChars) output += text.slice(0, maxOutputChars - output.length);
};
const show = (value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
const log = vm.newFunction('log', (...args) => {
  write(`${args.map((arg) => show(vm.dump(arg))).join(' ')}\n`);
});
const consoleObject = vm.newObject();
for (const name of ['log', 'info', 'warn', 'error']) vm.setProp(consoleObject, name, log);
vm.setProp(vm.global, 'console', consoleObject);
consoleObject.dispose();
log.dispose();

const result = vm.evalCode(code, 'snippet.js');
let message;
if (result.error) {
  const error = vm.dump(result.error);
  result.error.dispose();
  const text = typeof error === 'object' && error ? `${error.name ?? 'Error'}: ${error.message ?? JSON.stringify(error)}` : String(error);
  message = { ok: false, output, error: stoppedFor ?? (/out of memory/i.test(text) ? `Stopped: the code used more than ${Math.round(memoryBytes / 1048576)} MB of memory.` : text) };
} else {
  const value = vm.dump(result.value);
  result.value.dispose();
  message = { ok: true, output, value: value === undefined ? null : show(value) };
}
vm.dispose();
runtime.dispose();
parentPort.postMessage(message);
