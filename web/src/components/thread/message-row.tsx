import { memo, useMemo } from 'react';
import { useAppState } from '../../state/app-store';
import { selectMessage } from '../../state/selectors';
import { AssistantMessage } from './assistant-message';
import { UserMessage } from './user-message';

interface MessageRowProps {
  id: string;
  isLast: boolean;
}

/**
 * One row of the thread. Memoised and subscribed to its own message only, so a streaming
 * delta re-renders the streaming row and nothing else.
 */
export const MessageRow = memo(function MessageRow({ id, isLast }: MessageRowProps) {
  const selector = useMemo(() => selectMessage(id), [id]);
  const message = useAppState(selector);
  if (!message) return null;
  return message.role === 'user' ? (
    <UserMessage message={message} isLast={isLast} />
  ) : (
    <AssistantMessage message={message} isLast={isLast} />
  );
});
