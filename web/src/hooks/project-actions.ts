import { api } from '../api/client';
import { ApiError, errorMessage } from '../api/errors';
import type { Conversation, Project, ProjectPatch } from '../api/types';
import { appStore, dispatch } from '../state/app-store';
import { projectRoute } from '../state/route';
import { reportError } from './report-error';
import { navigateTo, navigateToRoute } from './router';

/** Loads the user's projects for the sidebar. A server without projects yet lists none. */
export async function loadProjects(): Promise<void> {
  dispatch({ type: 'projects/loading' });
  try {
    const { projects } = await api.listProjects();
    dispatch({ type: 'projects/loaded', projects });
  } catch (error) {
    dispatch({ type: 'projects/failed' });
    if (error instanceof ApiError && error.status === 404) return;
    reportError(error);
  }
}

/** Creates a project and opens its page. Resolves an error message to show in the form, or null. */
export async function createProject(name: string): Promise<string | null> {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the project a name.';
  try {
    const { project } = await api.createProject({ name: trimmed });
    dispatch({ type: 'project/upserted', project });
    openProject(project.id);
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) reportError(error);
    return errorMessage(error);
  }
}

export function openProject(id: string): void {
  navigateToRoute(projectRoute(id));
  if (!window.matchMedia('(min-width: 768px)').matches) dispatch({ type: 'ui/sidebar', open: false });
}

/**
 * Saves a change to a project: shown at once, put back if the server refuses it.
 * Resolves an error message to show next to the field, or null.
 */
export async function updateProject(project: Project, patch: ProjectPatch): Promise<string | null> {
  dispatch({ type: 'project/upserted', project: { ...project, ...patch } });
  try {
    const { project: saved } = await api.updateProject(project.id, patch);
    dispatch({ type: 'project/upserted', project: saved });
    return null;
  } catch (error) {
    const current = appStore.getState().projects.items.find((p) => p.id === project.id);
    if (current) dispatch({ type: 'project/upserted', project: { ...current, ...revert(project, patch) } });
    if (error instanceof ApiError && error.unauthorized) reportError(error);
    return errorMessage(error);
  }
}

/** The fields of `patch` as they were before it. */
function revert(project: Project, patch: ProjectPatch): ProjectPatch {
  const before: ProjectPatch = {};
  if (patch.name !== undefined) before.name = project.name;
  if (patch.instructions !== undefined) before.instructions = project.instructions;
  if (patch.strict !== undefined) before.strict = project.strict;
  return before;
}

/** Deletes a project and its files; its conversations are kept and leave it. */
export async function deleteProject(id: string): Promise<string | null> {
  try {
    await api.deleteProject(id);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      if (error instanceof ApiError && error.unauthorized) reportError(error);
      return errorMessage(error);
    }
  }
  const onIt = appStore.getState().activeProjectId === id;
  dispatch({ type: 'project/removed', id });
  if (onIt) navigateTo(null, { replace: true });
  return null;
}

/** Moves a conversation into a project, or out of it with null. Resolves an error message, or null. */
export async function moveConversation(conversation: Conversation, projectId: string | null): Promise<string | null> {
  try {
    const { conversation: saved } = await api.updateConversation(conversation.id, { projectId });
    dispatch({ type: 'conversation/upserted', conversation: { ...saved, projectId: saved.projectId === undefined ? projectId : saved.projectId } });
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) reportError(error);
    return errorMessage(error);
  }
}
