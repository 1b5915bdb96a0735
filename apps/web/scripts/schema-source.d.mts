export const SCHEMA_FILE: string;
export function schemaSource(document: unknown): Promise<string>;
