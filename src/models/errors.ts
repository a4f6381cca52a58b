/** The requested model is neither an alias nor a configured provider's model (HTTP 404). */
export class UnknownModelError extends Error {
  readonly code = 'model_not_found';
  constructor(readonly model: string, known: string[]) {
    super(`The model "${model}" does not exist.${known.length ? ` Available: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}.` : ''}`);
    this.name = 'UnknownModelError';
  }
}

/** No provider is configured and no local model is ready yet (HTTP 503 with what to do). */
export class NoModelConfiguredError extends Error {
  readonly code = 'no_model_configured';
  constructor(hint: string) {
    super(`No model is configured. ${hint}`);
    this.name = 'NoModelConfiguredError';
  }
}
