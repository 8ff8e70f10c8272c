/** Read configuration once, at cold start, and fail fast with the name of what is missing. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export const optionalEnv = (name: string, fallback: string) => process.env[name] || fallback;
