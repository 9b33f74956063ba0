// The house rules of src/ that an import pattern cannot say: they resolve paths and scopes.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = `${path.sep}src${path.sep}`;

/** The folders of `file` below src/ (`['lessons', 'cors']`), or null outside src/. */
function srcFolders(file) {
  const at = file.lastIndexOf(SRC);
  if (at === -1) return null;
  return path.dirname(file.slice(at + SRC.length)).split(path.sep);
}

/** The folders below src/ of the file being linted when it lies in one of `layers` (`['lessons', 'cors']`), else null. */
function foldersIn(context, layers) {
  const from = srcFolders(context.filename);
  return from && layers.includes(from[0]) ? from : null;
}

/** The file an import names, relative (`../x.ts`) or from the project's root as Vite takes it (`/src/x.ts`); null for a package. */
function resolveImport(file, source) {
  const bare = source.replace(/\?.*$/, '');
  if (bare.startsWith('.')) return path.resolve(path.dirname(file), bare);
  const at = file.lastIndexOf(SRC);
  if (bare.startsWith('/src/') && at !== -1) return path.join(file.slice(0, at), bare);
  return null;
}

/** A rule's meta: every house rule reports a problem, with one message and no options. */
function problem(description, messages) {
  return { type: 'problem', docs: { description }, messages, schema: [] };
}

/** Every import and re-export of a module, with the node to report on. */
function eachImport(context, visit) {
  const check = (node) => {
    if (node.source && typeof node.source.value === 'string') visit(node, node.source.value);
  };
  return {
    ImportDeclaration: check,
    ExportNamedDeclaration: check,
    ExportAllDeclaration: check,
    ImportExpression: check,
  };
}

/** A lesson folder imports itself and the layers below, never another lesson's folder. */
const lessonBoundary = {
  meta: problem("A lesson folder never imports another lesson's folder.", {
    crossing:
      "src/lessons/{{from}}/ imports src/lessons/{{to}}/: a lesson never reaches into another lesson's folder. Move what both need into src/components/ (a view), src/controllers/ or a lower layer.",
  }),
  create(context) {
    const file = context.filename;
    const from = foldersIn(context, ['lessons']);
    if (!from || from.length < 2) return {};
    return eachImport(context, (node, source) => {
      const target = resolveImport(file, source);
      const to = target && srcFolders(target);
      if (to && to[0] === 'lessons' && to.length >= 2 && to[1] !== from[1]) {
        context.report({ node, messageId: 'crossing', data: { from: from[1], to: to[1] } });
      }
    });
  },
};

/** The Lit names that render: a module that takes one as a value draws templates or styles. */
const RENDERS = new Set(['html', 'svg', 'css', 'LitElement']);
const LIT_IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s*from\s*'lit(?:\/[^']*)?';/gm;

/** Whether a module is a view: an element (`wsp-*.ts`), or a module that imports a rendering name from Lit as a value. */
function isView(file, text) {
  if (path.basename(file).startsWith('wsp-')) return true;
  for (const [, typeOnly, names] of text.matchAll(LIT_IMPORT)) {
    if (typeOnly) continue;
    const values = names.split(',').map((name) => name.trim());
    if (values.some((name) => RENDERS.has(name.split(/\s+as\s+/)[0]))) return true;
  }
  return false;
}

/** The text of the module at `file`; empty when it is not there (the type check reports that, not this rule). */
function moduleText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Controllers and models never import a view. A module that renders nothing
 * (no element, no html, css or svg from Lit) is a controller or a model; it
 * must not import an element or another module that renders.
 */
const noViewInController = {
  meta: problem('A controller or model never imports a view.', {
    view: '{{file}} renders nothing, so it is a controller or a model: it must not import the view {{target}}. Let the view pass what the controller needs, or send an event up.',
  }),
  create(context) {
    const file = context.filename;
    if (
      !foldersIn(context, ['controllers', 'lessons', 'components', 'playground']) ||
      isView(file, context.sourceCode.text)
    )
      return {};
    return eachImport(context, (node, source) => {
      const target = resolveImport(file, source);
      if (target && srcFolders(target) && isView(target, moduleText(target))) {
        context.report({
          node,
          messageId: 'view',
          data: { file: path.basename(file), target: path.relative(path.dirname(file), target) },
        });
      }
    });
  },
};

/** The page's ways to reach a server: only src/transport may so much as name them. */
const WIRES = new Set(['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'WebSocketStream', 'WebTransport']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self']);
/** Transport's own: the page's one simulated service, and the service factory it is made with. */
const TRANSPORT_ONLY = [`${path.sep}src${path.sep}transport${path.sep}page-service.ts`];
const SERVICE_FACTORY = `${path.sep}src${path.sep}service${path.sep}service.ts`;

/**
 * Views and controllers never build a wire or call fetch: they ask
 * src/transport, which is the one place that talks to a server in either
 * mode. Any use of the browser's wires counts, called or not (an alias is a
 * wire all the same); so does making a service, or reaching transport's own
 * page service. The client recipes are exempt by path: they are the
 * browser's API exactly as a page writes it, shown to the reader, and take
 * their WebSocket class from the demo that runs them.
 */
const noWireInView = {
  meta: problem('Only src/transport builds wires and calls fetch.', {
    wire: '{{what}} talks to a server, and only src/transport does that: ask a controller, which asks src/transport.',
  }),
  create(context) {
    const file = context.filename;
    const from = foldersIn(context, ['app', 'controllers', 'lessons', 'components', 'playground']);
    if (!from || (from[0] === 'lessons' && from[1] === 'client' && from[2] === 'recipes')) return {};
    const report = (node, what) => context.report({ node, messageId: 'wire', data: { what } });
    return {
      'Program:exit'(program) {
        // Every value reference to a global of that name (a call, a `new`, an alias), but not `typeof X` in a type.
        for (const reference of context.sourceCode.getScope(program).through) {
          const { name } = reference.identifier;
          const inType = reference.identifier.parent?.type === 'TSTypeQuery';
          if (reference.isValueReference && !inType && WIRES.has(name)) report(reference.identifier, name);
        }
      },
      MemberExpression(node) {
        const { object, property, computed } = node;
        if (computed || object.type !== 'Identifier' || !GLOBAL_OBJECTS.has(object.name)) return;
        if (WIRES.has(property.name)) report(node, `${object.name}.${property.name}`);
      },
      ...eachImport(context, (node, source) => {
        const target = resolveImport(file, source);
        if (!target) return;
        if (TRANSPORT_ONLY.some((only) => target.endsWith(only))) report(node, 'the page service');
        if (!target.endsWith(SERVICE_FACTORY) || node.type !== 'ImportDeclaration') return;
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportNamespaceSpecifier') report(specifier, 'the service module');
          if (specifier.type === 'ImportSpecifier' && specifier.imported.name === 'createService') {
            report(specifier, 'createService');
          }
        }
      }),
    };
  },
};

export default {
  meta: { name: 'house' },
  rules: {
    'lesson-boundary': lessonBoundary,
    'no-view-in-controller': noViewInController,
    'no-wire-in-view': noWireInView,
  },
};
