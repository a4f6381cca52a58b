import type { MouseEvent, ReactNode } from 'react';
import { navigateToRoute } from '../../hooks/router';
import { pathForRoute, type Route } from '../../state/route';

interface PageLinkProps {
  to: Route;
  className?: string;
  children: ReactNode;
  current?: boolean;
  onNavigate?: () => void;
  title?: string;
}

/** A real link (middle-click and copy work) that navigates inside the app on a plain click. */
export function PageLink({ to, className, children, current, onNavigate, title }: PageLinkProps) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateToRoute(to);
    onNavigate?.();
  };
  return (
    <a href={pathForRoute(to)} className={className} aria-current={current ? 'page' : undefined} title={title} onClick={onClick}>
      {children}
    </a>
  );
}
