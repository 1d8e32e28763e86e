export function createInspector() {}
