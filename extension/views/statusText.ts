// What the status bar item says for a daemon state and session counts (pure, unit-tested).
export interface StatusText {
  text: string;
  tooltip: string;
  severity: 'normal' | 'warning' | 'error';
}

/** Pure, for the unit test: what the item says for a given state. */
export function statusText(state: string, running: number, waiting: number, lastError: string | null): StatusText {
  if (state === 'starting') return { text: '$(loading~spin) Switchboard: starting daemon…', tooltip: 'Starting the Switchboard daemon…', severity: 'normal' };
  if (state !== 'up') {
    return {
      text: '$(debug-disconnect) Switchboard: daemon down',
      tooltip: `The Switchboard daemon is not running${lastError ? `: ${lastError}` : ''}. Click for actions.`,
      severity: 'error',
    };
  }
  const parts = [`${running} running`];
  if (waiting > 0) parts.push(`${waiting} waiting for you`);
  return {
    text: `${waiting > 0 ? '$(bell-dot)' : '$(pulse)'} ${parts.join(' · ')}`,
    tooltip: `Switchboard daemon up · ${running} running · ${waiting} waiting for you. Click for actions.`,
    severity: waiting > 0 ? 'warning' : 'normal',
  };
}
