import { setTheme } from '../../hooks/use-theme';
import type { ThemePreference } from '../../state/app-state';
import { useAppState } from '../../state/app-store';

const OPTIONS: { value: ThemePreference; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Follow your device' },
  { value: 'light', label: 'Light', hint: 'Always light' },
  { value: 'dark', label: 'Dark', hint: 'Always dark' },
];

export function AppearanceSection() {
  const theme = useAppState((s) => s.theme);
  return (
    <section className="settings-section">
      <h3>Theme</h3>
      <div className="theme-options" role="radiogroup" aria-label="Theme">
        {OPTIONS.map((option) => (
          <label key={option.value} className="theme-option" data-value={option.value}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => setTheme(option.value)}
            />
            <span className="theme-swatch" aria-hidden="true" />
            <span className="theme-label">{option.label}</span>
            <span className="theme-hint">{option.hint}</span>
          </label>
        ))}
      </div>
    </section>
  );
}
