// Imports a package, or a file by URL, while the program runs. The prebuilt validator swaps this
// module for one that calls the import() of its entry (scripts/validate/build.ts): Node 20 loses an
// import() callback when V8 restores a script from its code cache, and the validator runs from one.
export function importAtRunTime<T>(specifier: string): Promise<T> {
  return import(specifier) as Promise<T>;
}
