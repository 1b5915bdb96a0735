import type { ChildProcess } from 'node:child_process';

export interface ApiProcess {
  base: string;
  process: ChildProcess;
  output: string;
}
export function freePort(): Promise<number>;
export function startApiProcess(env: NodeJS.ProcessEnv): Promise<ApiProcess>;
