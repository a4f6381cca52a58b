import fs from 'node:fs';
import path from 'node:path';
import { LocalEngineDisposedError, LocalModelUnavailableError, OTHER_PROVIDER_OPTIONS, downloadFailedMessage } from './errors.js';
import { llamaModule } from './llama-module.js';
import { RECOMMENDED_MODEL, modelLabel } from './recommended-model.js';

/** Called with bytes so far and the total (0 while unknown). */
export type DownloadProgress = (downloadedBytes: number, totalBytes: number) => void;

export interface ModelFilesOptions {
  modelsDir: string;
  /** Hugging Face endpoint (a mirror); default https://huggingface.co/. */
  huggingFaceEndpoint?: string;
  /** How long the reachability check before a download may take; default 10 s. */
  preflightTimeoutMs?: number;
  logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

interface InFlightDownload {
  promise: Promise<string>;
  listeners: Set<DownloadProgress>;
  waiters: number;
  abort: AbortController;
  downloaded: number;
  total: number;
}

const REMOTE_REF = /^(hf:|huggingface:|hf\.co\/|huggingface\.co\/|https?:\/\/)/i;
const DEFAULT_HF_ENDPOINT = 'https://huggingface.co/';

/** True for references that name a download (hf: URIs, URLs) rather than a file on disk. */
export function isRemoteModelRef(modelRef: string): boolean {
  return REMOTE_REF.test(modelRef);
}

/**
 * Resolves model references to local GGUF files, downloading into modelsDir when needed.
 * Concurrent requests for one reference share a single download; it is cancelled only when
 * every waiter has aborted, and the partial file is kept so the next attempt resumes.
 */
export class ModelFiles {
  readonly #opts: ModelFilesOptions;
  readonly #downloads = new Map<string, InFlightDownload>();
  #disposed = false;

  constructor(opts: ModelFilesOptions) {
    this.#opts = opts;
  }

  /** Where the recommended model lives once downloaded. */
  get recommendedPath(): string {
    return path.join(this.#opts.modelsDir, RECOMMENDED_MODEL.fileName);
  }

  /** Progress of a running download of this reference, or null. */
  progress(modelRef: string): { downloaded: number; total: number } | null {
    const download = this.#downloads.get(modelRef);
    return download ? { downloaded: download.downloaded, total: download.total } : null;
  }

  /** The local file for a reference, downloading it first if needed. */
  async ensure(modelRef: string, onProgress?: DownloadProgress, signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    if (!isRemoteModelRef(modelRef)) return this.#localFile(modelRef);
    const present = await this.#presentFile(modelRef);
    if (present) return present;
    signal?.throwIfAborted();
    return this.#join(modelRef, onProgress, signal);
  }

  /** Cancels running downloads (their partial files stay for a later resume). */
  dispose(): void {
    this.#disposed = true;
    for (const download of this.#downloads.values()) download.abort.abort(new LocalEngineDisposedError());
  }

  #localFile(modelRef: string): string {
    const candidates = [path.resolve(modelRef), path.resolve(this.#opts.modelsDir, modelRef)];
    const found = candidates.find((candidate) => isFile(candidate));
    if (found) return found;
    throw new LocalModelUnavailableError({
      modelRef,
      message: `No model file at ${candidates[0]}. Point REDLINE_MODEL at an existing .gguf file or an hf: URI, or ${OTHER_PROVIDER_OPTIONS}.`,
    });
  }

  async #presentFile(modelRef: string): Promise<string | null> {
    try {
      // download: false only looks in modelsDir: no network, so an offline restart still finds the file.
      return await (await llamaModule()).resolveModelFile(modelRef, { ...this.#resolveOptions(modelRef), download: false });
    } catch {
      return null;
    }
  }

  #join(modelRef: string, onProgress: DownloadProgress | undefined, signal: AbortSignal | undefined): Promise<string> {
    if (this.#disposed) return Promise.reject(new LocalEngineDisposedError());
    const current = this.#downloads.get(modelRef) ?? this.#start(modelRef);
    current.waiters++;
    if (onProgress) {
      current.listeners.add(onProgress);
      if (current.total > 0) onProgress(current.downloaded, current.total);
    }
    return new Promise<string>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        if (onProgress) current.listeners.delete(onProgress);
        signal?.removeEventListener('abort', onAbort);
        current.waiters--;
      };
      const onAbort = (): void => {
        leave();
        if (current.waiters === 0) {
          // Forget it now so a new request starts a fresh (resuming) download instead of joining a cancelled one.
          if (this.#downloads.get(modelRef) === current) this.#downloads.delete(modelRef);
          current.abort.abort(signal?.reason);
        }
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      current.promise.then(
        (file) => {
          leave();
          resolve(file);
        },
        (error: unknown) => {
          leave();
          reject(error);
        },
      );
    });
  }

  #start(modelRef: string): InFlightDownload {
    const download: InFlightDownload = {
      promise: Promise.resolve(''),
      listeners: new Set(),
      waiters: 0,
      abort: new AbortController(),
      downloaded: 0,
      total: 0,
    };
    const onStatus = (status: { downloadedSize: number; totalSize: number }): void => {
      download.downloaded = status.downloadedSize;
      download.total = status.totalSize;
      for (const listener of download.listeners) listener(status.downloadedSize, status.totalSize);
    };
    download.promise = this.#download(modelRef, onStatus, download.abort.signal).finally(() => {
      if (this.#downloads.get(modelRef) === download) this.#downloads.delete(modelRef);
    });
    // The promise is consumed by every waiter; this keeps an abandoned one from being an unhandled rejection.
    download.promise.catch(() => undefined);
    this.#downloads.set(modelRef, download);
    return download;
  }

  async #download(
    modelRef: string,
    onStatus: (status: { downloadedSize: number; totalSize: number }) => void,
    signal: AbortSignal,
  ): Promise<string> {
    const { logger, modelsDir } = this.#opts;
    try {
      // node-llama-cpp's downloader retries a refused connection ~150 times before failing;
      // one quick reachability check turns "offline" into an immediate, actionable error.
      await this.#preflight(modelRef, signal);
      logger.info({ modelRef, modelsDir }, 'downloading local model');
      const { resolveModelFile } = await llamaModule();
      const file = await resolveModelFile(modelRef, {
        ...this.#resolveOptions(modelRef),
        download: 'auto',
        onProgress: onStatus,
        signal,
        deleteTempFileOnCancel: false,
      });
      logger.info({ modelRef, file }, 'local model downloaded');
      return file;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      logger.warn({ modelRef, err: error }, 'local model download failed');
      throw new LocalModelUnavailableError({ modelRef, message: downloadFailedMessage(modelLabel(modelRef), error), cause: error });
    }
  }

  async #preflight(modelRef: string, signal: AbortSignal): Promise<void> {
    const origin = new URL(/^https?:\/\//i.test(modelRef) ? modelRef : this.#hfEndpoint()).origin;
    const timeout = AbortSignal.timeout(this.#opts.preflightTimeoutMs ?? 10_000);
    try {
      // Any HTTP answer proves the host is reachable; only network failures matter here.
      await fetch(origin, { method: 'HEAD', signal: AbortSignal.any([signal, timeout]), redirect: 'manual' });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const reason = timeout.aborted ? `${origin} did not answer within ${this.#opts.preflightTimeoutMs ?? 10_000} ms` : `cannot reach ${origin}`;
      throw new Error(reason, { cause: error });
    }
  }

  #resolveOptions(modelRef: string): { directory: string; cli: false; fileName?: string; endpoints: { huggingFace: string } } {
    return {
      directory: this.#opts.modelsDir,
      cli: false,
      // Passing the endpoint explicitly stops node-llama-cpp from reading HF_ENDPOINT itself (config is read once, upstream).
      endpoints: { huggingFace: this.#hfEndpoint() },
      ...(modelRef === RECOMMENDED_MODEL.uri ? { fileName: RECOMMENDED_MODEL.fileName } : {}),
    };
  }

  #hfEndpoint(): string {
    return this.#opts.huggingFaceEndpoint ?? DEFAULT_HF_ENDPOINT;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
