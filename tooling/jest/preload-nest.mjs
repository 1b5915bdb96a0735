// CommonJS packages (@nestjs/throttler, nestjs-pino) require() the ESM-only Nest packages. Jest's module registry
// refuses that while those are still being linked, so they are fully loaded before any test file imports the app.
await import('@nestjs/common');
await import('@nestjs/core');
