export { DocumentsService, DEFAULT_GROUNDING, type GroundingSettings, type TurnGrounding } from './documents-service.js';
export { DocumentInputError, DEFAULT_DOCUMENT_LIMITS, type DocumentInfo, type DocumentLimits, type DocumentScope, type Passage, type Project, type Source } from './types.js';
export { verifyLexically, verifyAnswer, type Verification } from './grounding/verify.js';
export { answerSentences, type AnswerSentence } from './grounding/sentences.js';
export { ABSTENTION, renderSources, toSources, sourceLabel } from './grounding/sources-prompt.js';
export { parseDocument, DocumentFormatError, SUPPORTED_FORMATS_TEXT } from './parse/index.js';
export { chunkDocument } from './chunk/index.js';
