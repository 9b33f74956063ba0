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

/** The file a relative import names, or null for a package. */
function resolveImport(file, source) {
  if (!source.startsWith('.')) return null;
  return path.resolve(path.dirname(file), source.replace(/\?.*$/, ''));
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
    const from = srcFolders(file);
    if (!from || from[0] !== 'lessons' || from.length < 2) return {};
    return eachImport(context, (node, source) => {
      const target = resolveImport(file, source);
      const to = target && srcFolders(target);
      if (to && to[0] === 'lessons' && to.length >= 2 && to[1] !== from[1]) {
        context.report({ node, messageId: 'crossing', data: { from: from[1], to: to[1] } });
      }
    });
  },
};

/** Whether a module imports a value (not just types) from Lit: templates or elements make it a view. */
function importsLitValue(program) {
  return program.body.some(
    (node) =>
      node.type === 'ImportDeclaration' &&
      /^lit(\/|$)/.test(node.source.value) &&
      node.importKind !== 'type' &&
      node.specifiers.some((specifier) => specifier.importKind !== 'type'),
  );
}

const LIT_VALUE_IMPORT = /^import\s+(?!type\b)[^;]*?from\s+'lit(?:\/[^']*)?';/m;
const viewModules = new Map();

/** Whether the module at `file` is a view: an element (`wsp-*.ts`) or a module that takes templates or styles from Lit. */
function isViewModule(file) {
  if (path.basename(file).startsWith('wsp-')) return true;
  if (!viewModules.has(file)) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // A module that is not there is reported by the type check, not here.
    }
    viewModules.set(file, LIT_VALUE_IMPORT.test(text));
  }
  return viewModules.get(file);
}

/**
 * Controllers and models never import a view. A module that takes no value
 * from Lit renders nothing, so it is a controller or a model; it must not
 * import an element (`wsp-*.ts`) or another module that renders.
 */
const noViewInController = {
  meta: problem('A controller or model never imports a view.', {
    view: '{{file}} renders nothing (it takes no value from lit), so it is a controller or a model: it must not import the view {{target}}. Let the view pass what the controller needs, or send an event up.',
  }),
  create(context) {
    const file = context.filename;
    const from = srcFolders(file);
    if (!from || !['controllers', 'lessons', 'components'].includes(from[0])) return {};
    let isView = false;
    return {
      Program(program) {
        isView = importsLitValue(program);
      },
      ...eachImport(context, (node, source) => {
        if (isView) return;
        const target = resolveImport(file, source);
        if (target && srcFolders(target) && isViewModule(target)) {
          context.report({
            node,
            messageId: 'view',
            data: { file: path.basename(file), target: path.relative(path.dirname(file), target) },
          });
        }
      }),
    };
  },
};

const WIRES = new Set(['WebSocket', 'EventSource', 'WebSocketStream', 'WebTransport']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self']);

/** Whether `identifier` names the global of that name rather than a local, a parameter or an import. */
function isGlobal(context, identifier) {
  for (let scope = context.sourceCode.getScope(identifier); scope; scope = scope.upper) {
    const variable = scope.set.get(identifier.name);
    if (variable && variable.defs.length > 0) return false;
  }
  return true;
}

/** `X`, `globalThis.X`, `window.X` or `self.X`: the global name it reads, or null. */
function globalName(context, callee) {
  if (callee.type === 'Identifier') return isGlobal(context, callee) ? callee.name : null;
  if (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.object.type === 'Identifier' &&
    GLOBAL_OBJECTS.has(callee.object.name) &&
    isGlobal(context, callee.object)
  ) {
    return callee.property.name;
  }
  return null;
}

/**
 * Views and controllers never build a wire or call fetch: they ask
 * src/transport, which is the one place that talks to a server in either
 * mode. Reader-facing code that takes its WebSocket class as a parameter
 * (the client recipes) builds on that parameter, not the global, and passes.
 */
const noWireInView = {
  meta: problem('Only src/transport builds wires and calls fetch.', {
    wire: '{{what}} talks to a server, and only src/transport does that: ask a controller, which asks src/transport.',
  }),
  create(context) {
    const from = srcFolders(context.filename);
    if (!from || !['app', 'controllers', 'lessons', 'components'].includes(from[0])) return {};
    return {
      NewExpression(node) {
        const name = globalName(context, node.callee);
        if (name && WIRES.has(name)) context.report({ node, messageId: 'wire', data: { what: `new ${name}()` } });
      },
      CallExpression(node) {
        const name = globalName(context, node.callee);
        if (name === 'fetch') context.report({ node, messageId: 'wire', data: { what: 'fetch()' } });
      },
      ImportDeclaration(node) {
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportSpecifier' && specifier.imported.name === 'createService') {
            context.report({ node: specifier, messageId: 'wire', data: { what: 'createService' } });
          }
        }
      },
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
