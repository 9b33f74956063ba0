/**
 * Defines the lesson's demo elements, all together, the first time the reader
 * comes near one (wsp-on-approach): one chunk and the few it shares, rather
 * than a chunk per demo and a score of small ones between them, each a
 * request and a script to compile for a phone.
 */
import '../../components/wsp-frame-bytes.ts';
import './wsp-frame-demo.ts';
import './wsp-frame-lab.ts';
