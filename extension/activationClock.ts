// Imported first by extension.ts so that this timestamp is taken before the bundle's other modules
// (the language client) are evaluated: activation time = bundle evaluation + activate().
export const moduleLoadStart = performance.now();
