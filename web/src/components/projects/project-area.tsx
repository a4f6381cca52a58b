import { useEffect, useMemo, useState, type DragEvent } from 'react';
import type { DocumentScope, Project } from '../../api/types';
import { loadFiles, uploadFiles } from '../../hooks/file-actions';
import { deleteProject } from '../../hooks/project-actions';
import { useAppState } from '../../state/app-store';
import { IconTrash, IconUpload } from '../icons';
import { OpenSidebarButton } from '../ui/open-sidebar-button';
import { ErrorBanner } from '../thread/error-banner';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ProjectChats } from './project-chats';
import { ProjectComposer } from './project-composer';
import { ProjectFiles } from './project-files';
import { ProjectName } from './project-name';
import { ProjectSettings } from './project-settings';
import '../../styles/projects.css';

/**
 * A project's page, in its own chunk: its name, a composer that starts a chat in it, its files
 * (upload by button or by dropping anywhere on the page), its instructions and strict switch, and
 * its chats.
 */
export default function ProjectArea() {
  const projectId = useAppState((s) => s.activeProjectId);
  const project = useAppState((s) => s.projects.items.find((p) => p.id === s.activeProjectId) ?? null);
  const status = useAppState((s) => s.projects.status);
  const sidebarOpen = useAppState((s) => s.ui.sidebarOpen);
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  return (
    <div className="project-area">
      <header className="app-header project-header">
        <div className="header-start">
          {!sidebarOpen && (
            <OpenSidebarButton />
          )}
          <span className="project-header-title">Project</span>
        </div>
        {project && (
          <div className="header-end">
            <button type="button" className="button button-small project-delete" onClick={() => setConfirming(true)}>
              <IconTrash />
              <span className="header-label">Delete project</span>
            </button>
          </div>
        )}
      </header>
      {project ? (
        <ProjectBody key={project.id} project={project} />
      ) : (
        <div className="project-scroll">
          <div className="project-content">
            {status === 'ready' || status === 'error' ? (
              <p className="project-missing" role="alert">
                {projectId ? 'This project does not exist or was deleted.' : 'No project is open.'}
              </p>
            ) : (
              <div className="project-skeleton" aria-label="Loading the project">
                <span style={{ width: '45%' }} />
                <span style={{ width: '100%', height: 56 }} />
                <span style={{ width: '70%' }} />
              </div>
            )}
          </div>
        </div>
      )}
      {confirming && project && (
        <ConfirmDialog
          title="Delete project?"
          confirmLabel="Delete project"
          onCancel={() => {
            setConfirming(false);
            setDeleteError(null);
          }}
          onConfirm={async () => {
            const failure = await deleteProject(project.id);
            if (failure) setDeleteError(failure);
            else setConfirming(false);
          }}
        >
          <p className="confirm-text">
            <strong>{project.name}</strong> and its {project.documentCount === 1 ? 'file' : `${project.documentCount} files`} will be deleted. Its chats are kept
            and leave the project. This cannot be undone.
          </p>
          {deleteError && (
            <p className="form-error" role="alert">
              {deleteError}
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

function ProjectBody({ project }: { project: Project }) {
  const scope = useMemo<DocumentScope>(() => ({ kind: 'project', id: project.id }), [project.id]);
  const [dragging, setDragging] = useState(false);

  // Opening the page shows the files as they are now (another tab may have added some).
  useEffect(() => {
    void loadFiles(scope);
  }, [scope]);

  const onDrag = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    if (event.type === 'dragleave') {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    } else setDragging(true);
  };

  return (
    <div
      className="project-scroll"
      data-dragging={dragging || undefined}
      onDragEnter={onDrag}
      onDragOver={onDrag}
      onDragLeave={onDrag}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(false);
        void uploadFiles(scope, [...e.dataTransfer.files]);
      }}
    >
      <div className="project-content">
        <ProjectName project={project} />
        <ProjectComposer project={project} />
        <div className="project-banner">
          <ErrorBanner />
        </div>
        <ProjectFiles project={project} scope={scope} />
        <ProjectSettings project={project} />
        <ProjectChats project={project} />
      </div>
      {dragging && (
        <div className="project-drop" aria-hidden="true">
          <div className="project-drop-card">
            <IconUpload />
            <strong>Drop files to add them to {project.name}</strong>
            <span>Every chat in this project can cite them.</span>
          </div>
        </div>
      )}
    </div>
  );
}
