import { lazy, Suspense } from 'react';
import { Composer } from './components/composer/composer';
import { Header } from './components/header/header';
import { Sidebar } from './components/sidebar/sidebar';
import { ErrorBanner } from './components/thread/error-banner';
import { Thread } from './components/thread/thread';
import { LogoMark } from './components/ui/logo';
import { useAnswerAttach } from './hooks/use-answer-attach';
import { useBootstrap, useThreadLoader } from './hooks/use-bootstrap';
import { useDocumentTitle } from './hooks/use-document-title';
import { useKeyboardShortcuts } from './hooks/use-keyboard-shortcuts';
import { useRouteSync } from './hooks/router';
import { useApplyTheme } from './hooks/use-theme';
import { useAppState } from './state/app-store';

const SettingsDialog = lazy(() => import('./components/settings/settings-dialog'));
// The Memory and Personalization pages: their own chunk, loaded when one is opened.
const PersonalizationArea = lazy(() => import('./components/personalization/personalization-area'));
// A project's page and the citation side panel: their own chunks, loaded when first opened.
const ProjectArea = lazy(() => import('./components/projects/project-area'));
const SourcePanel = lazy(() => import('./components/sources/source-panel'));
// Seen once per session at most (a loopback owner never sees it): not worth the initial bundle.
const SignIn = lazy(() => import('./components/auth/sign-in').then((module) => ({ default: module.SignIn })));

export function App() {
  useApplyTheme();
  useRouteSync();
  useBootstrap();
  const status = useAppState((s) => s.auth.status);
  if (status === 'loading') return <BootScreen />;
  if (status === 'signed-out') {
    return (
      <Suspense fallback={<BootScreen />}>
        <SignIn />
      </Suspense>
    );
  }
  return <ChatLayout />;
}

function ChatLayout() {
  useThreadLoader();
  useAnswerAttach();
  useKeyboardShortcuts();
  useDocumentTitle();
  const settingsOpen = useAppState((s) => s.ui.settingsOpen);
  const sidebarOpen = useAppState((s) => s.ui.sidebarOpen);
  const page = useAppState((s) => s.page);
  const sourcePanelOpen = useAppState((s) => s.ui.sourcePanel !== null);
  return (
    <div className="app" data-sidebar={sidebarOpen ? 'open' : 'closed'}>
      <Sidebar />
      <main className="main">
        {page === 'chat' ? (
          <>
            <Header />
            <Thread />
            <div className="composer-dock">
              <ErrorBanner />
              <Composer />
              <p className="composer-note">Redline can make mistakes. Check important information.</p>
            </div>
          </>
        ) : page === 'project' ? (
          <Suspense fallback={null}>
            <ProjectArea />
          </Suspense>
        ) : (
          <Suspense fallback={null}>
            <PersonalizationArea />
          </Suspense>
        )}
      </main>
      {sourcePanelOpen && page === 'chat' && (
        <Suspense fallback={null}>
          <SourcePanel />
        </Suspense>
      )}
      {settingsOpen && (
        <Suspense fallback={null}>
          <SettingsDialog />
        </Suspense>
      )}
    </div>
  );
}

/** Shown while asking the server who we are; offers a retry when it cannot be reached. */
function BootScreen() {
  const banner = useAppState((s) => s.banner);
  return (
    <main className="boot-screen" aria-busy={!banner}>
      <LogoMark size={40} />
      {banner ? (
        <div className="boot-error" role="alert">
          <p>{banner.message}</p>
          <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
            Try again
          </button>
        </div>
      ) : (
        <span className="visually-hidden">Loading Redline…</span>
      )}
    </main>
  );
}
