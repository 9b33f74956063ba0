import type { LessonElement } from '../controllers/lesson-sections.ts';

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
  /** Loads the lesson's chunk; its element's class, typed so that every lesson keeps the shell's contract. */
  readonly load: () => Promise<new () => LessonElement>;
}

export const lessons: readonly LessonEntry[] = [
  {
    slug: 'what-are-websockets',
    title: 'What are WebSockets?',
    summary: 'One connection, both sides talking whenever they like.',
    tag: 'wsp-lesson-what-are-websockets',
    load: async () =>
      (await import('../lessons/what-are-websockets/wsp-lesson-what-are-websockets.ts')).WspLessonWhatAreWebsockets,
  },
  {
    slug: 'handshake',
    title: 'The handshake and its headers',
    summary: 'How an HTTP request becomes a WebSocket.',
    tag: 'wsp-lesson-handshake',
    load: async () => (await import('../lessons/handshake/wsp-lesson-handshake.ts')).WspLessonHandshake,
  },
  {
    slug: 'cors',
    title: 'CORS and Origin',
    summary: 'Who may connect, and who decides.',
    tag: 'wsp-lesson-cors',
    load: async () => (await import('../lessons/cors/wsp-lesson-cors.ts')).WspLessonCors,
  },
  {
    slug: 'security',
    title: 'Who may connect, and what they may do',
    summary: 'Cookies, tickets and tokens; expiry, per-message checks, limits and wss.',
    tag: 'wsp-lesson-security',
    load: async () => (await import('../lessons/security/wsp-lesson-security.ts')).WspLessonSecurity,
  },
  {
    slug: 'frames',
    title: 'Frames',
    summary: 'The bytes every message travels in.',
    tag: 'wsp-lesson-frames',
    load: async () => (await import('../lessons/frames/wsp-lesson-frames.ts')).WspLessonFrames,
  },
  {
    slug: 'compression',
    title: 'Compression',
    summary: 'permessage-deflate: negotiated, on the wire, X-rayed, and what it costs.',
    tag: 'wsp-lesson-compression',
    load: async () => (await import('../lessons/compression/wsp-lesson-compression.ts')).WspLessonCompression,
  },
  {
    slug: 'closing',
    title: 'Closing a connection',
    summary: 'Close frames, close codes and connections that just vanish.',
    tag: 'wsp-lesson-closing',
    load: async () => (await import('../lessons/closing/wsp-lesson-closing.ts')).WspLessonClosing,
  },
  {
    slug: 'client',
    title: 'The browser client',
    summary: 'The WebSocket API, its events and its traps.',
    tag: 'wsp-lesson-client',
    load: async () => (await import('../lessons/client/wsp-lesson-client.ts')).WspLessonClient,
  },
  {
    slug: 'server',
    title: 'A Node server',
    summary: 'This site’s own server, read line by line.',
    tag: 'wsp-lesson-server',
    load: async () => (await import('../lessons/server/wsp-lesson-server.ts')).WspLessonServer,
  },
  {
    slug: 'use-cases',
    title: 'Use cases',
    summary: 'Chat, live prices, shared editing, games, notifications.',
    tag: 'wsp-lesson-use-cases',
    load: async () => (await import('../lessons/use-cases/wsp-lesson-use-cases.ts')).WspLessonUseCases,
  },
  {
    slug: 'key-points',
    title: 'Key points',
    summary: 'The whole course in four sentences, and a self-check.',
    tag: 'wsp-lesson-key-points',
    load: async () => (await import('../lessons/key-points/wsp-lesson-key-points.ts')).WspLessonKeyPoints,
  },
];

/** The playground: a page of the site beside the course, not one of its numbered lessons. */
export const playground: LessonEntry = {
  slug: 'playground',
  title: 'Playground',
  summary: 'Write a client and a server of your own, run them, and read every frame.',
  tag: 'wsp-playground',
  load: async () => (await import('../playground/wsp-playground.ts')).WspPlayground,
};

export function findLesson(slug: string): LessonEntry | undefined {
  return lessons.find((lesson) => lesson.slug === slug);
}

/** A lesson of the course, or the playground. */
export function findPage(slug: string): LessonEntry | undefined {
  return slug === playground.slug ? playground : findLesson(slug);
}
