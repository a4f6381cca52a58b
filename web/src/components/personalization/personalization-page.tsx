import { usePersonalization } from '../../hooks/use-personalization';
import { DataSection } from './data-section';
import { InstructionsSection } from './instructions-section';
import { MemorySwitchesSection } from './memory-switches-section';
import { StyleRulesSection } from './style-rules-section';

/** Custom instructions, the memory switches, the style profile, and import/export of conversations. */
export function PersonalizationPage() {
  const personalization = usePersonalization();
  const { settings, status, error, save, resetStyle } = personalization;
  return (
    <section className="personal-page" aria-labelledby="personalization-title">
      <div className="page-heading">
        <h1 id="personalization-title">Personalization</h1>
        <p className="page-lede">Tell Redline about yourself and how you like answers; choose what it may remember; bring your history with you.</p>
      </div>
      {status === 'loading' && <p className="settings-text">Loading…</p>}
      {status === 'error' && (
        <p className="form-error" role="alert">
          Your settings could not be loaded: {error}
        </p>
      )}
      {settings && (
        <>
          <InstructionsSection settings={settings} onSave={save} />
          <MemorySwitchesSection settings={settings} onSave={save} />
          <StyleRulesSection rules={settings.styleRules} onSave={save} onReset={resetStyle} />
        </>
      )}
      <DataSection />
    </section>
  );
}
