import { useAppState } from '../../state/app-store';
import { projectRoute } from '../../state/route';
import { IconFolder } from '../icons';
import { PageLink } from '../ui/page-link';

/** In a conversation of a project: the project's name, which opens its page. */
export function ProjectChip() {
  const projectId = useAppState((s) => (s.activeConversationId ? (s.thread?.conversation?.projectId ?? null) : null));
  const name = useAppState((s) => (projectId ? (s.projects.items.find((p) => p.id === projectId)?.name ?? null) : null));
  if (!projectId) return null;
  return (
    <PageLink to={projectRoute(projectId)} className="project-chip" title={`Open the project${name ? ` “${name}”` : ''}`}>
      <IconFolder />
      <span className="project-chip-name">{name ?? 'Project'}</span>
    </PageLink>
  );
}
