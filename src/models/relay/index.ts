export { brokenStreamError, openRelay, type OpenedRelay, type RelayOutcome } from './open-relay.js';
export { relayTarget, type RelayRoute, type RelayTarget } from './relay-route.js';
export { relayedText } from './relayed-text.js';
export { continueAnswer } from './continue-answer.js';
export { ByteLog } from './byte-log.js';
