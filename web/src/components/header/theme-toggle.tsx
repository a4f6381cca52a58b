import { toggleTheme, useEffectiveTheme } from '../../hooks/use-theme';
import { IconMoon, IconSun } from '../icons';

export function ThemeToggle() {
  const theme = useEffectiveTheme();
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Toggle theme"
      title={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
      onClick={toggleTheme}
    >
      {theme === 'dark' ? <IconSun /> : <IconMoon />}
    </button>
  );
}
