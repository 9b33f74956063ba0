/**
 * The course: every lesson, in reading order. The only module that knows them
 * all; each lesson's code is loaded when the reader opens it.
 */
export interface LessonEntry {
  readonly slug: string;
  readonly title: string;
  /** One line for the lesson list and the not-found page. */
  readonly summary: string;
  /** The lesson's element, defined once `load` resolves. */
  readonly tag: string;
  readonly load: () => Promise<unknown>;
}

export const lessons: readonly LessonEntry[] = [
  {
    slug: 'what-are-websockets',
    title: 'What are WebSockets?',
    summary: 'One connection, both sides talking whenever they like.',
    tag: 'wsp-lesson-what-are-websockets',
    load: () => import('../lessons/what-are-websockets/wsp-lesson-what-are-websockets.ts'),
  },
  {
    slug: 'handshake',
    title: 'The handshake and its headers',
    summary: 'How an HTTP request becomes a WebSocket.',
    tag: 'wsp-lesson-handshake',
    load: () => import('../lessons/handshake/wsp-lesson-handshake.ts'),
  },
  {
    slug: 'cors',
    title: 'CORS and Origin',
    summary: 'Who may connect, and who decides.',
    tag: 'wsp-lesson-cors',
    load: () => import('../lessons/cors/wsp-lesson-cors.ts'),
  },
  {
    slug: 'frames',
    title: 'Frames',
    summary: 'The bytes every message travels in.',
    tag: 'wsp-lesson-frames',
    load: () => import('../lessons/frames/wsp-lesson-frames.ts'),
  },
  {
    slug: 'closing',
    title: 'Closing a connection',
    summary: 'Close frames, close codes and connections that just vanish.',
    tag: 'wsp-lesson-closing',
    load: () => import('../lessons/closing/wsp-lesson-closing.ts'),
  },
  {
    slug: 'client',
    title: 'The browser client',
    summary: 'The WebSocket API, its events and its traps.',
    tag: 'wsp-lesson-client',
    load: () => import('../lessons/client/wsp-lesson-client.ts'),
  },
  {
    slug: 'server',
    title: 'A Node server',
    summary: 'This site’s own server, read line by line.',
    tag: 'wsp-lesson-server',
    load: () => import('../lessons/server/wsp-lesson-server.ts'),
  },
  {
    slug: 'use-cases',
    title: 'Use cases',
    summary: 'Chat, live prices, shared editing, games, notifications.',
    tag: 'wsp-lesson-use-cases',
    load: () => import('../lessons/use-cases/wsp-lesson-use-cases.ts'),
  },
  {
    slug: 'key-points',
    title: 'Key points',
    summary: 'The whole course in four sentences, and a self-check.',
    tag: 'wsp-lesson-key-points',
    load: () => import('../lessons/key-points/wsp-lesson-key-points.ts'),
  },
];

export function findLesson(slug: string): LessonEntry | undefined {
  return lessons.find((lesson) => lesson.slug === slug);
}
