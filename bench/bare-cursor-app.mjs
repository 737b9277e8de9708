// The baseline for the console's terminal figures: the barest full-screen Ink app that draws
// a header, twelve rows with a cursor that j/k move, and a footer, in the same terminal. Plain
// JavaScript run by node itself (no TypeScript loader), so its start-up is Ink's own floor.
import { Box, render, Text, useApp, useInput } from 'ink';
import React, { useState } from 'react';

const h = React.createElement;
const ROWS = Array.from({ length: 12 }, (_, index) => `row-${index}`);

function BareCursorApp() {
  const [cursor, setCursor] = useState(0);
  const { exit } = useApp();
  useInput((input) => {
    if (input === 'j') setCursor((at) => Math.min(ROWS.length - 1, at + 1));
    else if (input === 'k') setCursor((at) => Math.max(0, at - 1));
    else if (input === 'q') exit();
  });
  return h(
    Box,
    { flexDirection: 'column' },
    h(Text, null, 'Bare Ink app · cursor'),
    ...ROWS.map((row, index) => h(Text, { key: row }, `${index === cursor ? '›' : ' '} ${row}`)),
    h(Text, null, 'j down  k up  ? help  q quit'),
  );
}

process.stdout.write('\u001B[?1049h\u001B[H\u001B[2J');
const app = render(h(BareCursorApp), { exitOnCtrlC: true, patchConsole: false, maxFps: 60 });
await app.waitUntilExit();
process.stdout.write('\u001B[?1049l');
