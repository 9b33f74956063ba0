/** Made when the site is built (scripts/server-sources-plugin.ts); sources.ts gives it its type. */
declare module 'virtual:server-sources' {
  export const SERVER_SOURCES: unknown;
}
