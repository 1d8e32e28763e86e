export function installExports() {}
