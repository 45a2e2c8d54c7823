// Runs openWakeWord's three models (ONNX Runtime's WebAssembly build) off the
// main loop: the window keeps drawing while the microphone is scored every
// 80 ms for as long as the wake phrase is on.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-web';
import type { WakePhraseReply, WakePhraseRequest, WakePhraseSettings, WakeWordRole } from './wake-phrase-protocol.js';
import { CLASSIFIER_FRAMES, EMBEDDING_SIZE, EMBEDDING_WINDOW_FRAMES, MEL_BINS, WAKE_FRAME_SAMPLES, WakePhraseScorer, type WakeWordRunners } from './wake-phrase-scorer.js';

const port = parentPort;
if (!port) throw new Error('wake-phrase-worker must run in a worker thread');
const settings = workerData as WakePhraseSettings;
const post = (reply: WakePhraseReply): void => port.postMessage(reply);

// One thread: ONNX Runtime's threaded WASM would start its own workers and
// compete with the window for the two cores a small laptop has; these models
// are small enough that one thread scores an 80 ms frame in a few ms.
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

/** A model that is not what the pipeline needs; the main thread names the file and the shapes. */
class InvalidModel extends Error {
  constructor(
    readonly role: WakeWordRole,
    reason: string,
  ) {
    super(reason);
  }
}

interface Model {
  session: ort.InferenceSession;
  input: string;
  output: string;
}

/** The input each model must read; a name stands for any size (a batch, a number of samples). */
const INPUT_SHAPES: Record<WakeWordRole, ReadonlyArray<number | null>> = {
  melspectrogram: [1, null],
  embedding: [null, EMBEDDING_WINDOW_FRAMES, MEL_BINS, 1],
  classifier: [null, CLASSIFIER_FRAMES, EMBEDDING_SIZE],
};

/** Whether a model's declared input fits the one expected; a model that declares no shape is tried instead. */
function fits(declared: ReadonlyArray<number | string>, expected: ReadonlyArray<number | null>): boolean {
  if (declared.length === 0) return true;
  return declared.length === expected.length && declared.every((size, axis) => typeof size !== 'number' || expected[axis] === null || size === expected[axis]);
}

async function load(role: WakeWordRole, file: string): Promise<Model> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(fs.readFileSync(file));
  } catch (error) {
    // ONNX Runtime's own words are terse ("ERROR_CODE: 0, ERROR_MESSAGE: " for a text file): say what it means first.
    throw new InvalidModel(role, `it is not an ONNX model ONNX Runtime can read (${error instanceof Error ? error.message : String(error)})`);
  }
  const [input] = session.inputNames;
  const [output] = session.outputNames;
  if (session.inputNames.length !== 1 || input === undefined || output === undefined) {
    throw new InvalidModel(role, `it has ${session.inputNames.length} inputs and ${session.outputNames.length} outputs, not 1 and 1`);
  }
  const metadata = session.inputMetadata[0];
  if (metadata?.isTensor && (metadata.type !== 'float32' || !fits(metadata.shape, INPUT_SHAPES[role]))) {
    throw new InvalidModel(role, `its input is ${metadata.type} [${metadata.shape.join(', ')}]`);
  }
  return { session, input, output };
}

async function run(model: Model, role: WakeWordRole, data: Float32Array, dims: number[]): Promise<Float32Array> {
  let result: ort.InferenceSession.OnnxValueMapType;
  try {
    result = await model.session.run({ [model.input]: new ort.Tensor('float32', data, dims) });
  } catch (error) {
    throw new InvalidModel(role, error instanceof Error ? error.message : String(error));
  }
  const tensor = result[model.output];
  if (!tensor || tensor.type !== 'float32') throw new InvalidModel(role, `its output is ${tensor?.type ?? 'missing'}, not float32`);
  return tensor.data as Float32Array;
}

async function open(): Promise<WakeWordRunners> {
  const [mel, embedding, classifier] = await Promise.all([
    load('melspectrogram', settings.files.melspectrogram),
    load('embedding', settings.files.embedding),
    load('classifier', settings.files.classifier),
  ]);
  const runners: WakeWordRunners = {
    melspectrogram: (samples) => run(mel, 'melspectrogram', samples, [1, samples.length]),
    embedding: (window) => run(embedding, 'embedding', window, [1, EMBEDDING_WINDOW_FRAMES, MEL_BINS, 1]),
    classify: async (features) => (await run(classifier, 'classifier', features, [1, CLASSIFIER_FRAMES, EMBEDDING_SIZE]))[0] ?? 0,
  };
  // One silent frame through each model proves the shapes before anything is
  // heard: a model that loads but reads or writes other shapes fails here,
  // named, instead of on the first word.
  const frames = await runners.melspectrogram(new Float32Array(WAKE_FRAME_SAMPLES + 480));
  if (frames.length === 0 || frames.length % MEL_BINS !== 0) throw new InvalidModel('melspectrogram', `it gave ${frames.length} values, not frames of ${MEL_BINS}`);
  const features = await runners.embedding(new Float32Array(EMBEDDING_WINDOW_FRAMES * MEL_BINS));
  if (features.length !== EMBEDDING_SIZE) throw new InvalidModel('embedding', `it gave ${features.length} values, not ${EMBEDDING_SIZE}`);
  const scores = await run(classifier, 'classifier', new Float32Array(CLASSIFIER_FRAMES * EMBEDDING_SIZE), [1, CLASSIFIER_FRAMES, EMBEDDING_SIZE]);
  if (scores.length !== 1) throw new InvalidModel('classifier', `it gave ${scores.length} scores, not 1`);
  return runners;
}

const runners = await open().catch((error: unknown) => {
  if (error instanceof InvalidModel) post({ type: 'invalid', role: error.role, file: settings.files[error.role], reason: error.message });
  else post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  return undefined;
});
// Nothing to do without models: end the thread here (terminate() from outside a
// thread holding a WebAssembly instance took ~10 s under load).
if (!runners) process.exit(1);

if (runners) {
  const newScorer = (): WakePhraseScorer => new WakePhraseScorer(runners, { threshold: settings.threshold, refractoryMs: settings.refractoryMs });
  let scorer = newScorer();
  let busyMs = 0;
  let stream = 0;
  // Frames are scored strictly in order: each message waits for the one before.
  let queue: Promise<void> = Promise.resolve();
  const handle = async (request: WakePhraseRequest): Promise<void> => {
    if (request.type === 'reset') {
      scorer = newScorer();
      busyMs = 0;
      stream = request.stream;
    } else if (request.type === 'audio') {
      const started = performance.now();
      const detections = await scorer.push(request.samples);
      busyMs += performance.now() - started;
      for (const detection of detections) post({ type: 'detected', stream, ...detection });
    } else post({ type: 'ended', stream, heardMs: scorer.heardMs, busyMs, threadId });
  };
  port.on('message', (request: WakePhraseRequest) => {
    queue = queue.then(() => handle(request)).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
  });
  post({ type: 'ready' });
}
