/**
 * Defines the lesson's demo elements, all together, the first time the reader
 * comes near one (wsp-on-approach): one chunk and the few it shares, rather
 * than a chunk per demo and a score of small ones between them, each a
 * request and a script to compile for a phone.
 */
import './wsp-close-client-demo.ts';
import './wsp-close-code-table.ts';
import './wsp-close-connecting-demo.ts';
import './wsp-close-drop-demo.ts';
import './wsp-close-server-demo.ts';
