/**
 * The footer's freshness note: shown only while the tracker polls, with the sweep time, and
 * dropped on a terminal too narrow for it and the key hints.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import React from 'react';
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { Footer, refreshNote } from '../../components/chrome/footer.js';
import { createTheme } from '../../components/theme.js';

describe('footer freshness note', () => {
  it('says how fresh rows off screen are while polling, and nothing on the change feed', () => {
    assert.equal(refreshNote('polling', 30_000), 'polling: rows on screen every refresh, others within ~30s');
    assert.equal(refreshNote('change-feed', undefined), undefined);
    assert.equal(refreshNote(undefined, undefined), undefined);
  });

  it('shows the note when it fits beside every hint, and drops it on a narrow terminal', () => {
    const note = refreshNote('polling', 12_000)!;
    const wide = render(<Footer scope="table" readOnly={false} width={400} theme={createTheme(false)} note={note} />);
    assert.match(stripAnsi(wide.lastFrame() ?? ''), /polling: rows on screen every refresh, others within ~12s/);
    wide.unmount();
    const narrow = render(<Footer scope="table" readOnly={false} width={60} theme={createTheme(false)} note={note} />);
    assert.doesNotMatch(stripAnsi(narrow.lastFrame() ?? ''), /polling/);
    narrow.unmount();
  });
});
