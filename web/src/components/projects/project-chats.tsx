import { useState } from 'react';
import type { Conversation, Project } from '../../api/types';
import { openConversation } from '../../hooks/conversation-actions';
import { moveConversation } from '../../hooks/project-actions';
import { pathForConversation } from '../../hooks/router';
import { useProjectConversations } from '../../hooks/use-project-conversations';
import { formatDateTime } from '../../lib/format';
import { IconChat, IconClose } from '../icons';

/** The project's chats, newest first; each opens, or leaves the project. */
export function ProjectChats({ project }: { project: Project }) {
  const { items, status, error, reload } = useProjectConversations(project.id);
  const [moveError, setMoveError] = useState<string | null>(null);
  const leave = async (conversation: Conversation) => {
    const failure = await moveConversation(conversation, null);
    setMoveError(failure);
    if (!failure) reload();
  };
  return (
    <section className="project-section" aria-labelledby="project-chats-title">
      <div className="project-section-head">
        <h2 id="project-chats-title">Chats</h2>
      </div>
      {status === 'loading' && items.length === 0 && <p className="project-note">Loading chats…</p>}
      {status === 'error' && (
        <p className="form-error" role="alert">
          The chats could not be loaded: {error}
        </p>
      )}
      {status === 'ready' && items.length === 0 && <p className="project-note">No chats yet. Start one above: it can cite this project's files.</p>}
      {moveError && (
        <p className="form-error" role="alert">
          {moveError}
        </p>
      )}
      {items.length > 0 && (
        <ul className="project-chats" aria-label={`Chats in ${project.name}`}>
          {items.map((conversation) => {
            const title = conversation.title.trim() || 'New chat';
            return (
              <li key={conversation.id} className="project-chat">
                <a
                  href={pathForConversation(conversation.id)}
                  className="project-chat-link"
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    openConversation(conversation.id);
                  }}
                >
                  <IconChat />
                  <span className="project-chat-title">{title}</span>
                  <time className="project-chat-date" dateTime={conversation.updatedAt}>
                    {formatDateTime(conversation.updatedAt)}
                  </time>
                </a>
                <button
                  type="button"
                  className="icon-button small project-chat-leave"
                  aria-label={`Remove ${title} from the project`}
                  title="Remove from project (the chat is kept)"
                  onClick={() => void leave(conversation)}
                >
                  <IconClose />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
