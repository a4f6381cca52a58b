// The baseline of scenario 3, run as a child process: node-llama-cpp called directly, set up the way
// Redline's local engine sets it up (one context of one sequence, threads = cpuMathCores, a fresh
// sequence and LlamaChat per generation, llama.cpp's default sampling with the request's temperature).
// Protocol over IPC: parent sends { prompt, maxTokens, temperature }, child answers { tokens, ms, ttftMs }.
import { getLlama, LlamaChat, LlamaLogLevel, resolveChatWrapper } from 'node-llama-cpp';

const modelPath = process.argv[2];
if (!modelPath || !process.send) throw new Error('usage: node --import tsx llama-direct.ts <model.gguf> (as an IPC child)');
const send = process.send.bind(process);

const llama = await getLlama({ gpu: 'auto', build: 'never', skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.warn });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({ contextSize: Math.min(4096, model.trainContextSize), sequences: 1, threads: llama.cpuMathCores });
const chatWrapper = resolveChatWrapper(model);

interface RunRequest {
  prompt: string;
  maxTokens: number;
  temperature: number;
}

process.on('message', (message: RunRequest | 'exit') => {
  if (message === 'exit') {
    void context
      .dispose()
      .then(() => model.dispose())
      .then(() => llama.dispose())
      .then(() => process.exit(0));
    return;
  }
  void run(message).then(send, (error: unknown) => send({ error: String(error) }));
});

async function run(request: RunRequest) {
  const started = performance.now();
  let ttftMs = Number.NaN;
  const sequence = context.getSequence();
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper });
  await chat.generateResponse([{ type: 'user', text: request.prompt }], {
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: 0.95,
    topK: 40,
    minP: 0.05,
    onResponseChunk: (chunk) => {
      if (Number.isNaN(ttftMs) && chunk.text !== '') ttftMs = performance.now() - started;
    },
  });
  const ms = performance.now() - started;
  const tokens = sequence.tokenMeter.usedOutputTokens;
  chat.dispose();
  sequence.dispose();
  return { tokens, ms, ttftMs, threads: llama.cpuMathCores, gpu: llama.gpu };
}

send({ ready: true, threads: llama.cpuMathCores, gpu: llama.gpu });
