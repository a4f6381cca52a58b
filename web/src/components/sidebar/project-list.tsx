import { memo, useState } from 'react';
import type { Project } from '../../api/types';
import { openProject } from '../../hooks/project-actions';
import { useAppState } from '../../state/app-store';
import { pathForRoute, projectRoute } from '../../state/route';
import { IconFolder, IconPlus } from '../icons';
import { NewProjectDialog } from '../projects/new-project-dialog';

/** The "Projects" group above the chats: each project opens its page; "New project" asks for a name. */
export function ProjectList() {
  const projects = useAppState((s) => s.projects);
  const activeId = useAppState((s) => (s.page === 'project' ? s.activeProjectId : null));
  const searching = useAppState((s) => s.search.query.trim() !== '');
  const [creating, setCreating] = useState(false);
  if (searching) return null;
  // Before the server has projects (or while they load for the first time) the group stays out of the way.
  if (projects.status === 'error' && projects.items.length === 0) return null;
  return (
    <section className="project-group" aria-labelledby="projects-label">
      <div className="group-label project-group-label">
        <h3 id="projects-label">Projects</h3>
        <button type="button" className="icon-button small" aria-label="New project" title="New project" onClick={() => setCreating(true)}>
          <IconPlus />
        </button>
      </div>
      <ul>
        {projects.items.map((project) => (
          <ProjectItem key={project.id} project={project} active={project.id === activeId} />
        ))}
        {projects.status === 'ready' && projects.items.length === 0 && (
          <li>
            <button type="button" className="project-link project-new" onClick={() => setCreating(true)}>
              <IconPlus />
              <span>New project</span>
            </button>
          </li>
        )}
      </ul>
      {creating && <NewProjectDialog onClose={() => setCreating(false)} />}
    </section>
  );
}

const ProjectItem = memo(function ProjectItem({ project, active }: { project: Project; active: boolean }) {
  return (
    <li className="conversation-item" data-active={active || undefined}>
      <a
        href={pathForRoute(projectRoute(project.id))}
        className="project-link"
        aria-current={active ? 'page' : undefined}
        title={project.name}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          openProject(project.id);
        }}
      >
        <IconFolder />
        <span>{project.name}</span>
      </a>
    </li>
  );
});
