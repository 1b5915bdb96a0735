export interface WriteLock {
  release(): Promise<void>;
}
export function holdWriteLock(databasePath: string): Promise<WriteLock>;
