/** A module's URL rather than its exports, for a worker to import it (scripts/module-url-plugin.ts). */
declare module '*?module-url' {
  const url: string;
  export default url;
}
