#!/usr/bin/env node
// Entry point of the `dapr-workflow-tui` command: loads the TypeScript sources through tsx
// (so there is no build step) and hands over to the command line in src/cli/main.ts.
import { register } from 'tsx/esm/api';

// React's development build roughly doubles the console's CPU per frame.
process.env.NODE_ENV ??= 'production';
register();
await import('../src/cli/main.ts');
