import { useRef, useState } from 'react';
import type { Project } from '../../api/types';
import { updateProject } from '../../hooks/project-actions';
import { IconFolder } from '../icons';

/** The project's name as the page's heading, edited in place: saved on Enter or blur, Escape puts it back. */
export function ProjectName({ project }: { project: Project }) {
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const save = async (value: string) => {
    const name = value.trim();
    if (!name || name === project.name) {
      if (input.current) input.current.value = project.name;
      return;
    }
    setError(await updateProject(project, { name }));
  };
  return (
    <div className="project-title">
      <span className="project-title-icon" aria-hidden="true">
        <IconFolder />
      </span>
      <h1 className="visually-hidden">{project.name}</h1>
      <input
        ref={input}
        key={project.name}
        className="project-name-input"
        aria-label="Project name"
        defaultValue={project.name}
        maxLength={120}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            e.currentTarget.value = project.name;
            e.currentTarget.blur();
          }
        }}
        onBlur={(e) => void save(e.currentTarget.value)}
      />
      {error && (
        <p className="form-error project-title-error" role="alert">
          The name was not saved: {error}
        </p>
      )}
    </div>
  );
}
