import type { LocalSetup } from '../models/index.js';
import type { ApiClient } from './api-client.js';
import { renderProgress } from './progress-bar.js';

/** Downloads the recommended local model through the server, with a progress bar; resolves true when it is ready. */
export async function downloadRecommendedModel(api: ApiClient, out: NodeJS.WriteStream): Promise<boolean> {
  let { setup } = await api.json<{ setup: LocalSetup }>('POST', '/api/setup/local-model');
  out.write(`Downloading ${setup.model} (${setup.uri})\n`);
  while (setup.state === 'downloading' || setup.state === 'idle') {
    if (out.isTTY) out.write(`\r${renderProgress(setup.downloadedBytes, setup.totalBytes)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    ({ setup } = await api.json<{ setup: LocalSetup }>('GET', '/api/setup/local-model'));
  }
  out.write(`\r${renderProgress(setup.downloadedBytes, setup.totalBytes)}\n`);
  if (setup.state === 'failed') {
    out.write(`\nThe download failed: ${setup.error ?? 'unknown error'}\n${setup.hint}\n`);
    return false;
  }
  out.write(`${setup.model} is ready.\n`);
  return true;
}
