/**
 * obj[key] = value as an own data property, even for keys like `__proto__` whose assignment is special: a variable
 * may be called `__proto__`, and maps keyed by user names must never reach Object.prototype.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
