import { memo, useCallback, useMemo } from 'react';
import type { Message, MessageStatus } from '../../api/types';
import { continueAnswer, regenerate } from '../../hooks/chat-actions';
import type { AppState } from '../../state/app-state';
import { dispatch, useAppState } from '../../state/app-store';
import { groundingOf } from '../../state/grounding-view';
import { canContinue } from '../../state/selectors';
import { IconAlert, IconContinue, IconRegenerate } from '../icons';
import { CitationContext, type CitationHandlers } from '../markdown/citation-context';
import { Markdown, type MarkdownGrounding } from '../markdown/markdown';
import { CopyButton } from '../ui/copy-button';
import { AnswerLabel } from './answer-label';
import { AnswerSources } from './answer-sources';
import { BranchSwitcher } from './branch-switcher';
import { FeedbackButtons } from './feedback-buttons';
import { ReasoningBlock } from './reasoning-block';
import { ToolCalls } from './tool-calls';
import { UsedMemoriesButton, UsedMemoriesPanel, useUsedMemories } from './used-memories';

interface AssistantMessageProps {
  message: Message;
  isLast: boolean;
}

const STATUS_LABELS: Partial<Record<MessageStatus, string>> = {
  streaming: 'Generating',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
  failed: 'Failed',
};

/** An answer: full-width Markdown, then branches, actions (copy, rate, regenerate), how it was made, and status. */
export const AssistantMessage = memo(function AssistantMessage({ message, isLast }: AssistantMessageProps) {
  const phase = useAppState(useCallback((s: AppState) => (s.stream?.assistantMessageId === message.id ? s.stream.phase : null), [message.id]));
  const streaming = phase !== null;
  const bannerShown = useAppState(useCallback((s: AppState) => s.banner?.messageId === message.id, [message.id]));
  const busy = useAppState((s) => s.stream !== null);
  const local = message.id.startsWith('local-');
  const generating = streaming || message.status === 'streaming';
  const retryable = (message.status === 'failed' || message.status === 'interrupted') && !generating;
  const continuable = canContinue(message) && !generating;
  const used = useUsedMemories();
  const status = phase === 'reconnecting' ? 'Reconnecting…' : generating ? STATUS_LABELS.streaming : STATUS_LABELS[message.status];
  const { grounding, markdownGrounding, citations } = useGrounding(message);

  return (
    <div
      className="message message-assistant"
      data-message-id={message.id}
      data-role="assistant"
      data-status={generating ? 'streaming' : message.status}
      data-fresh={local || undefined}
      aria-busy={generating || undefined}
    >
      <div className="assistant-body">
        {message.metadata?.reasoning && <ReasoningBlock text={message.metadata.reasoning.text} live={generating && !message.content} />}
        {message.metadata?.toolCalls && <ToolCalls calls={message.metadata.toolCalls} />}
        {message.content ? (
          <CitationContext.Provider value={citations}>
            <Markdown text={message.content} streaming={generating} grounding={markdownGrounding} />
          </CitationContext.Provider>
        ) : generating ? (
          !message.metadata?.reasoning && <TypingIndicator />
        ) : (
          <p className="empty-answer">{message.status === 'complete' ? 'The model returned an empty answer.' : 'No answer yet.'}</p>
        )}
        <AnswerSources grounding={grounding} streaming={generating} onOpen={citations.open} />
        {retryable && !bannerShown && message.error && (
          <div className="inline-error" role="note">
            <IconAlert />
            <span>{message.error.message}</span>
          </div>
        )}
      </div>
      <div className="message-toolbar assistant-toolbar" data-last={isLast || undefined}>
        <BranchSwitcher messageId={message.id} />
        {!generating && (
          <div className="message-actions">
            {message.content && <CopyButton text={message.content} />}
            {message.content && <FeedbackButtons message={message} />}
            <button
              type="button"
              className="icon-button"
              aria-label="Regenerate"
              title="Regenerate"
              disabled={busy || local}
              onClick={() => void regenerate(message.id)}
            >
              <IconRegenerate />
            </button>
          </div>
        )}
        {continuable && (
          <button
            type="button"
            className="button button-small"
            aria-label="Continue"
            title="Continue this answer from where it stopped"
            disabled={busy || local}
            onClick={() => void continueAnswer(message.id)}
          >
            <IconContinue />
            Continue
          </button>
        )}
        {retryable && !bannerShown && (
          <button type="button" className="button button-small" aria-label="Retry" disabled={busy || local} onClick={() => void regenerate(message.id)}>
            <IconRegenerate />
            Retry
          </button>
        )}
        <div className="message-meta">
          {!generating && <UsedMemoriesButton message={message} open={used.open} onToggle={used.toggle} panelId={used.panelId} />}
          <AnswerLabel message={message} />
          {status && (
            <span className="status-badge" data-status={phase === 'reconnecting' ? 'reconnecting' : generating ? 'streaming' : message.status}>
              {status}
            </span>
          )}
        </div>
      </div>
      {used.open && !generating && <UsedMemoriesPanel message={message} id={used.panelId} />}
    </div>
  );
});

/** The answer's sources and check, in the shapes the renderer and the citation buttons want; stable while the metadata is. */
function useGrounding(message: Message) {
  const { metadata, id } = message;
  const active = useAppState(useCallback((s: AppState) => (s.ui.sourcePanel?.messageId === id ? s.ui.sourcePanel.n : null), [id]));
  const grounding = useMemo(() => groundingOf(metadata), [metadata]);
  const markdownGrounding = useMemo<MarkdownGrounding | undefined>(
    () => (grounding.citations.length > 0 || grounding.unsupported.length > 0 ? { citations: grounding.citations, unsupported: grounding.unsupported } : undefined),
    [grounding],
  );
  const citations = useMemo<CitationHandlers>(
    () => ({
      nameOf: (n) => grounding.sources.find((s) => s.n === n)?.name,
      open: (n) => dispatch({ type: 'ui/source-panel', panel: { messageId: id, n } }),
      active,
    }),
    [grounding, id, active],
  );
  return { grounding, markdownGrounding, citations };
}

function TypingIndicator() {
  return (
    <div className="typing-indicator" aria-label="Thinking">
      <span />
      <span />
      <span />
    </div>
  );
}
