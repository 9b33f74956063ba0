import { css } from 'lit';

/** The shell's layout: header, lesson list and lesson side by side, stacked on a phone. */
export const appStyles = css`
  :host {
    display: grid;
    grid-template-columns: minmax(13rem, 17rem) minmax(0, 1fr);
    grid-template-rows: auto 1fr;
    grid-template-areas: 'header header' 'nav main';
    min-height: 100vh;
  }
  /* Out of sight until a keyboard reader reaches it: the first stop of the page. */
  .skip {
    position: absolute;
    left: 0.5rem;
    top: -3rem;
    z-index: 1;
    padding: 0.4rem 0.75rem;
    border-radius: var(--wsp-radius, 6px);
    background: var(--wsp-surface, #fff);
    color: var(--wsp-accent, #2456c7);
  }
  .skip:focus {
    top: 0.5rem;
  }
  header {
    grid-area: header;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 1rem;
    padding: 0.75rem 1.25rem;
    border-bottom: 1px solid var(--wsp-border, #d5d9e2);
    background: var(--wsp-surface, #fff);
  }
  .site {
    font-weight: 700;
    font-size: 1.15rem;
    color: inherit;
    text-decoration: none;
  }
  .tagline {
    color: var(--wsp-muted, #5b6478);
  }
  /* Beside the lesson the list stays in view as the lesson scrolls; a list taller than the screen scrolls on its own. */
  nav.lessons {
    grid-area: nav;
    position: sticky;
    top: 0;
    align-self: start;
    box-sizing: border-box;
    max-height: 100vh;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 1rem 0.75rem;
  }
  /* The line between list and lesson is the lesson's: the sticky list is only as tall as itself. */
  nav.lessons + main {
    border-left: 1px solid var(--wsp-border, #d5d9e2);
  }
  .lessons h2,
  .not-found h2 {
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--wsp-muted, #5b6478);
    margin: 0 0 0.5rem 0.5rem;
  }
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
    counter-reset: lesson;
  }
  ol > li {
    counter-increment: lesson;
  }
  .lessons a {
    display: block;
    padding: 0.4rem 0.5rem;
    border-radius: var(--wsp-radius, 6px);
    color: inherit;
    text-decoration: none;
  }
  .lessons a::before {
    content: counter(lesson) '. ';
    color: var(--wsp-muted, #5b6478);
  }
  /* The playground stands beside the course: a page of its own, with no number. */
  .lessons .beside {
    margin: 0.75rem 0 0;
    padding-top: 0.75rem;
    border-top: 1px solid var(--wsp-border, #d5d9e2);
    font-size: 0.9rem;
  }
  .lessons .beside a::before {
    content: none;
  }
  .lessons .beside .summary {
    display: block;
    padding: 0 0.5rem;
    font-size: 0.8rem;
  }
  .lessons a:hover {
    background: var(--wsp-hover, #eef1f6);
  }
  .lessons a[aria-current='page'] {
    background: var(--wsp-current, #e2e9fb);
    font-weight: 600;
    box-shadow: inset 3px 0 0 var(--wsp-accent, #2456c7);
  }
  main {
    grid-area: main;
    padding: 1.5rem clamp(1rem, 4vw, 3rem) 4rem;
    min-width: 0;
  }
  main:focus {
    outline: none;
  }
  a:focus-visible {
    outline: 3px solid var(--wsp-focus, #f5a524);
    outline-offset: 2px;
  }
  .not-found {
    max-width: 42rem;
  }
  .not-found li {
    margin: 0.4rem 0;
  }
  .not-found a {
    color: var(--wsp-accent-text, #1d47a8);
  }
  .summary {
    color: var(--wsp-muted, #5b6478);
  }
  .problem {
    color: var(--wsp-error, #b42318);
  }
  wsp-theme-switch {
    margin-left: auto;
  }
  /* The shell's own quiet buttons: "All lessons" and "Reset progress". */
  .quiet {
    font: inherit;
    font-size: 0.85rem;
    min-height: 24px;
    padding: 0.2em 0.7em;
    border-radius: var(--wsp-radius, 6px);
    border: 1px solid var(--wsp-border-strong, #8a93a6);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .quiet:focus-visible {
    outline: 3px solid var(--wsp-focus, #f5a524);
    outline-offset: 2px;
  }
  .to-lessons {
    display: none;
  }
  .progress {
    display: block;
    font-size: 0.8rem;
    font-weight: 400;
  }
  .sections {
    list-style: none;
    margin: 0.15rem 0 0.4rem 1.4rem;
    padding: 0;
    font-size: 0.88rem;
  }
  .sections a {
    /* 24 px at least: a finger must hit one link, not its neighbour (WCAG 2.5.8). */
    min-height: 24px;
    padding: 0.3rem 0.5rem;
    color: var(--wsp-muted, #5b6478);
  }
  .sections a::before {
    content: none;
  }
  .reset,
  .reset-ask {
    margin: 1rem 0.5rem 0;
  }
  .reset-ask p,
  .reset-done {
    margin: 0 0.5rem 0.25rem 0;
    color: var(--wsp-muted, #5b6478);
    font-size: 0.9rem;
  }
  .pager {
    display: flex;
    justify-content: space-between;
    flex-wrap: wrap;
    gap: 1rem;
    max-width: var(--wsp-measure, 46rem);
    margin-top: 3rem;
    padding-top: 1rem;
    border-top: 1px solid var(--wsp-border, #d5d9e2);
  }
  .pager a {
    color: var(--wsp-accent-text, #1d47a8);
    font-weight: 600;
  }
  .done {
    color: var(--wsp-muted, #5b6478);
  }
  @media (max-width: 48rem) {
    /* On a phone the list is a menu that "All lessons" opens under the header: in place, and first in reading order as in the DOM. */
    :host {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: auto auto 1fr;
      grid-template-areas: 'header' 'nav' 'main';
    }
    .to-lessons {
      display: inline-block;
      margin-left: auto;
    }
    /* Open or closed at a glance; the alt text after the slash is empty, as aria-expanded already says it. */
    .to-lessons::after {
      content: ' ▾' / '';
    }
    .to-lessons[aria-expanded='true']::after {
      content: ' ▴' / '';
    }
    .to-lessons + wsp-theme-switch {
      margin-left: 0.5rem;
    }
    nav.lessons {
      position: static;
      max-height: none;
      overflow: visible;
      border-bottom: 1px solid var(--wsp-border, #d5d9e2);
      background: var(--wsp-surface, #fff);
    }
    nav.lessons:not(.open) {
      display: none;
    }
    nav.lessons + main {
      border-left: none;
    }
  }
`;
