import { isMessageFormat, type MessageFormat } from './message-encoding.ts';

/** A message the reader keeps to send again: a name, how to read the body, and the body. */
export interface MessageTemplate {
  readonly name: string;
  readonly format: MessageFormat;
  readonly body: string;
}

/** Where the templates live in localStorage. */
export const TEMPLATES_KEY = 'wsp-any-server-templates';

/** How many templates are kept, and how long a name and a body may be: storage is small and shared by the site. */
export const TemplateLimits = {
  count: 50,
  nameLength: 80,
  bodyLength: 64 * 1024,
} as const;

/** The templates a stored text holds; anything that is not a well-formed template is left out, never thrown. */
export function parseTemplates(stored: string | null): MessageTemplate[] {
  if (stored === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const kept = new Map<string, MessageTemplate>();
  for (const item of value) {
    const template = checkTemplate(item);
    if (template && !kept.has(template.name)) kept.set(template.name, template);
  }
  return [...kept.values()].slice(0, TemplateLimits.count);
}

function checkTemplate(item: unknown): MessageTemplate | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const { name, format, body } = item as Record<string, unknown>;
  if (typeof name !== 'string' || typeof body !== 'string' || !isMessageFormat(format)) return undefined;
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > TemplateLimits.nameLength || body.length > TemplateLimits.bodyLength) {
    return undefined;
  }
  return { name: trimmed, format, body };
}

function readStored(storage: Storage | undefined): string | null {
  try {
    return storage?.getItem(TEMPLATES_KEY) ?? null;
  } catch {
    return null;
  }
}

/**
 * The reader's message templates, kept in localStorage. Storage that is
 * missing, full or throws (privacy modes, a sandboxed frame) costs only
 * persistence: the templates then last as long as the page.
 */
export class TemplateStore {
  readonly #storage: Storage | undefined;
  #templates: MessageTemplate[];

  constructor(storage: Storage | undefined) {
    this.#storage = storage;
    this.#templates = parseTemplates(readStored(storage));
  }

  /** The templates, in the order they were first saved. */
  get templates(): readonly MessageTemplate[] {
    return this.#templates;
  }

  /**
   * Keeps a template (one of the same name is replaced in place). Returns a
   * sentence saying why not when it breaks a limit.
   */
  save(template: MessageTemplate): string | undefined {
    const name = template.name.trim();
    if (name === '') return 'A template needs a name.';
    if (name.length > TemplateLimits.nameLength)
      return `A template’s name is at most ${TemplateLimits.nameLength} characters.`;
    if (template.body.length > TemplateLimits.bodyLength) {
      return `A template’s body is at most ${TemplateLimits.bodyLength} characters.`;
    }
    const kept: MessageTemplate = { name, format: template.format, body: template.body };
    const at = this.#templates.findIndex((existing) => existing.name === name);
    if (at === -1 && this.#templates.length >= TemplateLimits.count) {
      return `At most ${TemplateLimits.count} templates are kept: delete one first.`;
    }
    this.#templates =
      at === -1 ? [...this.#templates, kept] : this.#templates.map((existing, i) => (i === at ? kept : existing));
    this.#write();
    return undefined;
  }

  remove(name: string): void {
    this.#templates = this.#templates.filter((template) => template.name !== name);
    this.#write();
  }

  #write(): void {
    try {
      this.#storage?.setItem(TEMPLATES_KEY, JSON.stringify(this.#templates));
    } catch {
      // Full or refused: the templates still hold for this page.
    }
  }
}
